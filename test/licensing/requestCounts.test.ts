import type { RequestCounts } from '../../bot/storage/documentStore';
import {
  OrganisationsDirectory,
  admin,
  app,
  generatedOrganisation,
  groupId,
  ledgerWith,
  newTenant,
  range,
  userId,
  useCosmosFixture,
} from './harness';

/**
 * Cosmos requests per operation, counted by the DocumentStore. Hot paths are point reads and
 * writes (a commit is one transactional batch: the head and its seat summary); listApps reads every
 * app's seat summary in one bulk request; only history past the ring queries.
 */
const fixture = useCosmosFixture();

const counts = (partial: Partial<RequestCounts>): RequestCounts => ({
  reads: 0,
  writes: 0,
  queries: 0,
  bulk: 0,
  ...partial,
});

async function measured<T>(
  store: { resetCounts(): void; requestCounts(): RequestCounts },
  run: () => Promise<T>,
) {
  store.resetCounts();
  await run();
  return store.requestCounts();
}

test('requests per operation', async () => {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 40, { 1: [1, 2, 3, 4, 5] }));
  const { ledger, store } = ledgerWith(fixture, directory, { limits: { auditRing: 5, auditEvictBatch: 2 } });
  const actor = admin(tenantId);
  await ledger.putCatalog(tenantId, [app('crm', 30), app('hr', 5), app('ops', 5)]);

  expect(await measured(store, () => ledger.assign(actor, 'crm', [groupId(1), userId(6)]))).toEqual(
    counts({ reads: 2, writes: 1 }),
  );
  // The seat summaries, and the heads of the two apps nobody was ever given (they have none), once.
  expect(await measured(store, () => ledger.listApps(tenantId))).toEqual(counts({ reads: 1, bulk: 2 }));
  expect(await measured(store, () => ledger.listApps(tenantId))).toEqual(counts({ reads: 1, bulk: 1 }));
  expect(await measured(store, () => ledger.details(tenantId, 'crm'))).toEqual(counts({ reads: 2 }));
  expect(await measured(store, () => ledger.previewUnassign(actor, 'crm', [userId(6)]))).toEqual(
    counts({ reads: 2 }),
  );
  let confirmationId = '';
  expect(
    await measured(
      store,
      async () => ({ confirmationId } = await ledger.prepareUnassign(actor, 'crm', [userId(6)])),
    ),
  ).toEqual(counts({ reads: 2, writes: 1 }));
  // The confirmation was created by this instance and never changes: it is not read again.
  expect(await measured(store, () => ledger.getConfirmation(actor, confirmationId))).toEqual(
    counts({ reads: 1 }),
  );
  // Confirm: the catalog, then one commit on the head this instance read last (IfMatch proves it current).
  expect(await measured(store, () => ledger.confirmUnassign(actor, confirmationId))).toEqual(
    counts({ reads: 1, writes: 1 }),
  );
  // The outcome is settled in the ledger head only (the truth); the confirmation is not rewritten.
  expect(await measured(store, () => ledger.getConfirmation(actor, confirmationId))).toEqual(
    counts({ reads: 1 }),
  );
  ({ confirmationId } = await ledger.prepareUnassign(actor, 'crm', [groupId(1)]));
  expect(await measured(store, () => ledger.cancelUnassign(actor, confirmationId))).toEqual(
    counts({ writes: 1 }),
  );
  expect(await measured(store, () => ledger.history(tenantId, 'crm'))).toEqual(counts({ reads: 1 }));
  expect(await measured(store, () => ledger.getCatalog(tenantId))).toEqual(counts({ reads: 1 }));
  expect(await measured(store, () => ledger.putCatalog(tenantId, [app('crm', 31)]))).toEqual(
    counts({ writes: 1 }),
  );

  // Ring of 5 (2 entries so far): the 4th assign from here overflows it; 3 entries are archived in one bulk upsert, 3 stay.
  for (const n of [10, 11, 12]) await ledger.assign(actor, 'crm', [userId(n)]);
  expect(await measured(store, () => ledger.assign(actor, 'crm', [userId(13)]))).toEqual(
    counts({ reads: 1, writes: 1, bulk: 1 }),
  );
  // History within the ring: one read; beyond it: one read and one bulk read of the archived entries by id.
  expect(await measured(store, () => ledger.history(tenantId, 'crm', 3))).toEqual(counts({ reads: 1 }));
  expect(await measured(store, () => ledger.history(tenantId, 'crm', 10))).toEqual(
    counts({ reads: 1, bulk: 1 }),
  );
  expect((await ledger.history(tenantId, 'crm', 10)).map((e) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);
  // An archived entry missing (deleted by hand): the entries before it come from a paged query.
  await fixture.container.item(`audit:crm:2`, tenantId).delete();
  expect(await measured(store, () => ledger.history(tenantId, 'crm', 10))).toEqual(
    counts({ reads: 1, bulk: 1, queries: 1 }),
  );
  expect((await ledger.history(tenantId, 'crm', 10)).map((e) => e.seq)).toEqual([6, 5, 4, 3, 1]);
});

