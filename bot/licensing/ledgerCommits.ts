import { randomBytes } from 'node:crypto';
import type { BatchWrite } from '../storage/documentStore';
import type { Holders, LedgerCache } from './ledgerCache';
import {
  CHUNK_GRACE_MS,
  emptyLedger,
  ledgerId,
  planCommit,
  seatsId,
  type SeatsDocument,
  type AssignmentRecord,
  type ChunkDocument,
  type LedgerChange,
  type LedgerDocument,
  type LedgerLimits,
} from './ledgerDocuments';
import type { LicensingStore } from './licensingStore';
import { LicenseError } from './model';
import { holders, type DirectoryView } from './seats';

/** An app's ledger as read: the document, its etag (absent before the first commit) and every direct assignment. */
export interface LedgerState {
  doc: LedgerDocument;
  etag?: string;
  chunkContents: Map<string, readonly AssignmentRecord[]>;
  assignments: AssignmentRecord[];
  /** Set by `commit` once it has tried to write this state's successor. */
  commitTried?: boolean;
}

/** What a decision returns when its commit lost to another writer: decide again on a fresh read. */
export const CONFLICT = Symbol('conflict');

const LEDGER_READ_ATTEMPTS = 5;
/** Transactional batches of a commit sent while the head is unchanged (a failure that was not a conflict). */
const BATCH_ATTEMPTS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface LedgerCommitsDeps {
  store: LicensingStore;
  cache: LedgerCache;
  now: () => Date;
  limits: LedgerLimits;
  /** Conditional commits tried before answering `Busy`. */
  commitAttempts: number;
}

/**
 * The optimistic-commit engine under every change: reads an app's ledger head and chunks as one
 * consistent state, and commits a change with one conditional replace (IfMatch), again on a fresh
 * read while another writer commits first. Nothing here knows what a change means; the operations
 * (ledger.ts, confirmations.ts) decide it.
 */
export class LedgerCommits {
  constructor(private readonly deps: LedgerCommitsDeps) {}

  /**
   * Reads an app's ledger and all its chunks as one consistent state: the head is always read; a
   * chunk's contents come from the cache when this instance has seen that (immutable) chunk id.
   */
  async load(tenantId: string, appId: string): Promise<LedgerState> {
    const { store, cache, now } = this.deps;
    for (let attempt = 0; attempt < LEDGER_READ_ATTEMPTS; attempt++) {
      const stored = await store.read<LedgerDocument>(tenantId, ledgerId(appId));
      const doc = stored?.doc ?? emptyLedger(tenantId, appId, now().toISOString());
      const contents = contentsOf(doc, await this.chunksOf(tenantId, doc.chunks));

      // A missing chunk means a commit replaced it after our read of the ledger: read again.
      if (contents) {
        if (stored) cache.putHead(tenantId, appId, stored.doc, stored.etag);
        return {
          doc,
          etag: stored?.etag,
          chunkContents: contents,
          assignments: allAssignments(doc, contents),
        };
      }
    }
    throw new LicenseError('Busy', { appId });
  }

  /**
   * The contents of these chunks: from the cache (an id's contents never change), the others read in
   * one bulk request and remembered. A chunk deleted meanwhile is absent. The answer holds everything
   * found, whatever the (bounded) cache evicts meanwhile.
   */
  async chunksOf(
    tenantId: string,
    chunks: { id: string }[],
  ): Promise<Map<string, readonly AssignmentRecord[]>> {
    const { store, cache } = this.deps;
    const contents = new Map<string, readonly AssignmentRecord[]>();
    const unseen: string[] = [];
    for (const { id } of chunks) {
      const cached = cache.chunk(tenantId, id);
      if (cached) contents.set(id, cached);
      else unseen.push(id);
    }
    if (unseen.length === 0) return contents;
    for (const [id, stored] of await store.readMany<ChunkDocument>(tenantId, unseen)) {
      contents.set(id, stored.doc.assignments);
      cache.putChunk(tenantId, id, stored.doc.assignments);
    }
    return contents;
  }

  /** The users holding the app in this state; reused while its head (etag) and group expansions are. */
  async holdersOf(
    state: { doc: LedgerDocument; etag?: string; assignments: readonly AssignmentRecord[] },
    view: DirectoryView,
  ): Promise<ReadonlySet<string>> {
    const { tenantId, appId } = state.doc;
    const known = this.deps.cache.holders(tenantId, appId, state.etag);
    if (known) return known.users;
    const computed = await holders(state.assignments, view);
    this.deps.cache.putHolders(tenantId, appId, state.etag, computed);
    return computed.users;
  }

