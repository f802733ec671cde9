import type { TenantDocument } from '../storage/documentStore';
import type { AuditEntry, CatalogApp, PrincipalRef, UnassignPreview } from './model';

/**
 * The documents of one tenant's partition and how a change to an app's assignments is laid out as
 * writes. The ledger document (`ledger:<appId>`) is the single commit point of an app: assignments,
 * the recent audit trail and settled confirmations change together in one conditional replace.
 * Everything else is written before that replace (so a crash leaves only unreferenced leftovers)
 * or cleaned up after it (best effort).
 */

export interface CatalogDocument {
  id: 'catalog';
  tenantId: string;
  type: 'catalog';
  apps: CatalogApp[];
  updatedAt: string;
}

/** One direct assignment, kept compact: thousands live in one document. */
export interface AssignmentRecord {
  k: 'u' | 'g';
  id: string;
  /** When it was assigned (ISO). */
  at: string;
  /** The admin's name. */
  by: string;
  /** When the seat ends (ISO): the seat-ends job removes it then (seatEnds.ts). Absent: no end. */
  until?: string;
}

export interface ChunkRef {
  id: string;
  count: number;
}

/** An audit entry as stored: `opId` lets a writer recognise its own commit after an ambiguous failure. */
export interface AuditRecord extends AuditEntry {
  opId: string;
}

/** A confirmation that was used or cancelled; kept until well after it expires, then pruned. */
export interface SettledConfirmation {
  id: string;
  status: 'used' | 'cancelled';
  expiresAt: string;
}

export interface LedgerDocument {
  id: string;
  tenantId: string;
  type: 'ledger';
  appId: string;
  version: number;
  /** The newest direct assignments; older ones are sealed into chunks. */
  inline: AssignmentRecord[];
  chunks: ChunkRef[];
  /** Numbers chunk documents so their ids never repeat. */
  nextChunk: number;
  recentAudit: AuditRecord[];
  /** Sequence number of the newest audit entry. */
  auditSeq: number;
  settled: SettledConfirmation[];
  updatedAt: string;
}

/**
 * What `licenses` needs of an app, a few hundred bytes instead of the whole head: written by every
 * commit in the same transactional batch as the head, so it always describes the newest head. The
 * count holds while each assigned group still has the membership it was counted with (a group's
 * fingerprint differs: the list counts that app from its head instead).
 */
export interface SeatsDocument {
  id: string;
  tenantId: string;
  type: 'seats';
  appId: string;
  /** The head version it describes. */
  version: number;
  /** Distinct users holding the app. */
  users: number;
  /** Whether anybody is directly assigned (a removed app stays listed while so). */
  held: boolean;
  /** Per assigned group (lowercase id), the fingerprint of the membership counted. */
  groups: Record<string, string>;
}

/** An immutable slice of an app's direct assignments; a change writes a new one. */
export interface ChunkDocument {
  id: string;
  tenantId: string;
  type: 'chunk';
  appId: string;
  assignments: AssignmentRecord[];
  createdAt: string;
}

/** An audit entry that fell out of the ledger's ring. The id is deterministic: writing it twice is harmless. */
export interface AuditDocument {
  id: string;
  tenantId: string;
  type: 'audit';
  appId: string;
  seq: number;
  entry: AuditEntry;
  /** The commit's operation id: an outbox batch checks by it that its commit landed. */
  opId?: string;
}

export interface ConfirmationDocument {
  id: string;
  tenantId: string;
  type: 'confirmation';
  confirmationId: string;
  appId: string;
  adminId: string;
  adminName: string;
  /** The principals named, in the order named (assigned or not). */
  principals: PrincipalRef[];
  preview: UnassignPreview;
  /** What the admin was shown, reduced to what must still hold for the confirmation to apply. */
  fingerprint: string;
  createdAt: string;
  /** Whether it was used or cancelled is settled in the ledger head alone (`settled`), never here. */
  expiresAt: string;
}

/** Unreferenced chunks and audit details younger than this are never swept: a commit may be about to reference them. */
export const CHUNK_GRACE_MS = 60 * 60 * 1000;

