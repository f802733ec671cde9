import { LicenseLedger } from '../../bot/licensing/ledger';
import { LedgerCache } from '../../bot/licensing/ledgerCache';
import type { LedgerLimits } from '../../bot/licensing/ledgerDocuments';
import type { Actor } from '../../bot/licensing/model';
import type { StoreFaults } from '../../bot/storage/documentStore';
import {
  OrganisationsDirectory,
  admin,
  app,
  checkConsistency,
  generatedOrganisation,
  groupId,
  newTenant,
  userId,
  useCosmosFixture,
} from './harness';

/**
 * A process dying between any two writes of an operation: the store's fault hook throws before
 * (the write never happens) or after (the write happened, the answer is lost) its k-th write.
 * Small limits make the operations write chunks and archive audit entries, so they have several writes.
 */
const fixture = useCosmosFixture();

const limits: Partial<LedgerLimits> = {
  inlineAssignments: 3,
  chunkAssignments: 3,
  auditRing: 3,
  auditEvictBatch: 1,
};

class Crash extends Error {}

function crashAt(k: number, when: 'before' | 'after'): StoreFaults {
  const hook = (n: number) => {
    if (n === k) throw new Crash(`crash ${when} write ${k}`);
  };
  return when === 'before' ? { beforeWrite: hook } : { afterWrite: hook };
}

/** A tenant whose app holds users 1-5 (chunked) and group 1 (users 5-8), with 5 audit entries (the next commit archives one). */
async function scenario(cache?: LedgerCache) {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 20, { 1: [5, 6, 7, 8] }));
  const actor = admin(tenantId);
  const setup = new LicenseLedger({ store: fixture.store(), directory, limits, cache });
  await setup.putCatalog(tenantId, [app('crm', 10)]);
  for (const principals of [[userId(1)], [userId(2)], [userId(3), userId(4)], [userId(5)], [groupId(1)]]) {
    await setup.assign(actor, 'crm', principals);
  }
  const { confirmationId } = await setup.prepareUnassign(actor, 'crm', [userId(1), groupId(1)]);
  return { tenantId, directory, actor, confirmationId };
}

type Operation = (ledger: LicenseLedger, actor: Actor, confirmationId: string) => Promise<unknown>;

const operations: Record<string, { run: Operation; after: (s: string[]) => string[] }> = {
  assign: {
    run: (ledger, actor) => ledger.assign(actor, 'crm', [userId(9), userId(10)]),
    after: (before) => [...before, `u:${userId(9)}`, `u:${userId(10)}`].sort(),
  },
  confirm: {
    run: (ledger, actor, confirmationId) => ledger.confirmUnassign(actor, confirmationId),
    after: (before) => before.filter((key) => key !== `u:${userId(1)}` && key !== `g:${groupId(1)}`),
  },
};

/**
 * Counts the writes of an undisturbed run. Assign: archive the evicted audit entry (bulk), new
 * chunk, ledger commit. Confirm: archive, rewritten chunk, ledger commit, delete of the old chunk
 * (the confirmation itself is never rewritten: its outcome is settled in the ledger).
 */
async function writesOf(operation: Operation): Promise<number> {
  const { directory, actor, confirmationId } = await scenario();
  const writes: number[] = [];
  const store = fixture.store({ faults: { beforeWrite: (n) => writes.push(n) } });
  await operation(new LicenseLedger({ store, directory, limits }), actor, confirmationId);
  return writes.length;
}

/**
 * Cold: every ledger instance starts with an empty cache. Warm: the instances share one cache that
 * has seen every chunk and head involved (what one long-lived instance would hold), so a crash and
 * the retry run against cached chunk contents and holder sets.
 */
