import { LicenseLedger } from '../../bot/licensing/ledger';
import { LedgerCache } from '../../bot/licensing/ledgerCache';
import type { LedgerLimits } from '../../bot/licensing/ledgerDocuments';
import { LicenseError } from '../../bot/licensing/model';
import {
  OrganisationsDirectory,
  admin,
  app,
  checkConsistency,
  generatedOrganisation,
  groupId,
  newTenant,
  organisationFor,
  userId,
  useCosmosFixture,
  range,
} from './harness';

/**
 * What a ledger keeps in memory (bot/licensing/ledgerCache.ts) never serves stale assignments:
 * chunk contents are cached by (immutable) chunk id, holder sets by the etag of the ledger head every
 * operation reads. Only group membership may lag, by the configured delay.
 */
const fixture = useCosmosFixture();

// Small chunks: most assignments live in chunks, and removals rewrite them.
const limits: Partial<LedgerLimits> = { inlineAssignments: 3, chunkAssignments: 3 };

async function refusal(promise: Promise<unknown>): Promise<LicenseError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(LicenseError);
  return error as LicenseError;
}

test('two instances on separate store clients: a change through one is seen by the other at once', async () => {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 40, { 1: range(1, 5) }));
  const a = new LicenseLedger({ store: fixture.store(), directory, limits });
  const b = new LicenseLedger({
    store: fixture.store(undefined, await fixture.openStack()),
    directory,
    limits,
  });
  const actor = admin(tenantId);
  await a.putCatalog(tenantId, [app('crm', 12), app('hr', 5)]);
  const seen = async (ledger: LicenseLedger) => {
    const [crm] = await ledger.listApps(tenantId);
    const details = await ledger.details(tenantId, 'crm', 0, 100);
    expect(details.seatsAssigned).toBe(crm.seatsAssigned);
    return { seats: crm.seatsAssigned, holders: details.holders.map((holder) => holder.id) };
  };

  await a.assign(actor, 'crm', range(1, 4).map(userId));
  expect(await seen(b)).toEqual({ seats: 4, holders: range(1, 4).map(userId) });

  // New chunks, a group overlapping direct users: b (warm) sees exactly what a wrote.
  await a.assign(actor, 'crm', [groupId(1), userId(6), userId(7)]);
  expect(await seen(b)).toEqual({ seats: 7, holders: [groupId(1), ...[1, 2, 3, 4, 6, 7].map(userId)] });

  // a takes the last seats: b's assign is refused with a's numbers, not its cached ones.
  await a.assign(actor, 'crm', range(8, 12).map(userId));
  expect(await refusal(b.assign(actor, 'crm', [userId(13)]))).toMatchObject({
    kind: 'NotEnoughSeats',
    params: { needed: 1, available: 0, assigned: 12 },
  });

  // a removes chunked users (chunks rewritten under new ids): user 2 keeps the app through group 1.
  const { confirmationId, preview } = await a.prepareUnassign(actor, 'crm', [userId(2), userId(6)]);
  expect(preview).toMatchObject({ seatsBefore: 12, seatsAfter: 11 });
  await a.confirmUnassign(actor, confirmationId);
  expect(await seen(b)).toEqual({
    seats: 11,
    holders: [groupId(1), ...[1, 3, 4, 7, 8, 9, 10, 11, 12].map(userId)],
  });
  expect((await b.assign(actor, 'crm', [userId(13)])).seatsAfter).toBe(12);
  expect((await seen(a)).seats).toBe(12);

  // b prepares, a's change alters what b showed: b's confirm refuses.
  const shown = await b.prepareUnassign(actor, 'crm', [userId(13)]);
  const theirs = await a.prepareUnassign(actor, 'crm', [userId(13)]);
  await a.confirmUnassign(actor, theirs.confirmationId);
  expect((await refusal(b.confirmUnassign(actor, shown.confirmationId))).kind).toBe('ConfirmationChanged');

  const state = await checkConsistency(fixture.container, directory, tenantId, 'crm');
  expect((await seen(b)).seats).toBe(state.seats);
  expect((await seen(a)).seats).toBe(state.seats);
});

