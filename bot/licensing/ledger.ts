import { randomBytes, randomUUID } from 'node:crypto';
import type { Directory, Principal } from '../directory/directory';
import type { DocumentStore } from '../storage/documentStore';
import { CatalogStore } from './catalogStore';
import { LedgerCache } from './ledgerCache';
import {
  DEFAULT_LIMITS,
  assignmentKey,
  auditDocId,
  confirmationDocId,
  emptyLedger,
  ledgerId,
  planCommit,
  toAuditEntry,
  type AssignmentRecord,
  type AuditDetailDocument,
  type AuditDocument,
  type ChunkDocument,
  type ConfirmationDocument,
  type LedgerChange,
  type LedgerDocument,
  type LedgerLimits,
} from './ledgerDocuments';
import {
  LicenseError,
  type Actor,
  type AppDetails,
  type AppSeats,
  type AssignOutcome,
  type AuditEntry,
  type CatalogApp,
  type Confirmation,
  type Holder,
  type PrincipalRef,
  type UnassignOutcome,
  type UnassignPreview,
} from './model';
import { DirectoryView, holders, seatSummary, toRef, usersOf } from './seats';
import { planUnassign, type PlannedUnassign } from './unassignPreview';

export interface LedgerDeps {
  store: DocumentStore;
  directory: Directory;
  now?: () => Date;
  /** How long an unassign confirmation can be used (default 15 minutes). */
  confirmationTtlMs?: number;
  limits?: Partial<LedgerLimits>;
  /** Conditional commits tried before answering `Busy` (default 25). */
  commitAttempts?: number;
  /** Chunk contents, holder sets and group expansions kept between operations (default: one per ledger). */
  cache?: LedgerCache;
  /** Without `cache`: how long a group's expansion is reused (default 10 s; 0: ask the directory every time). */
  membershipCacheMs?: number;
  /**
   * How long this instance reuses a tenant's catalog before reading it again (default 0: read on
   * every operation). The catalog is written by the vendor side; a purchase shows up after at most this.
   */
  catalogCacheMs?: number;
}

export type ConfirmationStatus = 'pending' | 'used' | 'cancelled' | 'expired';

/** An app's ledger as read: the document, its etag (absent before the first commit) and every direct assignment. */
interface LedgerState {
  doc: LedgerDocument;
  etag?: string;
  chunkContents: Map<string, readonly AssignmentRecord[]>;
  assignments: AssignmentRecord[];
  /** Set by `commit` once it has tried to write this state's successor. */
  commitTried?: boolean;
}

const CONFLICT = Symbol('conflict');
/** Unreferenced chunks younger than this are never swept: a commit may be about to reference them. */
const CHUNK_GRACE_MS = 60 * 60 * 1000;
const LEDGER_READ_ATTEMPTS = 5;
/** Archived audit entries `history` reads by id in one bulk request (Cosmos allows 100 operations). */
const HISTORY_BULK_READ = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Seats, assignments, unassign confirmations and the audit trail of a tenant's ISV apps.
 * Each app's ledger document is its single commit point: a change is decided against the state
 * read and written with one conditional replace (IfMatch); on 412 it is re-read and re-decided.
 * Nothing another instance needs is kept in memory, so any number of instances can share the container:
 * the cache (ledgerCache.ts) holds immutable chunk contents and confirmations, what derives from one
 * write of a ledger head (named by its etag), group expansions for a few seconds, and the newest head
 * seen per app — only as the first guess of a change, which its IfMatch commit proves or refutes.
 * Views read the heads afresh.
 */
export class LicenseLedger {
  private readonly store: DocumentStore;
  private readonly directory: Directory;
  private readonly now: () => Date;
  private readonly confirmationTtlMs: number;
  private readonly limits: LedgerLimits;
  private readonly commitAttempts: number;
  private readonly catalogs: CatalogStore;
  private readonly cache: LedgerCache;