test('chunks an instance has not seen cost one more bulk read; seen ones (immutable) none', async () => {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 40));
  const limits = { inlineAssignments: 4, chunkAssignments: 4 };
  const { ledger: writer, store: writerStore } = ledgerWith(fixture, directory, { limits });
  const actor = admin(tenantId);
  await writer.putCatalog(tenantId, [app('crm', 40), app('hr', 40)]);
  await writer.assign(actor, 'crm', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(userId));

  // Another instance: the list needs no chunk (the seat summaries count); details reads them once.
  const { ledger, store } = ledgerWith(fixture, directory, { limits });
  expect(await measured(store, () => ledger.listApps(tenantId))).toEqual(counts({ reads: 1, bulk: 2 }));
  expect(await measured(store, () => ledger.listApps(tenantId))).toEqual(counts({ reads: 1, bulk: 1 }));
  expect(await measured(store, () => ledger.details(tenantId, 'crm'))).toEqual(counts({ reads: 2, bulk: 1 }));
  expect(await measured(store, () => ledger.details(tenantId, 'crm'))).toEqual(counts({ reads: 2 }));
  // The head details just read is still current: the assign commits on it without reading it again.
  expect(await measured(store, () => ledger.assign(actor, 'crm', [userId(11)]))).toEqual(
    counts({ reads: 1, writes: 1 }),
  );
  // A chunk written by another instance is new to this one: one bulk read, then none.
  await writer.assign(actor, 'crm', [12, 13, 14, 15].map(userId));
  expect(await measured(store, () => ledger.details(tenantId, 'crm'))).toEqual(counts({ reads: 2, bulk: 1 }));
  expect(await measured(store, () => ledger.details(tenantId, 'crm'))).toEqual(counts({ reads: 2 }));
  // The writer lists from the summaries too (and learns once that hr has no head).
  expect(await measured(writerStore, () => writer.listApps(tenantId))).toEqual(counts({ reads: 1, bulk: 2 }));
  expect(await measured(writerStore, () => writer.listApps(tenantId))).toEqual(counts({ reads: 1, bulk: 1 }));
});

test('a long history: the ring, then 100 archived entries by id in one bulk read, then a query for the rest', async () => {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 130));
  const { ledger, store } = ledgerWith(fixture, directory);
  const actor = admin(tenantId);
  await ledger.putCatalog(tenantId, [app('crm', 200)]);
  for (let n = 1; n <= 125; n++) await ledger.assign(actor, 'crm', [userId(n)]);
  const measuredCounts = await measured(store, () => ledger.history(tenantId, 'crm', 1000));
  expect(measuredCounts).toMatchObject({ reads: 1, bulk: 1, writes: 0 });
  expect(measuredCounts.queries).toBeGreaterThanOrEqual(1);
  const all = await ledger.history(tenantId, 'crm', 1000);
  expect(all.map((entry) => entry.seq)).toEqual(range(1, 125).reverse());
  expect(all.at(-1)?.principals.map((p) => p.id)).toEqual([userId(1)]);
});