export const CATALOG_ID = 'catalog';
export const ledgerId = (appId: string) => `ledger:${appId}`;
export const seatsId = (appId: string) => `seats:${appId}`;
export const confirmationDocId = (confirmationId: string) => `confirm:${confirmationId}`;
export const auditDocId = (appId: string, seq: number) => `audit:${appId}:${seq}`;
/** The nonce keeps the documents of concurrent attempts at the same entry apart (only one commits). */
export const auditDetailId = (appId: string, seq: number, nonce: string) =>
  `auditdetail:${appId}:${seq}:${nonce}`;

/**
 * Every principal of one audit entry whose ring copy names only the first few: immutable, written
 * before the commit that references it (by `detailId`), like a chunk. One written for an attempt
 * that did not commit is referenced by nothing; `sweep` deletes it.
 */
export interface AuditDetailDocument {
  id: string;
  tenantId: string;
  type: 'auditDetail';
  appId: string;
  seq: number;
  principals: PrincipalRef[];
  createdAt: string;
}

/**
 * The users a large change gave or took a seat from (a group of 50,000), in slices: immutable,
 * written before the commit that references them (`usersDetail.ids`), like an audit detail.
 */
export interface AuditUsersDocument {
  id: string;
  tenantId: string;
  type: 'auditUsers';
  appId: string;
  seq: number;
  added: string[];
  removed: string[];
  createdAt: string;
}

export const auditUsersId = (appId: string, seq: number, nonce: string, slice: number) =>
  `auditusers:${appId}:${seq}:${nonce}:${slice}`;

export interface LedgerLimits {
  /** Direct assignments kept in the ledger document before the oldest are sealed into a chunk. */
  inlineAssignments: number;
  /** Direct assignments per chunk document. */
  chunkAssignments: number;
  /** Audit entries kept in the ledger document. */
  auditRing: number;
  /** Entries archived at once when the ring is full, so archiving is not a write on every change. */
  auditEvictBatch: number;
  /** Serialized size the ring may reach before its oldest entries are archived. */
  auditRingBytes: number;
  /** Principals one assign or unassign may name (bounds the size of one audit entry). */
  principalsPerRequest: number;
  /** Principals an audit entry names in the ring (and its archive); beyond them, a detail document. */
  auditPrincipalsInRing: number;
  /** How long a settled confirmation is remembered after it expires (clock skew between instances). */
  settledRetentionMs: number;
  /** Users gained or lost an audit entry names itself; beyond them, `auditUsers` documents. */
  auditUsersInRing: number;
  /** User ids per `auditUsers` document (a GUID is about 40 bytes: 10,000 stay far below 2 MB). */
  auditUsersPerDocument: number;
}

export const DEFAULT_LIMITS: LedgerLimits = {
  // The ledger document is read on every operation (`licenses` reads every app's) while chunks are
  // immutable and cached by id (ledgerCache.ts): keep few assignments inline, the rest in chunks.
  inlineAssignments: 50,
  chunkAssignments: 1000,
  // Every read and write of the ledger carries the ring (`licenses` reads every app's), so it is
  // small: 3 to 8 entries (the newest few also recognise a commit whose answer was lost). History
  // reads older entries by id (`audit:<appId>:<seq>`, archived before eviction) in one bulk read.
  auditRing: 8,
  auditEvictBatch: 5,
  auditRingBytes: 64 * 1024,
  principalsPerRequest: 1000,
  // The history card names the first few and counts the others; the full list is one read away.
  auditPrincipalsInRing: 5,
  settledRetentionMs: 60 * 60 * 1000,
  auditUsersInRing: 20,
  auditUsersPerDocument: 10_000,
};

export function emptyLedger(tenantId: string, appId: string, now: string): LedgerDocument {
  return {
    id: ledgerId(appId),
    tenantId,
    type: 'ledger',
    appId,
    version: 0,
    inline: [],
    chunks: [],
    nextChunk: 0,
    recentAudit: [],
    auditSeq: 0,
    settled: [],
    updatedAt: now,
  };
}

export const assignmentKey = (record: { k: 'u' | 'g'; id: string }) =>
  `${record.k}:${record.id.toLowerCase()}`;