  constructor(deps: LedgerDeps) {
    this.store = deps.store;
    this.directory = deps.directory;
    this.now = deps.now ?? (() => new Date());
    this.confirmationTtlMs = deps.confirmationTtlMs ?? 15 * 60 * 1000;
    this.limits = { ...DEFAULT_LIMITS, ...deps.limits };
    this.commitAttempts = deps.commitAttempts ?? 25;
    this.catalogs = new CatalogStore(this.store, this.now, deps.catalogCacheMs);
    this.cache = deps.cache ?? new LedgerCache({ membershipMs: deps.membershipCacheMs });
  }

  putCatalog(tenantId: string, apps: CatalogApp[]): Promise<void> {
    return this.catalogs.put(tenantId, apps);
  }

  getCatalog(tenantId: string): Promise<CatalogApp[]> {
    return this.catalogs.get(tenantId);
  }

  async listApps(tenantId: string): Promise<AppSeats[]> {
    const apps = await this.catalogs.get(tenantId);
    const found = await this.store.readMany<LedgerDocument>(
      tenantId,
      apps.map((app) => ledgerId(app.appId)),
    );
    const heads = apps.map((app) => found.get(ledgerId(app.appId)));
    for (const head of heads) if (head) this.cache.putHead(tenantId, head.doc.appId, head.doc, head.etag);
    // A head already counted (same etag, group expansions still valid) needs nothing more; the
    // others need their chunks, read in one request for those this instance has not seen.
    const known = heads.map((head) => head && this.cache.holders(tenantId, head.doc.appId, head.etag));
    const read = await this.chunksOf(
      tenantId,
      heads.flatMap((head, i) => (head && !known[i] ? head.doc.chunks : [])),
    );
    const view = this.view(tenantId);
    return Promise.all(
      apps.map(async (app, i) => {
        const head = heads[i];
        let users: ReadonlySet<string> = known[i]?.users ?? new Set();
        if (head && !known[i]) {
          const contents = this.contentsOf(head.doc, read);
          // A commit replaced this app's chunks between our two reads: read it again on its own.
          const state = contents
            ? { doc: head.doc, etag: head.etag, assignments: allAssignments(head.doc, contents) }
            : await this.loadLedger(tenantId, app.appId);
          users = await this.holdersOf(state, view);
        }
        return { app, ...seatSummary(app.seatsPurchased, users.size) };
      }),
    );
  }

  /** `known`: the catalog entry the caller read this turn (saves reading the catalog again). */
  async details(
    tenantId: string,
    appId: string,
    offset = 0,
    pageSize = 10,
    known?: CatalogApp,
  ): Promise<AppDetails> {
    const [app, state] = await Promise.all([
      known?.appId === appId ? known : this.catalogs.app(tenantId, appId),
      this.loadLedger(tenantId, appId),
    ]);
    const view = this.view(tenantId);
    const users = await this.holdersOf(state, view);
    // Groups first, then users, each in the order they were assigned: stable without reading names.
    const ordered = [
      ...state.assignments.filter((record) => record.k === 'g'),
      ...state.assignments.filter((record) => record.k === 'u'),
    ];
    const start = Math.max(0, Math.floor(offset));
    const page = ordered.slice(start, start + Math.max(1, Math.floor(pageSize)));
    const holders: Holder[] = await Promise.all(
      page.map(async (record) => {
        const ref = await view.ref(record.k === 'u' ? 'user' : 'group', record.id);
        return {
          ...ref,
          ...(record.k === 'g' ? { memberCount: (await view.groupMembers(record.id)).length } : {}),
          assignedAt: record.at,
          assignedBy: record.by,
        };
      }),
    );
    const next = start + page.length;
    return {
      app,
      ...seatSummary(app.seatsPurchased, users.size),
      holders,
      totalHolders: ordered.length,
      ...(next < ordered.length ? { nextOffset: next } : {}),
    };
  }

