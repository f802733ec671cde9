import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';
import {
  assignmentKey,
  type AssignmentRecord,
  type ConfirmationDocument,
  type LedgerDocument,
} from './ledgerDocuments';

/**
 * What a ledger instance keeps in memory between operations, all of it exact or bounded in age:
 *
 * - chunk contents by chunk id: chunk documents are immutable and an id is never reused (it carries
 *   the ledger version and a random nonce), so the contents of an id are the same in every instance
 *   for as long as the id exists; the ledger head, read on every operation, says which ids count.
 * - per ledger head (tenant, app, etag): the set of assignment keys and the users holding the app.
 *   An etag names one write of the head, so the assignments it derives from never change; the users
 *   also depend on group membership, so the entry is valid only while the expansions it used are.
 * - group expansions (lowercase, de-duplicated), re-asked from the directory after `membershipMs`.
 * - the newest ledger head this instance read or wrote, per app, with its etag. It may be stale
 *   (another instance may have committed since), so it is only a first guess for a change: the change
 *   is decided against it and committed with IfMatch on its etag; if the head moved, the commit is
 *   refused (412) and the change is decided again on a fresh read. Anything shown to an admin that
 *   does not end in such a commit (a refusal, "nothing to do", a view) is decided on a fresh read.
 * - unassign confirmations created here: immutable once written (their outcome is settled in the
 *   ledger head, never on the confirmation), so a copy is as good as a read.
 *
 * Nothing here is needed by another instance: losing it costs reads, never correctness.
 */

export interface LedgerCacheOptions {
  /** How long a group's expansion is reused before the directory is asked again (0: never reused). */
  membershipMs?: number;
  /** Assignment records kept in cached chunks. */
  maxChunkRecords?: number;
  /** Users kept in cached holder sets and group expansions (each). */
  maxUsers?: number;
  /** Newest ledger heads kept (one per app; a head is a few kB to at most a few hundred kB). */
  maxHeads?: number;
  /** Confirmations created by this instance kept until they are used or expire. */
  maxConfirmations?: number;
  /** Milliseconds, monotonic (default performance.now); tests pass their own. */
  clock?: () => number;
}

export const DEFAULT_MEMBERSHIP_CACHE_MS = 10_000;

export interface GroupExpansion {
  /** Distinct user ids, lowercase. */
  members: readonly string[];
  /** The same, as a set (built on first use). */
  set(): ReadonlySet<string>;
  /** Names this exact membership, whatever the order the directory listed it in (built on first use). */
  fingerprint(): string;
  /** The cache's clock time until which it may be reused. */
  validUntil: number;
}

export interface Holders {
  users: ReadonlySet<string>;
  validUntil: number;
}

interface HeadMemo {
  keys?: ReadonlySet<string>;
  holders?: Holders;
}

export class LedgerCache {
  readonly membershipMs: number;
  readonly now: () => number;
  private readonly chunks: LRUCache<string, readonly AssignmentRecord[]>;
  private readonly heads: LRUCache<string, HeadMemo>;
  private readonly groups: LRUCache<string, GroupExpansion>;
  private readonly latest: LRUCache<string, { doc: LedgerDocument; etag: string }>;
  private readonly headless: LRUCache<string, true>;
  private readonly confirmations: LRUCache<string, ConfirmationDocument>;

  constructor(options: LedgerCacheOptions = {}) {
    this.membershipMs = Math.max(0, options.membershipMs ?? DEFAULT_MEMBERSHIP_CACHE_MS);
    this.now = options.clock ?? (() => performance.now());
    // Together at most a few tens of MB: about 50 bytes per user id held, 150 per assignment record.
    const maxUsers = options.maxUsers ?? 250_000;
    this.chunks = new LRUCache({
      maxSize: options.maxChunkRecords ?? 200_000,
      sizeCalculation: (records) => Math.max(1, records.length),
    });
    this.heads = new LRUCache({
      maxSize: maxUsers,
      sizeCalculation: (memo) => 1 + (memo.keys?.size ?? 0) + (memo.holders?.users.size ?? 0),
    });
    this.groups = new LRUCache({
      maxSize: maxUsers,
      sizeCalculation: (expansion) => Math.max(1, expansion.members.length),
    });
    this.latest = new LRUCache({ max: options.maxHeads ?? 256 });
    this.headless = new LRUCache({ max: 10_000 });
    this.confirmations = new LRUCache({ max: options.maxConfirmations ?? 1000 });
  }

  /**
   * Apps found without a ledger head. Exact for as long as it is used with a seat summary read: the
   * first commit of an app writes its head and its summary together, so an app without a summary
   * still has no head (heads are never deleted).
   */
  headlessApp(tenantId: string, appId: string): boolean {
    return this.headless.has(tenantKey(tenantId, appId));
  }

  markHeadless(tenantId: string, appId: string): void {
    this.headless.set(tenantKey(tenantId, appId), true);
  }