  /**
   * Writes a change: archived audit entries and new chunks first (unreferenced until the commit),
   * then the ledger document with IfMatch together with its seat summary (one transactional batch:
   * both or neither), then removes chunks it no longer references. False when another writer
   * committed first. `view`: the directory the change was decided with (the summary counts with it).
   */
  async commit(state: LedgerState, change: LedgerChange, view: DirectoryView): Promise<boolean> {
    const { store, cache, now, limits } = this.deps;
    const tenantId = state.doc.tenantId;
    state.commitTried = true;
    const startedAt = now().getTime();
    const plan = planCommit(
      state.doc,
      state.chunkContents,
      change,
      limits,
      now(),
      // Chunk ids must never repeat (their contents are cached by id): 64 random bits per attempt.
      randomBytes(8).toString('hex'),
    );
    await store.upsertMany(tenantId, [
      ...plan.archive,
      ...(plan.auditDetail ? [plan.auditDetail] : []),
      ...plan.auditUsers,
      ...(change.before ?? []),
    ]);
    for (const chunk of plan.newChunks) {
      const written = await store.upsert(chunk);
      if (!written.ok) throw new LicenseError('StorageUnavailable', { reason: written.reason });
      // Written under a fresh id: these are its contents wherever it is read.
      cache.putChunk(tenantId, chunk.id, chunk.assignments);
    }
    const summary = await this.summarise(plan, state.chunkContents, view);
    // A sweep may delete unreferenced chunks after CHUNK_GRACE_MS: never reference one that old.
    const fresh = now().getTime() - startedAt < CHUNK_GRACE_MS / 2;
    let committed = false;
    try {
      if (fresh) {
        const etag = await this.writeHead(state, plan.ledger, summary.doc);
        committed = etag !== undefined;
        if (etag !== undefined) {
          cache.putHead(tenantId, state.doc.appId, plan.ledger, etag);
          // The next operation on this app starts from these holders instead of counting them again.
          cache.putHolders(tenantId, state.doc.appId, etag, summary.holders);
        } else cache.forgetHead(tenantId, state.doc.appId);
      }
    } catch (error) {
      cache.forgetHead(tenantId, state.doc.appId);
      // The write may have been applied and only its answer lost: "nothing changed" could be false.
      if (error instanceof LicenseError && error.kind === 'StorageUnavailable') {
        throw new LicenseError('StorageUncertain', error.params);
      }
      throw error;
    }
    if (committed) {
      await this.discardChunks(tenantId, plan.obsoleteChunks);
    } else if (plan.newChunks.length > 0) {
      // 412 can also mean our own write landed and only its answer was lost (the store retried):
      // delete only the new chunks the current ledger does not reference.
      const current = await store.read<LedgerDocument>(tenantId, state.doc.id);
      const referenced = new Set(current?.doc.chunks.map((chunk) => chunk.id));
      await this.discardChunks(
        tenantId,
        plan.newChunks.map((chunk) => chunk.id).filter((id) => !referenced.has(id)),
      );
    }
    return committed;
  }

  /**
   * The head and its seat summary in one transactional batch, conditional on the head read. Its new
   * ETag, or undefined when another writer's head is there now. A batch that failed otherwise (the
   * head is still the one read) is sent again a few times before storage counts as unavailable.
   */
  private async writeHead(
    state: LedgerState,
    head: LedgerDocument,
    summary: SeatsDocument,
  ): Promise<string | undefined> {
    const { store } = this.deps;
    const headWrite: BatchWrite = state.etag
      ? { kind: 'replace', doc: head, ifMatch: state.etag }
      : { kind: 'create', doc: head };
    for (let attempt = 1; ; attempt++) {
      const written = await store.writeAll(head.tenantId, [headWrite, { kind: 'upsert', doc: summary }]);
      if (written.ok) return written.etags[0];
      // Refused or failed: the head says which (the SDK gives a refused batch no status).
      const current = await store.read<LedgerDocument>(head.tenantId, head.id);
      if (current?.etag !== state.etag) return undefined;
      if (attempt >= BATCH_ATTEMPTS) throw new LicenseError('StorageUnavailable', { reason: 'batch' });
      await sleep(20 * attempt);
    }
  }