  async assign(
    actor: Actor,
    appId: string,
    principalIds: string[],
    known?: CatalogApp,
  ): Promise<AssignOutcome> {
    this.checkRequestSize(principalIds, 'NothingToAssign');
    const view = this.view(actor.tenantId);
    const [app, principals] = await Promise.all([
      known?.appId === appId ? known : this.catalogs.app(actor.tenantId, appId),
      view.resolveAll(principalIds),
    ]);
    const opId = randomUUID();
    let attempted: AssignOutcome | undefined;
    return this.untilCommitted(actor.tenantId, appId, async (state) => {
      if (attempted && ownCommitLanded(state, opId)) return attempted;
      const held = this.cache.assignmentKeys(actor.tenantId, appId, state.etag, state.assignments);
      const already = principals.filter((principal) => held.has(keyOf(principal)));
      const toAdd = principals.filter((principal) => !held.has(keyOf(principal)));
      const before = await this.holdersOf(state, view);
      // The users who would newly hold it, each counted for the first principal that gives it to them;
      // `before` is shared with the cache and never modified.
      const added = new Set<string>();
      const newSeats = toAdd.map(() => 0);
      for (const [i, principal] of toAdd.entries()) {
        for (const user of await usersOf(principal.kind === 'user' ? 'u' : 'g', principal.id, view))
          if (!before.has(user) && !added.has(user)) {
            added.add(user);
            newSeats[i]++;
          }
      }
      const after = { size: before.size + added.size };
      const needed = after.size - before.size;
      if (needed > 0 && after.size > app.seatsPurchased) {
        throw new LicenseError('NotEnoughSeats', {
          needed,
          available: Math.max(0, app.seatsPurchased - before.size),
          purchased: app.seatsPurchased,
          assigned: before.size,
        });
      }
      const outcome: AssignOutcome = {
        app,
        assigned: toAdd.map(toRef),
        newSeats,
        alreadyAssigned: already.map(toRef),
        seatsBefore: before.size,
        seatsAfter: after.size,
        seats: seatSummary(app.seatsPurchased, after.size),
      };
      if (toAdd.length === 0) return outcome;
      const at = this.now().toISOString();
      attempted = outcome;
      const committed = await this.commit(state, {
        add: toAdd.map((principal) => ({
          k: principal.kind === 'user' ? 'u' : 'g',
          id: principal.id,
          at,
          by: actor.name,
        })),
        audit: {
          opId,
          action: 'assign',
          appId,
          principals: outcome.assigned,
          actor: { userId: actor.userId, name: actor.name },
          at,
          seatsBefore: before.size,
          seatsAfter: after.size,
        },
      });
      return committed ? outcome : CONFLICT;
    });
  }

  async previewUnassign(actor: Actor, appId: string, principalIds: string[]): Promise<UnassignPreview> {
    return (await this.planUnassign(actor, appId, principalIds)).preview;
  }