describe.each(
  Object.keys(operations).flatMap((name) => (['cold', 'warm'] as const).map((caches) => [name, caches])),
)('%s killed at every write, %s caches', (name, caches) => {
  const operation = operations[name];

  test('leaves the data as before or after, consistent, and a retry completes it', async () => {
    const writes = await writesOf(operation.run);
    expect(writes).toBe(name === 'assign' ? 3 : 4);
    const seen = { before: 0, after: 0 };
    for (let k = 1; k <= writes; k++) {
      for (const when of ['before', 'after'] as const) {
        const cache = caches === 'warm' ? new LedgerCache() : undefined;
        const { tenantId, directory, actor, confirmationId } = await scenario(cache);
        const before = (await checkConsistency(fixture.container, directory, tenantId, 'crm')).assignments;
        const crashing = new LicenseLedger({
          store: fixture.store({ faults: crashAt(k, when) }),
          directory,
          limits,
          cache,
        });
        if (cache) {
          await crashing.listApps(tenantId);
          await crashing.details(tenantId, 'crm');
        }
        await expect(operation.run(crashing, actor, confirmationId)).rejects.toBeInstanceOf(Crash);

        const crashed = await checkConsistency(fixture.container, directory, tenantId, 'crm');
        const applied = crashed.assignments.join() === operation.after(before).join();
        if (!applied) expect(crashed.assignments).toEqual(before);
        seen[applied ? 'after' : 'before']++;

        const healthy = new LicenseLedger({ store: fixture.store(), directory, limits, cache });
        const retried = await operation.run(healthy, actor, confirmationId).then(
          () => 'ok',
          (error: { kind?: string }) => error.kind,
        );
        expect(retried).toBe(name === 'confirm' && applied ? 'ConfirmationUsed' : 'ok');
        const final = await checkConsistency(fixture.container, directory, tenantId, 'crm');
        expect(final.assignments).toEqual(operation.after(before));
        const entries = final.audit.filter((entry) => entry.seq > 5);
        expect(entries).toHaveLength(1);
        if (name === 'confirm') {
          expect(entries[0].confirmationId).toBe(confirmationId);
          expect((await healthy.getConfirmation(actor, confirmationId)).status).toBe('used');
        }
        const [seats] = await healthy.listApps(tenantId);
        expect(seats.seatsAssigned).toBe(final.seats);
        const details = await healthy.details(tenantId, 'crm');
        expect(details).toMatchObject({ seatsAssigned: final.seats, totalHolders: final.assignments.length });
      }
    }
    expect(seen.before).toBeGreaterThan(0);
    expect(seen.after).toBeGreaterThan(0);
  });
});

test('a commit whose acknowledgement was lost is recognised on retry, not applied twice', async () => {
  const { tenantId, directory, actor } = await scenario();
  let lose = true;
  // The batch that commits the ledger reaches Cosmos, then its answer is lost: the ledger reads the
  // head, finds another head than the one it read and decides again. The commit also seals a new
  // chunk, which must survive.
  const flaky = new Proxy(fixture.container, {
    get(target, property) {
      if (property !== 'items') return Reflect.get(target, property);
      return new Proxy(target.items, {
        get(items, itemsProperty) {
          if (itemsProperty !== 'batch') return Reflect.get(items, itemsProperty);
          return async (...args: Parameters<typeof items.batch>) => {
            const response = await items.batch(...args);
            if (lose) {
              lose = false;
              throw Object.assign(new Error('answer lost'), { code: 503 });
            }
            return response;
          };
        },
      });
    },
  });
  const store = fixture.store({ retry: { baseDelayMs: 1 } }, flaky);
  const ledger = new LicenseLedger({ store, directory, limits });
  const outcome = await ledger.assign(actor, 'crm', [userId(9), userId(10)]);
  expect(outcome.assigned.map((p) => p.id)).toEqual([userId(9), userId(10)]);
  expect(lose).toBe(false);
  const state = await checkConsistency(fixture.container, directory, tenantId, 'crm');
  expect(state.assignments).toHaveLength(8);
  expect(state.audit.filter((entry) => entry.seq > 5)).toHaveLength(1);
});

test('chunks left behind by a crash are swept once no commit can still reference them', async () => {
  const { tenantId, directory, actor } = await scenario();
  let clock = Date.now();
  const now = () => new Date(clock);
  // Write 2 is the new chunk, write 3 the commit: dying before the commit orphans the chunk.
  const crashing = new LicenseLedger({
    store: fixture.store({ faults: crashAt(3, 'before') }),
    directory,
    limits,
    now,
  });
  await expect(crashing.assign(actor, 'crm', [userId(9), userId(10)])).rejects.toBeInstanceOf(Crash);
  const healthy = new LicenseLedger({ store: fixture.store(), directory, limits, now });
  expect(await healthy.housekeeping.sweep(tenantId)).toEqual({
    confirmations: 0,
    chunks: 0,
    auditDetails: 0,
  });
  clock += 61 * 60 * 1000;
  expect(await healthy.housekeeping.sweep(tenantId)).toEqual({
    confirmations: 0,
    chunks: 1,
    auditDetails: 0,
  });
  await healthy.assign(actor, 'crm', [userId(9), userId(10)]);
  expect((await checkConsistency(fixture.container, directory, tenantId, 'crm')).assignments).toHaveLength(8);
});