test('one cache serving two tenants with the same app and principal ids keeps them apart', async () => {
  const [t1, t2] = [newTenant(), newTenant()];
  const directory = new OrganisationsDirectory(
    generatedOrganisation(t1, 20, { 1: range(1, 8) }),
    generatedOrganisation(t2, 20, { 1: range(1, 2) }),
  );
  const cache = new LedgerCache();
  const ledger = new LicenseLedger({ store: fixture.store(), directory, limits, cache });
  const other = new LicenseLedger({ store: fixture.store(), directory, limits, cache });
  for (const tenantId of [t1, t2]) await ledger.putCatalog(tenantId, [app('crm', 20)]);
  await ledger.assign(admin(t1), 'crm', [...range(10, 15).map(userId), groupId(1)]);
  await other.assign(admin(t2), 'crm', [userId(10), groupId(1)]);
  expect((await ledger.listApps(t1))[0].seatsAssigned).toBe(14);
  expect((await ledger.listApps(t2))[0].seatsAssigned).toBe(3);
  expect((await other.details(t2, 'crm')).totalHolders).toBe(2);
  expect((await other.details(t1, 'crm')).totalHolders).toBe(7);
});

test('a bounded cache that evicts chunks still answers exactly (it reads them again)', async () => {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 40));
  const cache = new LedgerCache({ maxChunkRecords: 3 });
  const { ledger, store } = (() => {
    const store = fixture.store();
    return { store, ledger: new LicenseLedger({ store, directory, limits, cache }) };
  })();
  await ledger.putCatalog(tenantId, [app('crm', 40)]);
  await ledger.assign(admin(tenantId), 'crm', range(1, 20).map(userId));
  expect((await ledger.listApps(tenantId))[0].seatsAssigned).toBe(20);
  store.resetCounts();
  // The catalog, the head and the chunks it names (evicted from the cache: read again in one bulk request).
  expect((await ledger.details(tenantId, 'crm', 0, 50)).holders.map((h) => h.id)).toEqual(
    range(1, 20).map(userId),
  );
  expect(store.requestCounts()).toMatchObject({ reads: 2, bulk: 1 });
});

test('group membership is reused for the configured delay, then asked again', async () => {
  const tenantId = newTenant();
  const org = organisationFor(tenantId, generatedOrganisation(tenantId, 20, { 1: [1, 2, 3] }));
  const directory = new OrganisationsDirectory(org);
  let clock = 0;
  const cache = new LedgerCache({ membershipMs: 10_000, clock: () => clock });
  const ledger = new LicenseLedger({ store: fixture.store(), directory, cache });
  const actor = admin(tenantId);
  await ledger.putCatalog(tenantId, [app('crm', 4)]);
  await ledger.assign(actor, 'crm', [groupId(1), userId(10)]);
  const shown = await ledger.prepareUnassign(actor, 'crm', [groupId(1)]);
  expect(shown.preview).toMatchObject({ seatsBefore: 4, seatsAfter: 1 });

  // The group grows in the directory: within the delay the expansion already read still counts.
  org.groups[0].members.push(userId(4), userId(5));
  directory.set(org);
  clock += 9_999;
  expect((await ledger.listApps(tenantId))[0].seatsAssigned).toBe(4);

  // After it, every view asks the directory again: over-assigned, new seats refused, the confirmation
  // (which would now free more seats than shown) refused.
  clock += 2;
  expect((await ledger.listApps(tenantId))[0]).toMatchObject({ seatsAssigned: 6, overAssigned: true });
  expect((await ledger.details(tenantId, 'crm')).holders[0].memberCount).toBe(5);
  expect((await refusal(ledger.assign(actor, 'crm', [userId(11)]))).kind).toBe('NotEnoughSeats');
  expect((await refusal(ledger.confirmUnassign(actor, shown.confirmationId))).kind).toBe(
    'ConfirmationChanged',
  );
});

/**
 * A change starts from the head this instance saw last (ledgerCache `latestHead`), which another
 * instance may have replaced since. Each way that guess can be wrong must end as on a fresh read.
 */