  /** The seat summary of the head a plan writes, counted with the directory the change was decided with. */
  private async summarise(
    plan: { ledger: LedgerDocument; newChunks: ChunkDocument[] },
    before: Map<string, readonly AssignmentRecord[]>,
    view: DirectoryView,
  ): Promise<{ doc: SeatsDocument; holders: Holders }> {
    const head = plan.ledger;
    const contents = new Map(before);
    for (const chunk of plan.newChunks) contents.set(chunk.id, chunk.assignments);
    const assignments = allAssignments(head, contents);
    const counted = await holders(assignments, view);
    const groups: Record<string, string> = {};
    for (const record of assignments) {
      if (record.k === 'g') groups[record.id.toLowerCase()] = (await view.expansion(record.id)).fingerprint();
    }
    return {
      doc: {
        id: seatsId(head.appId),
        tenantId: head.tenantId,
        type: 'seats',
        appId: head.appId,
        version: head.version,
        users: counted.users.size,
        held: assignments.length > 0,
        groups,
      },
      holders: counted,
    };
  }

  /**
   * Decides a change against the app's ledger and commits it, again on a fresh read while another
   * writer commits first. The first try uses the head this instance saw last, when it has one: a
   * commit on it succeeds only if it is still current (IfMatch), which saves the read. Whatever else
   * the decision on it ends in — a refusal, nothing to change, a refused commit — is decided again on
   * a fresh read straight away, so nothing an admin is told rests on a head that may be stale.
   */
  async untilCommitted<T>(
    tenantId: string,
    appId: string,
    decide: (state: LedgerState) => Promise<T | typeof CONFLICT>,
  ): Promise<T> {
    const latest = await this.latestState(tenantId, appId);
    if (latest) {
      try {
        const result = await decide(latest);
        if (result !== CONFLICT && latest.commitTried) return result;
      } catch (error) {
        if (latest.commitTried || !(error instanceof LicenseError)) throw error;
      }
    }
    const attempts = this.deps.commitAttempts;
    for (let i = 0; i < attempts; i++) {
      const result = await decide(await this.load(tenantId, appId));
      if (result !== CONFLICT) return result;
      await sleep(Math.random() * Math.min(200, 5 * 2 ** Math.min(i, 6)));
    }
    throw new LicenseError('Busy', { attempts });
  }

  /** The state from the newest head this instance saw, if it has one and every chunk it names. */
  private async latestState(tenantId: string, appId: string): Promise<LedgerState | undefined> {
    const head = this.deps.cache.latestHead(tenantId, appId);
    if (!head) return undefined;
    const contents = contentsOf(head.doc, await this.chunksOf(tenantId, head.doc.chunks));
    if (!contents) return undefined;
    return {
      doc: head.doc,
      etag: head.etag,
      chunkContents: contents,
      assignments: allAssignments(head.doc, contents),
    };
  }

  private async discardChunks(tenantId: string, ids: string[]): Promise<void> {
    for (const id of ids) {
      try {
        await this.deps.store.delete(tenantId, id);
      } catch (error) {
        if (!(error instanceof LicenseError)) throw error;
      }
    }
  }
}

/** The contents of every chunk of `doc`; undefined if one is missing (replaced by a commit since). */
export function contentsOf(
  doc: LedgerDocument,
  found: Map<string, readonly AssignmentRecord[]>,
): Map<string, readonly AssignmentRecord[]> | undefined {
  const contents = new Map<string, readonly AssignmentRecord[]>();
  for (const chunk of doc.chunks) {
    const records = found.get(chunk.id);
    if (!records) return undefined;
    contents.set(chunk.id, records);
  }
  return contents;
}

export function allAssignments(
  doc: LedgerDocument,
  contents: Map<string, readonly AssignmentRecord[]>,
): AssignmentRecord[] {
  return [...doc.chunks.flatMap((chunk) => contents.get(chunk.id) ?? []), ...doc.inline];
}

/** Whether a commit of this operation (recognised by its audit entry) is in the state. */
export function ownCommitLanded(state: LedgerState, opId: string): boolean {
  return state.doc.recentAudit.some((record) => record.opId === opId);
}