/** A change to one app, decided by the ledger against the state it read. */
export interface LedgerChange {
  add?: AssignmentRecord[];
  /** Assignment keys (`u:<id>` / `g:<id>`) to remove. */
  remove?: Set<string>;
  audit?: Omit<AuditRecord, 'seq'>;
  /** The users the change gives or takes a seat from, for the audit entry. */
  users?: { added: string[]; removed: string[] };
  settle?: SettledConfirmation;
  /** Documents written before the commit and live only if it lands (an outbox batch: changeNotices.ts). */
  before?: TenantDocument[];
}

/** The writes that carry a change: archive and chunks first, then the commit, then deletions. */
export interface CommitPlan {
  archive: AuditDocument[];
  /** The full list of principals of this commit's audit entry, when the ring names only the first. */
  auditDetail?: AuditDetailDocument;
  /** The users of this commit's audit entry, when too many for the entry itself. */
  auditUsers: AuditUsersDocument[];
  newChunks: ChunkDocument[];
  ledger: LedgerDocument;
  obsoleteChunks: string[];
}

/**
 * Lays out a change over the current ledger and chunk contents. Pure: the caller performs the writes.
 * `nonce` makes chunk ids of concurrent attempts distinct.
 */
export function planCommit(
  current: LedgerDocument,
  chunkContents: Map<string, readonly AssignmentRecord[]>,
  change: LedgerChange,
  limits: LedgerLimits,
  now: Date,
  nonce: string,
): CommitPlan {
  const nowIso = now.toISOString();
  const version = current.version + 1;
  const remove = change.remove ?? new Set<string>();
  let nextChunk = current.nextChunk;
  const newChunks: ChunkDocument[] = [];
  const obsoleteChunks: string[] = [];
  const makeChunk = (assignments: AssignmentRecord[]): ChunkRef => {
    const doc: ChunkDocument = {
      id: `${current.id}:chunk:${nextChunk++}:${version}.${nonce}`,
      tenantId: current.tenantId,
      type: 'chunk',
      appId: current.appId,
      assignments,
      createdAt: nowIso,
    };
    newChunks.push(doc);
    return { id: doc.id, count: assignments.length };
  };

  let chunks: { ref: ChunkRef; records?: readonly AssignmentRecord[] }[] = current.chunks.map((ref) => ({
    ref,
  }));
  if (remove.size > 0) {
    chunks = chunks.flatMap(({ ref }) => {
      const records = chunkContents.get(ref.id);
      if (!records) throw new Error(`planCommit: contents of ${ref.id} not loaded`);
      const kept = records.filter((record) => !remove.has(assignmentKey(record)));
      if (kept.length === records.length) return [{ ref }];
      obsoleteChunks.push(ref.id);
      return kept.length === 0 ? [] : [{ ref: makeChunk(kept), records: kept }];
    });
  }
  let inline = current.inline.filter((record) => !remove.has(assignmentKey(record)));
  inline = inline.concat(change.add ?? []);
  while (inline.length > limits.inlineAssignments) {
    let sealed = inline.slice(0, limits.chunkAssignments);
    inline = inline.slice(sealed.length);
    // A last chunk with room takes the sealed records (as a new chunk: chunks are immutable), so a
    // small inline capacity does not leave many small chunks behind.
    const last = chunks[chunks.length - 1];
    if (last && last.ref.count + sealed.length <= limits.chunkAssignments) {
      sealed = [...(last.records ?? chunkContents.get(last.ref.id) ?? missing(last.ref.id)), ...sealed];
      chunks.pop();
      const fresh = newChunks.findIndex((doc) => doc.id === last.ref.id);
      if (fresh >= 0) newChunks.splice(fresh, 1);
      else obsoleteChunks.push(last.ref.id);
    }
    chunks.push({ ref: makeChunk(sealed), records: sealed });
  }

  // Removals can leave many small chunks; repack them when they are more than twice as many as needed.
  const inChunks = chunks.reduce((sum, chunk) => sum + chunk.ref.count, 0);
  const needed = Math.ceil(inChunks / limits.chunkAssignments);
  if (chunks.length > 2 * needed + 1) {
    const all = chunks.flatMap(({ ref, records }) => records ?? chunkContents.get(ref.id) ?? missing(ref.id));
    for (const { ref } of chunks) {
      const fresh = newChunks.findIndex((doc) => doc.id === ref.id);
      if (fresh >= 0) newChunks.splice(fresh, 1);
      else obsoleteChunks.push(ref.id);
    }
    chunks = [];
    for (let i = 0; i < all.length; i += limits.chunkAssignments) {
      const records = all.slice(i, i + limits.chunkAssignments);
      chunks.push({ ref: makeChunk(records), records });
    }
  }

  let auditSeq = current.auditSeq;
  let ring = current.recentAudit;
  let auditDetail: AuditDetailDocument | undefined;
  const auditUsers: AuditUsersDocument[] = [];
  if (change.audit) {
    const seq = ++auditSeq;
    let record: AuditRecord = { ...change.audit, seq };
    const users = change.users ?? { added: [], removed: [] };
    if (users.added.length + users.removed.length <= limits.auditUsersInRing) {
      if (change.users) record = { ...record, users };
    } else {
      const per = limits.auditUsersPerDocument;
      const slices = Math.max(Math.ceil(users.added.length / per), Math.ceil(users.removed.length / per));
      for (let i = 0; i < slices; i++) {
        auditUsers.push({
          id: auditUsersId(current.appId, seq, nonce, i),
          tenantId: current.tenantId,
          type: 'auditUsers',
          appId: current.appId,
          seq,
          added: users.added.slice(i * per, (i + 1) * per),
          removed: users.removed.slice(i * per, (i + 1) * per),
          createdAt: nowIso,
        });
      }
      record = {
        ...record,
        usersDetail: {
          ids: auditUsers.map((doc) => doc.id),
          added: users.added.length,
          removed: users.removed.length,
        },
      };
    }
    const named = record.principals;
    if (named.length > limits.auditPrincipalsInRing) {
      auditDetail = {
        id: auditDetailId(current.appId, seq, nonce),
        tenantId: current.tenantId,
        type: 'auditDetail',
        appId: current.appId,
        seq,
        principals: named,
        createdAt: nowIso,
      };
      record = {
        ...record,
        principals: named.slice(0, limits.auditPrincipalsInRing),
        principalCount: named.length,
        detailId: auditDetail.id,
      };
    }
    ring = [...ring, record];
  }
  const archive: AuditDocument[] = [];
  if (ring.length > limits.auditRing || (ring.length > 1 && byteSize(ring) > limits.auditRingBytes)) {
    let keep = Math.max(1, Math.min(ring.length - 1, limits.auditRing - limits.auditEvictBatch));
    while (keep > 1 && byteSize(ring.slice(ring.length - keep)) > limits.auditRingBytes) keep--;
    for (const record of ring.slice(0, ring.length - keep)) {
      archive.push({
        id: auditDocId(current.appId, record.seq),
        tenantId: current.tenantId,
        type: 'audit',
        appId: current.appId,
        seq: record.seq,
        entry: toAuditEntry(record),
        opId: record.opId,
      });
    }
    ring = ring.slice(ring.length - keep);
  }

  const retainUntil = now.getTime() - limits.settledRetentionMs;
  const settled = current.settled.filter((entry) => Date.parse(entry.expiresAt) >= retainUntil);
  if (change.settle) settled.push(change.settle);

  return {
    archive,
    ...(auditDetail ? { auditDetail } : {}),
    auditUsers,
    newChunks,
    obsoleteChunks,
    ledger: {
      ...current,
      version,
      inline,
      chunks: chunks.map((chunk) => chunk.ref),
      nextChunk,
      recentAudit: ring,
      auditSeq,
      settled,
      updatedAt: nowIso,
    },
  };
}

function missing(id: string): never {
  throw new Error(`planCommit: contents of ${id} not loaded`);
}

function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** The public audit entry, without the writer's private operation id. */
export function toAuditEntry(record: AuditRecord | AuditEntry): AuditEntry {
  const { opId: _opId, ...entry } = record as AuditRecord;
  return entry;
}