describe('a change decided on a head another instance has replaced since', () => {
  async function twoInstances(seats: number) {
    const tenantId = newTenant();
    const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 40, { 1: range(1, 5) }));
    const storeA = fixture.store();
    const a = new LicenseLedger({ store: storeA, directory, limits });
    const b = new LicenseLedger({
      store: fixture.store(undefined, await fixture.openStack()),
      directory,
      limits,
    });
    const actor = admin(tenantId);
    await a.putCatalog(tenantId, [app('crm', seats)]);
    return { tenantId, directory, a, b, storeA, actor };
  }

  test('a commit on it is refused (412) and the change is decided again: nothing lost, seats exact', async () => {
    const { tenantId, directory, a, b, storeA, actor } = await twoInstances(10);
    await a.assign(actor, 'crm', [userId(1)]);
    await b.assign(actor, 'crm', [userId(2), userId(3)]);
    storeA.resetCounts();
    const outcome = await a.assign(actor, 'crm', [userId(4), userId(2)]);
    // Catalog, then the commit on a's stale head (refused: the SDK gives a refused batch no status,
    // so the head is read to tell a conflict from a failure), then read the head and commit again
    // (with 4 direct users the inline 3 are sealed into a chunk first: one more write).
    expect(storeA.requestCounts()).toMatchObject({ reads: 3, writes: 3 });
    expect(outcome.assigned.map((ref) => ref.id)).toEqual([userId(4)]);
    expect(outcome.alreadyAssigned.map((ref) => ref.id)).toEqual([userId(2)]);
    expect(outcome).toMatchObject({ seatsBefore: 3, seatsAfter: 4 });
    const final = await checkConsistency(fixture.container, directory, tenantId, 'crm');
    expect(final.assignments).toEqual([1, 2, 3, 4].map((n) => `u:${userId(n)}`).sort());
  });

  test('a refusal for lack of seats is never given on it: seats freed elsewhere are used', async () => {
    const { a, b, actor, tenantId } = await twoInstances(3);
    await a.assign(actor, 'crm', [1, 2, 3].map(userId));
    const { confirmationId } = await b.prepareUnassign(actor, 'crm', [userId(1)]);
    await b.confirmUnassign(actor, confirmationId);
    // a's last head says 3 of 3 seats: on it, user 4 would be refused.
    const outcome = await a.assign(actor, 'crm', [userId(4)]);
    expect(outcome).toMatchObject({ seatsBefore: 2, seatsAfter: 3 });
    expect((await a.listApps(tenantId))[0]).toMatchObject({ seatsAssigned: 3, seatsAvailable: 0 });
  });

  test('"already assigned" is never answered on it: a user unassigned elsewhere is assigned again', async () => {
    const { a, b, actor, directory, tenantId } = await twoInstances(10);
    await a.assign(actor, 'crm', [userId(1), userId(2)]);
    const { confirmationId } = await b.prepareUnassign(actor, 'crm', [userId(1)]);
    await b.confirmUnassign(actor, confirmationId);
    // On a's last head user 1 still holds it: nothing to do, no commit to prove the head current.
    const outcome = await a.assign(actor, 'crm', [userId(1)]);
    expect(outcome.assigned.map((ref) => ref.id)).toEqual([userId(1)]);
    expect(outcome.alreadyAssigned).toEqual([]);
    const final = await checkConsistency(fixture.container, directory, tenantId, 'crm');
    expect(final.assignments).toEqual([`u:${userId(1)}`, `u:${userId(2)}`].sort());
  });

  test('a confirmation used through another instance is refused as used, not applied on it', async () => {
    const { a, b, actor, directory, tenantId } = await twoInstances(10);
    await a.assign(actor, 'crm', [userId(1), userId(2)]);
    const { confirmationId } = await a.prepareUnassign(actor, 'crm', [userId(1)]);
    await b.confirmUnassign(actor, confirmationId);
    // a created the confirmation and holds the head from before b's commit.
    const error = await refusal(a.confirmUnassign(actor, confirmationId));
    expect(error.kind).toBe('ConfirmationUsed');
    expect((await a.getConfirmation(actor, confirmationId)).status).toBe('used');
    const final = await checkConsistency(fixture.container, directory, tenantId, 'crm');
    expect(final.assignments).toEqual([`u:${userId(2)}`]);
    expect(final.audit.filter((entry) => entry.confirmationId === confirmationId)).toHaveLength(1);
  });
});