  async prepareUnassign(
    actor: Actor,
    appId: string,
    principalIds: string[],
    known?: CatalogApp,
  ): Promise<Confirmation> {
    const plan = await this.planUnassign(actor, appId, principalIds, known);
    if (plan.preview.effects.length === 0) {
      throw new LicenseError('NothingToUnassign', {
        appId,
        principals: plan.preview.notAssigned.map((ref) => ref.displayName).join(', '),
      });
    }
    const now = this.now();
    const confirmationId = randomUUID();
    const doc: ConfirmationDocument = {
      id: confirmationDocId(confirmationId),
      tenantId: actor.tenantId,
      type: 'confirmation',
      confirmationId,
      appId,
      adminId: actor.userId,
      adminName: actor.name,
      principals: plan.requested,
      preview: plan.preview,
      fingerprint: plan.fingerprint,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.confirmationTtlMs).toISOString(),
      status: 'pending',
    };
    const written = await this.store.create(doc);
    // The id is a fresh UUID: a conflict means a retried create whose first answer was lost.
    if (!written.ok && written.reason !== 'conflict')
      throw new LicenseError('StorageUnavailable', { reason: written.reason });
    this.cache.putConfirmation(doc);
    return { confirmationId, expiresAt: doc.expiresAt, preview: plan.preview };
  }

  async confirmUnassign(actor: Actor, confirmationId: string): Promise<UnassignOutcome> {
    const [{ doc: confirmation }, apps] = await Promise.all([
      this.usableConfirmation(actor, confirmationId),
      this.catalogs.get(actor.tenantId),
    ]);
    const app = apps.find((candidate) => candidate.appId === confirmation.appId);
    if (!app) throw new LicenseError('AppNotFound', { appId: confirmation.appId });
    const view = this.view(actor.tenantId);
    const opId = randomUUID();
    let attempted: UnassignOutcome | undefined;
    return this.untilCommitted(actor.tenantId, confirmation.appId, async (state) => {
      if (attempted && ownCommitLanded(state, opId)) return attempted;
      throwIfSettled(state.doc, confirmationId);
      const plan = await planUnassign(
        app,
        state.assignments,
        confirmation.principals,
        view,
        await this.holdersOf(state, view),
      );
      if (plan.fingerprint !== confirmation.fingerprint) {
        throw new LicenseError('ConfirmationChanged', { confirmationId, appId: app.appId });
      }
      const at = this.now().toISOString();
      attempted = {
        app,
        removed: plan.removed,
        seatsBefore: plan.preview.seatsBefore,
        seatsAfter: plan.preview.seatsAfter,
        seats: seatSummary(app.seatsPurchased, plan.preview.seatsAfter),
      };
      const committed = await this.commit(state, {
        remove: plan.remove,
        audit: {
          opId,
          action: 'unassign',
          appId: app.appId,
          principals: plan.removed,
          actor: { userId: actor.userId, name: actor.name },
          at,
          seatsBefore: plan.preview.seatsBefore,
          seatsAfter: plan.preview.seatsAfter,
          confirmationId,
        },
        settle: { id: confirmationId, status: 'used', expiresAt: confirmation.expiresAt },
      });
      return committed ? attempted : CONFLICT;
    });
  }

  /** Ends a pending confirmation; returns what it would have done (for the card that says so). */
  async cancelUnassign(actor: Actor, confirmationId: string): Promise<Confirmation> {
    const confirmation = await this.readConfirmation(actor, confirmationId);
    const shown = { confirmationId, expiresAt: confirmation.expiresAt, preview: confirmation.preview };
    if (confirmation.adminId !== actor.userId)
      throw new LicenseError('ConfirmationNotYours', { confirmationId, name: confirmation.adminName });
    if (confirmation.status === 'cancelled') return shown;
    if (confirmation.status === 'used') throw new LicenseError('ConfirmationUsed', { confirmationId });
    if (this.isExpired(confirmation)) throw new LicenseError('ConfirmationExpired', { confirmationId });
    await this.untilCommitted(actor.tenantId, confirmation.appId, async (state) => {
      const settled = state.doc.settled.find((entry) => entry.id === confirmationId);
      if (settled?.status === 'cancelled') return true;
      throwIfSettled(state.doc, confirmationId);
      const committed = await this.commit(state, {
        settle: { id: confirmationId, status: 'cancelled', expiresAt: confirmation.expiresAt },
      });
      return committed ? true : CONFLICT;
    });
    return shown;
  }

  async getConfirmation(
    actor: Actor,
    confirmationId: string,
  ): Promise<{ status: ConfirmationStatus; confirmation: Confirmation }> {
    const doc = await this.readConfirmation(actor, confirmationId);
    const confirmation = { confirmationId, expiresAt: doc.expiresAt, preview: doc.preview };
    if (doc.status !== 'pending') return { status: doc.status, confirmation };
    // The confirmation document is marked after the commit, best effort: the ledger is the truth.
    const ledger = await this.store.read<LedgerDocument>(actor.tenantId, ledgerId(doc.appId));
    const settled = ledger?.doc.settled.find((entry) => entry.id === confirmationId);
    if (settled) return { status: settled.status, confirmation };
    return { status: this.isExpired(doc) ? 'expired' : 'pending', confirmation };
  }

  /**
   * The newest `limit` entries, newest first: the ring in the ledger head, then up to 100 archived
   * ones before it by id (every entry is archived before it leaves the ring) in one bulk read; beyond
   * those, or where an archived entry is missing (deleted by hand), a paged query.
   */
  async history(tenantId: string, appId: string, limit = 10): Promise<AuditEntry[]> {
    const wanted = Math.max(0, Math.floor(limit));
    const ledger = await this.store.read<LedgerDocument>(tenantId, ledgerId(appId));
    if (!ledger) return [];
    this.cache.putHead(tenantId, appId, ledger.doc, ledger.etag);
    const entries = ledger.doc.recentAudit.map(toAuditEntry).reverse().slice(0, wanted);
    let oldestInRing = ledger.doc.recentAudit[0]?.seq ?? ledger.doc.auditSeq + 1;
    if (entries.length < wanted && oldestInRing > 1) {
      const seqs: number[] = [];
      const count = Math.min(HISTORY_BULK_READ, wanted - entries.length);
      for (let seq = oldestInRing - 1; seq >= 1 && seqs.length < count; seq--) seqs.push(seq);
      const archived = await this.store.readMany<AuditDocument>(
        tenantId,
        seqs.map((seq) => auditDocId(appId, seq)),
      );
      for (const seq of seqs) {
        const doc = archived.get(auditDocId(appId, seq));
        if (!doc) break;
        entries.push(doc.doc.entry);
        oldestInRing = seq;
      }
    }
    let continuation: string | undefined;
    while (entries.length < wanted && oldestInRing > 1) {
      const page = await this.store.queryPage<AuditDocument>(
        tenantId,
        {
          where: 'c.type = @type AND c.appId = @appId AND c.seq < @before',
          parameters: [
            { name: '@type', value: 'audit' },
            { name: '@appId', value: appId },
            { name: '@before', value: oldestInRing },
          ],
          orderBy: 'c.seq DESC',
        },
        { pageSize: Math.min(100, wanted - entries.length), continuation },
      );
      entries.push(...page.items.map((doc) => doc.entry).slice(0, wanted - entries.length));
      continuation = page.continuation;
      if (!continuation) break;
    }
    return entries;
  }

  /** Every principal an audit entry named (its ring copy may list only the first few). */
  async auditPrincipals(tenantId: string, entry: AuditEntry): Promise<PrincipalRef[]> {
    if (!entry.detailId) return entry.principals;
    const detail = await this.store.read<AuditDetailDocument>(tenantId, entry.detailId);
    if (!detail) throw new Error(`audit entry ${entry.seq} of ${entry.appId}: ${entry.detailId} is missing`);
    return detail.doc.principals;
  }

  /**
   * Housekeeping the container cannot do for us (no TTL on the embedded server): deletes
   * confirmations expired for longer than the settled retention, and chunks and audit details no
   * ledger references that are older than the grace period. Safe to run at any time, from any instance.
   */
  async sweep(tenantId: string): Promise<{ confirmations: number; chunks: number; auditDetails: number }> {
    const now = this.now().getTime();
    const deleted = { confirmations: 0, chunks: 0, auditDetails: 0 };
    const expiredBefore = new Date(now - this.limits.settledRetentionMs).toISOString();
    for await (const doc of this.scan<ConfirmationDocument>(
      tenantId,
      'c.type = @type AND c.expiresAt < @before',
      [
        { name: '@type', value: 'confirmation' },
        { name: '@before', value: expiredBefore },
      ],
    )) {
      if ((await this.store.delete(tenantId, doc.id)).ok) deleted.confirmations++;
    }
    // Chunks and audit details no ledger references: each app's head is read once for both.
    const createdBefore = new Date(now - CHUNK_GRACE_MS).toISOString();
    const heads = new Map<string, Promise<LedgerDocument | undefined>>();
    const headOf = (appId: string) => {
      let head = heads.get(appId);
      if (!head) {
        head = this.store.read<LedgerDocument>(tenantId, ledgerId(appId)).then((stored) => stored?.doc);
        heads.set(appId, head);
      }
      return head;
    };
    for await (const doc of this.scanCreatedBefore<ChunkDocument>(tenantId, 'chunk', createdBefore)) {
      const head = await headOf(doc.appId);
      if (head?.chunks.some((chunk) => chunk.id === doc.id)) continue;
      if ((await this.store.delete(tenantId, doc.id)).ok) deleted.chunks++;
    }
    for await (const doc of this.scanCreatedBefore<AuditDetailDocument>(
      tenantId,
      'auditDetail',
      createdBefore,
    )) {
      if (await this.auditDetailReferenced(doc, await headOf(doc.appId))) continue;
      if ((await this.store.delete(tenantId, doc.id)).ok) deleted.auditDetails++;
    }
    return deleted;
  }

  /** Whether the committed audit entry at the detail's sequence number is the one that names it. */
  private async auditDetailReferenced(doc: AuditDetailDocument, head?: LedgerDocument): Promise<boolean> {
    if (!head || doc.seq > head.auditSeq) return false;
    const inRing = head.recentAudit.find((entry) => entry.seq === doc.seq);
    if (inRing) return inRing.detailId === doc.id;
    const archived = await this.store.read<AuditDocument>(doc.tenantId, auditDocId(doc.appId, doc.seq));
    // Not archived: its entry is gone, or never was (an attempt that did not commit).
    return archived?.doc.entry.detailId === doc.id;
  }

  private scanCreatedBefore<T extends { id: string; tenantId: string }>(
    tenantId: string,
    type: 'chunk' | 'auditDetail',
    before: string,
  ): AsyncGenerator<T> {
    return this.scan<T>(tenantId, 'c.type = @type AND c.createdAt < @before', [
      { name: '@type', value: type },
      { name: '@before', value: before },
    ]);
  }

  private async *scan<T extends { id: string; tenantId: string }>(
    tenantId: string,
    where: string,
    parameters: { name: string; value: string }[],
  ): AsyncGenerator<T> {
    let continuation: string | undefined;
    do {
      const page = await this.store.queryPage<T>(
        tenantId,
        { where, parameters },
        { pageSize: 100, continuation },
      );
      yield* page.items;
      continuation = page.continuation;
    } while (continuation);
  }

  private checkRequestSize(principalIds: string[], empty: 'NothingToAssign' | 'NothingToUnassign'): void {
    if (principalIds.length === 0) throw new LicenseError(empty);
    if (principalIds.length > this.limits.principalsPerRequest) {
      throw new LicenseError('TooManyPrincipals', {
        max: this.limits.principalsPerRequest,
        named: principalIds.length,
      });
    }
  }

  private async planUnassign(
    actor: Actor,
    appId: string,
    principalIds: string[],
    known?: CatalogApp,
  ): Promise<PlannedUnassign & { requested: PrincipalRef[] }> {
    this.checkRequestSize(principalIds, 'NothingToUnassign');
    const view = this.view(actor.tenantId);
    const ids = [...new Map(principalIds.map((id) => [id.trim().toLowerCase(), id.trim()])).values()];
    const [app, found, state] = await Promise.all([
      known?.appId === appId ? known : this.catalogs.app(actor.tenantId, appId),
      Promise.all(ids.map((id) => view.principal(id))),
      this.loadLedger(actor.tenantId, appId),
    ]);
    // A principal deleted from the directory can still be unassigned by id while the ledger holds it.
    const requested = ids.map((id, i): PrincipalRef => {
      const principal = found[i];
      if (principal) return toRef(principal);
      const record = state.assignments.find((candidate) => candidate.id.toLowerCase() === id.toLowerCase());
      if (!record) throw new LicenseError('PrincipalNotFound', { principalId: id });
      return { kind: record.k === 'u' ? 'user' : 'group', id: record.id, displayName: record.id };
    });
    const unique = [
      ...new Map(requested.map((ref) => [`${ref.kind}:${ref.id.toLowerCase()}`, ref])).values(),
    ];
    const holding = await this.holdersOf(state, view);
    return { ...(await planUnassign(app, state.assignments, unique, view, holding)), requested: unique };
  }

  /** A confirmation this instance created is not read again: the document never changes. */
  private async readConfirmation(actor: Actor, confirmationId: string): Promise<ConfirmationDocument> {
    const id = confirmationDocId(confirmationId);
    // Once expired it may be swept away at any time: then only the store can say whether it is there.
    const cached = this.cache.confirmation(actor.tenantId, id);
    const doc =
      cached && !this.isExpired(cached)
        ? cached
        : (await this.store.read<ConfirmationDocument>(actor.tenantId, id))?.doc;
    // The read is confined to the actor's partition; the check repeats it in case an id was forged.
    if (!doc || doc.tenantId !== actor.tenantId || doc.confirmationId !== confirmationId) {
      throw new LicenseError('ConfirmationNotFound', { confirmationId });
    }
    return doc;
  }

  /** The confirmation, if this admin may still act on it; otherwise the reason. */
  private async usableConfirmation(
    actor: Actor,
    confirmationId: string,
  ): Promise<{ doc: ConfirmationDocument }> {
    const doc = await this.readConfirmation(actor, confirmationId);
    if (doc.adminId !== actor.userId) {
      throw new LicenseError('ConfirmationNotYours', { confirmationId, name: doc.adminName });
    }
    if (doc.status === 'used') throw new LicenseError('ConfirmationUsed', { confirmationId });
    if (doc.status === 'cancelled') throw new LicenseError('ConfirmationCancelled', { confirmationId });
    if (this.isExpired(doc)) throw new LicenseError('ConfirmationExpired', { confirmationId });
    return { doc };
  }

  private isExpired(doc: ConfirmationDocument): boolean {
    return this.now().getTime() > Date.parse(doc.expiresAt);
  }

  /**
   * Reads an app's ledger and all its chunks as one consistent state: the head is always read; a
   * chunk's contents come from the cache when this instance has seen that (immutable) chunk id.
   */
  private async loadLedger(tenantId: string, appId: string): Promise<LedgerState> {
    for (let attempt = 0; attempt < LEDGER_READ_ATTEMPTS; attempt++) {
      const stored = await this.store.read<LedgerDocument>(tenantId, ledgerId(appId));
      const doc = stored?.doc ?? emptyLedger(tenantId, appId, this.now().toISOString());
      const contents = this.contentsOf(doc, await this.chunksOf(tenantId, doc.chunks));

      // A missing chunk means a commit replaced it after our read of the ledger: read again.
      if (contents) {
        if (stored) this.cache.putHead(tenantId, appId, stored.doc, stored.etag);
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

  /** The state from the newest head this instance saw, if it has one and every chunk it names. */
  private async latestState(tenantId: string, appId: string): Promise<LedgerState | undefined> {
    const head = this.cache.latestHead(tenantId, appId);
    if (!head) return undefined;
    const contents = this.contentsOf(head.doc, await this.chunksOf(tenantId, head.doc.chunks));
    if (!contents) return undefined;
    return {
      doc: head.doc,
      etag: head.etag,
      chunkContents: contents,
      assignments: allAssignments(head.doc, contents),
    };
  }

  /**
   * The contents of these chunks: from the cache (an id's contents never change), the others read in
   * one bulk request and remembered. A chunk deleted meanwhile is absent. The answer holds everything
   * found, whatever the (bounded) cache evicts meanwhile.
   */
  private async chunksOf(
    tenantId: string,
    chunks: { id: string }[],
  ): Promise<Map<string, readonly AssignmentRecord[]>> {
    const contents = new Map<string, readonly AssignmentRecord[]>();
    const unseen: string[] = [];
    for (const { id } of chunks) {
      const cached = this.cache.chunk(tenantId, id);
      if (cached) contents.set(id, cached);
      else unseen.push(id);
    }
    if (unseen.length === 0) return contents;
    for (const [id, stored] of await this.store.readMany<ChunkDocument>(tenantId, unseen)) {
      contents.set(id, stored.doc.assignments);
      this.cache.putChunk(tenantId, id, stored.doc.assignments);
    }
    return contents;
  }

  /** The contents of every chunk of `doc`; undefined if one is missing (replaced by a commit since). */
  private contentsOf(
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

  private view(tenantId: string): DirectoryView {
    return new DirectoryView(this.directory, tenantId, this.cache);
  }

  /** The users holding the app in this state; reused while its head (etag) and group expansions are. */
  private async holdersOf(
    state: { doc: LedgerDocument; etag?: string; assignments: readonly AssignmentRecord[] },
    view: DirectoryView,
  ): Promise<ReadonlySet<string>> {
    const { tenantId, appId } = state.doc;
    const known = this.cache.holders(tenantId, appId, state.etag);
    if (known) return known.users;
    const computed = await holders(state.assignments, view);
    this.cache.putHolders(tenantId, appId, state.etag, computed);
    return computed.users;
  }

  /**
   * Writes a change: archived audit entries and new chunks first (unreferenced until the commit),
   * then the ledger document with IfMatch, then removes chunks it no longer references.
   * False when another writer committed first.
   */
  private async commit(state: LedgerState, change: LedgerChange): Promise<boolean> {
    const tenantId = state.doc.tenantId;
    state.commitTried = true;
    const startedAt = this.now().getTime();
    const plan = planCommit(
      state.doc,
      state.chunkContents,
      change,
      this.limits,
      this.now(),
      // Chunk ids must never repeat (their contents are cached by id): 64 random bits per attempt.
      randomBytes(8).toString('hex'),
    );
    await this.store.upsertMany(
      tenantId,
      plan.auditDetail ? [...plan.archive, plan.auditDetail] : plan.archive,
    );
    for (const chunk of plan.newChunks) {
      const written = await this.store.upsert(chunk);
      if (!written.ok) throw new LicenseError('StorageUnavailable', { reason: written.reason });
      // Written under a fresh id: these are its contents wherever it is read.
      this.cache.putChunk(tenantId, chunk.id, chunk.assignments);
    }
    // A sweep may delete unreferenced chunks after CHUNK_GRACE_MS: never reference one that old.
    const fresh = this.now().getTime() - startedAt < CHUNK_GRACE_MS / 2;
    let committed = false;
    try {
      if (fresh) {
        const written = state.etag
          ? await this.store.replace(plan.ledger, { ifMatch: state.etag })
          : await this.store.create(plan.ledger);
        committed = written.ok;
        if (written.ok) this.cache.putHead(tenantId, state.doc.appId, written.doc, written.etag);
        else this.cache.forgetHead(tenantId, state.doc.appId);
      }
    } catch (error) {
      this.cache.forgetHead(tenantId, state.doc.appId);
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
      const current = await this.store.read<LedgerDocument>(tenantId, state.doc.id);
      const referenced = new Set(current?.doc.chunks.map((chunk) => chunk.id));
      await this.discardChunks(
        tenantId,
        plan.newChunks.map((chunk) => chunk.id).filter((id) => !referenced.has(id)),
      );
    }
    return committed;
  }

  private async discardChunks(tenantId: string, ids: string[]): Promise<void> {
    for (const id of ids) {
      try {
        await this.store.delete(tenantId, id);
      } catch (error) {
        if (!(error instanceof LicenseError)) throw error;
      }
    }
  }

  /**
   * Decides a change against the app's ledger and commits it, again on a fresh read while another
   * writer commits first. The first try uses the head this instance saw last, when it has one: a
   * commit on it succeeds only if it is still current (IfMatch), which saves the read. Whatever else
   * the decision on it ends in — a refusal, nothing to change, a refused commit — is decided again on
   * a fresh read straight away, so nothing an admin is told rests on a head that may be stale.
   */
  private async untilCommitted<T>(
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
    for (let i = 0; i < this.commitAttempts; i++) {
      const result = await decide(await this.loadLedger(tenantId, appId));
      if (result !== CONFLICT) return result;
      await sleep(Math.random() * Math.min(200, 5 * 2 ** Math.min(i, 6)));
    }
    throw new LicenseError('Busy', { attempts: this.commitAttempts });
  }
}

const keyOf = (principal: Principal) =>
  assignmentKey({ k: principal.kind === 'user' ? 'u' : 'g', id: principal.id });

function ownCommitLanded(state: LedgerState, opId: string): boolean {
  return state.doc.recentAudit.some((record) => record.opId === opId);
}

function throwIfSettled(doc: LedgerDocument, confirmationId: string): void {
  const settled = doc.settled.find((entry) => entry.id === confirmationId);
  if (settled?.status === 'used') throw new LicenseError('ConfirmationUsed', { confirmationId });
  if (settled?.status === 'cancelled') throw new LicenseError('ConfirmationCancelled', { confirmationId });
}

function allAssignments(
  doc: LedgerDocument,
  contents: Map<string, readonly AssignmentRecord[]>,
): AssignmentRecord[] {
  return [...doc.chunks.flatMap((chunk) => contents.get(chunk.id) ?? []), ...doc.inline];
}
