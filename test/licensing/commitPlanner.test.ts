import {
  DEFAULT_LIMITS,
  emptyLedger,
  planCommit,
  type AssignmentRecord,
  type LedgerDocument,
  type LedgerLimits,
} from '../../bot/licensing/ledgerDocuments';
import type { PrincipalRef } from '../../bot/licensing/model';

/** Pure table tests of the commit planner: how a change is laid out as writes. */

const NOW = new Date('2030-01-01T09:00:00Z');
const limits: LedgerLimits = {
  ...DEFAULT_LIMITS,
  inlineAssignments: 3,
  chunkAssignments: 4,
  auditRing: 4,
  auditEvictBatch: 2,
  auditPrincipalsInRing: 5,
};
const record = (n: number): AssignmentRecord => ({ k: 'u', id: `u${n}`, at: NOW.toISOString(), by: 'Adele' });
const records = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => record(from + i));
const ref = (n: number): PrincipalRef => ({ kind: 'user', id: `u${n}`, displayName: `User ${n}` });

/** A ledger after committing these adds one by one, with the contents of every chunk it references. */
function ledgerAfter(adds: AssignmentRecord[][], layout = limits) {
  let doc: LedgerDocument = emptyLedger('t', 'crm', NOW.toISOString());
  const contents = new Map<string, readonly AssignmentRecord[]>();
  for (const add of adds) {
    const plan = planCommit(doc, contents, { add }, layout, NOW, 'n');
    for (const chunk of plan.newChunks) contents.set(chunk.id, chunk.assignments);
    doc = plan.ledger;
  }
  return { doc, contents };
}

describe('sealing inline assignments into chunks', () => {
  // One assignment inline at most, chunks of 4: an overflow seals the oldest (up to a chunk's worth).
  const sealing = { ...limits, inlineAssignments: 1, chunkAssignments: 4 };
  test.each([
    // [assignments added per commit, inline ids after, chunk sizes after]
    [[1], ['u1'], []],
    [[2], [], [2]],
    // The last chunk has room: the sealed records join it (as a new chunk) rather than a new small one.
    [[2, 2], [], [4]],
    [[2, 1, 1], [], [4]],
    [[2, 2, 2], [], [4, 2]],
    [[9], ['u9'], [4, 4]],
  ])('adds %j: inline %j, chunks %j', (batches, inline, chunkSizes) => {
    let next = 1;
    const { doc, contents } = ledgerAfter(
      batches.map((size) => {
        const batch = records(next, next + size - 1);
        next += size;
        return batch;
      }),
      sealing,
    );
    expect(doc.inline.map((r) => r.id)).toEqual(inline);
    expect(doc.chunks.map((chunk) => chunk.count)).toEqual(chunkSizes);
    // Nothing lost, nothing repeated, in the order assigned.
    const all = [...doc.chunks.flatMap((chunk) => contents.get(chunk.id) ?? []), ...doc.inline];
    expect(all.map((r) => r.id)).toEqual(records(1, next - 1).map((r) => r.id));
  });

  test('a removal rewrites only the chunks it touches and names the old ones obsolete', () => {
    const { doc, contents } = ledgerAfter([records(1, 11)]);
    const [first, second] = doc.chunks;
    const plan = planCommit(doc, contents, { remove: new Set(['u:u2']) }, limits, NOW, 'x');
    expect(plan.obsoleteChunks).toEqual([first.id]);
    expect(plan.newChunks.map((chunk) => chunk.assignments.map((r) => r.id))).toEqual([['u1', 'u3', 'u4']]);
    expect(plan.ledger.chunks.map((chunk) => chunk.id)).toEqual([plan.newChunks[0].id, second.id]);
  });
});

describe('audit ring eviction', () => {
  test.each([
    // [entries committed, seqs kept in the ring, seqs archived by the last commit]
    [4, [1, 2, 3, 4], []],
    [5, [4, 5], [1, 2, 3]],
    [6, [4, 5, 6], []],
    [7, [4, 5, 6, 7], []],
    [8, [7, 8], [4, 5, 6]],
  ])('%i entries: ring %j, last archive %j', (count, ring, archived) => {
    let doc: LedgerDocument = emptyLedger('t', 'crm', NOW.toISOString());
    let archive: number[] = [];
    for (let i = 1; i <= count; i++) {
      const audit = {
        opId: `op${i}`,
        action: 'assign' as const,
        appId: 'crm',
        principals: [ref(i)],
        actor: { userId: 'a', name: 'Adele' },
        at: NOW.toISOString(),
        seatsBefore: i - 1,
        seatsAfter: i,
      };
      const plan = planCommit(doc, new Map(), { add: [record(i)], audit }, limits, NOW, `n${i}`);
      archive = plan.archive.map((entry) => entry.seq);
      for (const entry of plan.archive) expect(entry.id).toBe(`audit:crm:${entry.seq}`);
      doc = plan.ledger;
    }
    expect(doc.recentAudit.map((entry) => entry.seq)).toEqual(ring);
    expect(doc.auditSeq).toBe(count);
    expect(archive).toEqual(archived);
  });
});

describe('audit detail for many principals', () => {
  test.each([
    [1, false],
    [5, false],
    [6, true],
    [40, true],
  ])('%i principals: detail document %s', (named, detailed) => {
    const principals = Array.from({ length: named }, (_, i) => ref(i + 1));
    const plan = planCommit(
      emptyLedger('t', 'crm', NOW.toISOString()),
      new Map(),
      {
        audit: {
          opId: 'op',
          action: 'assign',
          appId: 'crm',
          principals,
          actor: { userId: 'a', name: 'Adele' },
          at: NOW.toISOString(),
          seatsBefore: 0,
          seatsAfter: named,
        },
      },
      limits,
      NOW,
      'nonce',
    );
    const [entry] = plan.ledger.recentAudit;
    if (!detailed) {
      expect(plan.auditDetail).toBeUndefined();
      expect(entry.principals).toEqual(principals);
      expect(entry.detailId).toBeUndefined();
      return;
    }
    expect(plan.auditDetail).toMatchObject({ id: 'auditdetail:crm:1:nonce', seq: 1, principals });
    expect(entry.principals).toEqual(principals.slice(0, 5));
    expect(entry.principalCount).toBe(named);
    expect(entry.detailId).toBe(plan.auditDetail?.id);
  });
});