  /** The newest head of this app known here (possibly stale: see above). */
  latestHead(tenantId: string, appId: string): { doc: LedgerDocument; etag: string } | undefined {
    return this.latest.get(tenantKey(tenantId, appId));
  }

  /** Only for a head just read from the store, or just written to it (with the etag it answered). */
  putHead(tenantId: string, appId: string, doc: LedgerDocument, etag: string): void {
    this.latest.set(tenantKey(tenantId, appId), { doc, etag });
  }

  forgetHead(tenantId: string, appId: string): void {
    this.latest.delete(tenantKey(tenantId, appId));
  }

  confirmation(tenantId: string, id: string): ConfirmationDocument | undefined {
    return this.confirmations.get(tenantKey(tenantId, id));
  }

  /** Only for a confirmation document successfully created with exactly these contents. */
  putConfirmation(doc: ConfirmationDocument): void {
    this.confirmations.set(tenantKey(doc.tenantId, doc.id), doc);
  }

  chunk(tenantId: string, chunkId: string): readonly AssignmentRecord[] | undefined {
    return this.chunks.get(tenantKey(tenantId, chunkId));
  }

  /** Only for contents read from, or successfully written to, the document with this id. */
  putChunk(tenantId: string, chunkId: string, records: readonly AssignmentRecord[]): void {
    this.chunks.set(tenantKey(tenantId, chunkId), records);
  }

  /** The assignment keys of a head (`u:<id>` / `g:<id>`). Without an etag (no document yet) nothing is kept. */
  assignmentKeys(
    tenantId: string,
    appId: string,
    etag: string | undefined,
    assignments: readonly AssignmentRecord[],
  ): ReadonlySet<string> {
    const memo = etag ? this.heads.get(headKey(tenantId, appId, etag)) : undefined;
    if (memo?.keys) return memo.keys;
    const keys = new Set(assignments.map(assignmentKey));
    if (etag) this.remember(tenantId, appId, etag, { ...memo, keys });
    return keys;
  }

  holders(tenantId: string, appId: string, etag: string | undefined): Holders | undefined {
    if (!etag) return undefined;
    const holders = this.heads.get(headKey(tenantId, appId, etag))?.holders;
    return holders && holders.validUntil > this.now() ? holders : undefined;
  }

  putHolders(tenantId: string, appId: string, etag: string | undefined, holders: Holders): void {
    if (!etag || holders.validUntil <= this.now()) return;
    const memo = this.heads.get(headKey(tenantId, appId, etag));
    this.remember(tenantId, appId, etag, { ...memo, holders });
  }

  group(tenantId: string, groupId: string): GroupExpansion | undefined {
    const found = this.groups.get(groupKey(tenantId, groupId));
    return found && found.validUntil > this.now() ? found : undefined;
  }

  putGroup(tenantId: string, groupId: string, expansion: GroupExpansion): void {
    if (expansion.validUntil > this.now()) this.groups.set(groupKey(tenantId, groupId), expansion);
  }

  private remember(tenantId: string, appId: string, etag: string, memo: HeadMemo): void {
    this.heads.set(headKey(tenantId, appId, etag), memo);
  }
}

/** A group expansion from the directory's answer, valid for `ttlMs` from `now`. */
export function groupExpansion(ids: readonly string[], now: number, ttlMs: number): GroupExpansion {
  const members = [...new Set(ids.map((id) => id.toLowerCase()))];
  let set: ReadonlySet<string> | undefined;
  let fingerprint: string | undefined;
  return {
    members,
    set: () => (set ??= new Set(members)),
    fingerprint: () => (fingerprint ??= membershipFingerprint(members)),
    validUntil: now + ttlMs,
  };
}

/**
 * The member count and two independent 32-bit sums of per-member FNV-1a hashes: independent of
 * order, changed by any member joining or leaving (a collision needs two changes whose hashes
 * cancel in both sums at once).
 */
export function membershipFingerprint(members: readonly string[]): string {
  let a = 0;
  let b = 0;
  for (const member of members) {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ member.length;
    for (let i = 0; i < member.length; i++) {
      const c = member.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    a = (a + (h1 >>> 0)) >>> 0;
    b = (b + (h2 >>> 0)) >>> 0;
  }
  return `${members.length}:${a.toString(36)}:${b.toString(36)}`;
}

// JSON keeps the parts apart whatever characters they contain (the tenant comes from the activity).
// A chunk, an app or a confirmation id within its tenant (each kind has its own LRU).
const tenantKey = (tenantId: string, id: string) => JSON.stringify([tenantId, id]);
const headKey = (tenantId: string, appId: string, etag: string) => JSON.stringify([tenantId, appId, etag]);
const groupKey = (tenantId: string, groupId: string) => JSON.stringify([tenantId, groupId.toLowerCase()]);
