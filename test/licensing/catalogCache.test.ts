import {
  OrganisationsDirectory,
  admin,
  app,
  generatedOrganisation,
  ledgerWith,
  newTenant,
  userId,
  useCosmosFixture,
} from './harness';

/**
 * With `catalogCacheMs` (CATALOG_CACHE_SECONDS in the app) an instance reuses a tenant's catalog for
 * that long: a catalog written through it is seen at once, one written elsewhere after the delay.
 */
const fixture = useCosmosFixture();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('the catalog is read once per delay; its own writes are seen at once, others after the delay', async () => {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 10));
  const { ledger, store } = ledgerWith(fixture, directory, { catalogCacheMs: 300 });
  const vendor = ledgerWith(fixture, directory).ledger;
  const actor = admin(tenantId);

  // No catalog yet: that answer is never remembered, so a catalog loaded now is seen at once.
  await expect(ledger.getCatalog(tenantId)).rejects.toMatchObject({ kind: 'CatalogMissing' });
  await vendor.putCatalog(tenantId, [app('crm', 1)]);
  expect((await ledger.getCatalog(tenantId)).map((a) => a.seatsPurchased)).toEqual([1]);

  store.resetCounts();
  await ledger.assign(actor, 'crm', [userId(1)]);
  await ledger.details(tenantId, 'crm');
  // Two reads, both of the app's ledger head (assign: none yet; details); the catalog was not read.
  expect(store.requestCounts().reads).toBe(2);

  // Seats bought through another instance: refused here until the delay has passed, then used.
  await vendor.putCatalog(tenantId, [app('crm', 2)]);
  await expect(ledger.assign(actor, 'crm', [userId(2)])).rejects.toMatchObject({ kind: 'NotEnoughSeats' });
  await sleep(350);
  expect(await ledger.assign(actor, 'crm', [userId(2)])).toMatchObject({ seatsAfter: 2 });

  // Written through this instance: seen at once.
  await ledger.putCatalog(tenantId, [app('crm', 5)]);
  expect((await ledger.listApps(tenantId))[0]).toMatchObject({ seatsPurchased: 5, seatsAssigned: 2 });
});

test('with no delay (the default) every operation reads the catalog', async () => {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 10));
  const { ledger } = ledgerWith(fixture, directory);
  const vendor = ledgerWith(fixture, directory).ledger;
  await vendor.putCatalog(tenantId, [app('crm', 1)]);
  await ledger.assign(admin(tenantId), 'crm', [userId(1)]);
  await vendor.putCatalog(tenantId, [app('crm', 2)]);
  expect(await ledger.assign(admin(tenantId), 'crm', [userId(2)])).toMatchObject({ seatsAfter: 2 });
});
