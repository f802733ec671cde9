import { LicenseError } from '../../bot/licensing/model';
import {
  OrganisationsDirectory,
  admin,
  app,
  ledgerWith,
  newTenant,
  organisationFor,
  SAMPLE_ORG,
  useCosmosFixture,
} from './harness';

const fixture = useCosmosFixture();

const id = (displayName: string) =>
  [...SAMPLE_ORG.users, ...SAMPLE_ORG.groups].find((p) => p.displayName === displayName)!.id;

/** Two organisations with the same app id and the same user and group ids, in one container. */
async function twoTenants() {
  const [a, b] = [newTenant(), newTenant()];
  const directory = new OrganisationsDirectory(organisationFor(a), organisationFor(b));
  // Tiny audit ring: both tenants get archived entries with identical ids (audit:crm:<seq>).
  const { ledger, store } = ledgerWith(fixture, directory, { limits: { auditRing: 2, auditEvictBatch: 1 } });
  await ledger.putCatalog(a, [app('crm', 25)]);
  await ledger.putCatalog(b, [app('crm', 3)]);
  return { ledger, store, a: admin(a), b: admin(b) };
}

test('assignments, seats, details and history never cross tenants', async () => {
  const { ledger, a, b } = await twoTenants();
  for (const name of ['Sales', 'Adele Vance', 'Alex Wilber', 'Marketing'])
    await ledger.assign(a, 'crm', [id(name)]);
  await ledger.assign(b, 'crm', [id('Bob Kelly')]);

  expect((await ledger.listApps(a.tenantId))[0]).toMatchObject({ seatsPurchased: 25, seatsAssigned: 14 });
  expect((await ledger.listApps(b.tenantId))[0]).toMatchObject({ seatsPurchased: 3, seatsAssigned: 1 });
  const details = await ledger.details(b.tenantId, 'crm');
  expect(details.holders.map((h) => h.id)).toEqual([id('Bob Kelly')]);
  // Tenant a's history goes past its ring into archived entries; b's has one entry.
  const historyA = await ledger.history(a.tenantId, 'crm', 100);
  expect(historyA.map((e) => e.seq)).toEqual([4, 3, 2, 1]);
  expect(historyA.flatMap((e) => e.principals.map((p) => p.displayName))).not.toContain('Bob Kelly');
  expect(await ledger.history(b.tenantId, 'crm', 100)).toEqual([
    expect.objectContaining({ seq: 1, principals: [expect.objectContaining({ id: id('Bob Kelly') })] }),
  ]);
  // b's seats are its own: Sales (8) does not fit into b's 3 although a holds it.
  await expect(ledger.assign(b, 'crm', [id('Sales')])).rejects.toMatchObject({ kind: 'NotEnoughSeats' });
});

test('a confirmation of one tenant cannot be read, confirmed or cancelled from another', async () => {
  const { ledger, a, b } = await twoTenants();
  await ledger.assign(a, 'crm', [id('Sales')]);
  await ledger.assign(b, 'crm', [id('Bob Kelly')]);
  const { confirmationId } = await ledger.prepareUnassign(a, 'crm', [id('Sales')]);
  const sameIdsInB = { ...b, userId: a.userId, name: a.name };
  for (const attempt of [
    ledger.confirmUnassign(sameIdsInB, confirmationId),
    ledger.cancelUnassign(sameIdsInB, confirmationId),
    ledger.getConfirmation(sameIdsInB, confirmationId),
  ]) {
    await expect(attempt).rejects.toEqual(new LicenseError('ConfirmationNotFound', { confirmationId }));
  }
  await expect(ledger.prepareUnassign(b, 'crm', [id('Sales')])).rejects.toMatchObject({
    kind: 'NothingToUnassign',
  });
  await ledger.confirmUnassign(a, confirmationId);
  expect((await ledger.listApps(b.tenantId))[0].seatsAssigned).toBe(1);
  expect((await ledger.listApps(a.tenantId))[0].seatsAssigned).toBe(0);
});

test('catalogs are per tenant', async () => {
  const { ledger, a, b } = await twoTenants();
  await ledger.putCatalog(a.tenantId, [app('crm', 25), app('other', 1)]);
  expect((await ledger.getCatalog(a.tenantId)).map((x) => x.appId)).toEqual(['crm', 'other']);
  expect((await ledger.getCatalog(b.tenantId)).map((x) => x.appId)).toEqual(['crm']);
  await expect(ledger.details(b.tenantId, 'other')).rejects.toMatchObject({ kind: 'AppNotFound' });
});

test('a query naming no tenant still sees only its own tenant', async () => {
  const { ledger, store, a, b } = await twoTenants();
  await ledger.assign(a, 'crm', [id('Sales')]);
  await ledger.assign(b, 'crm', [id('Bob Kelly')]);
  const page = await store.queryPage(a.tenantId, { where: 'true' }, { pageSize: 100 });
  expect(page.items.length).toBeGreaterThan(0);
  expect(page.items.every((doc) => doc.tenantId === a.tenantId)).toBe(true);
  await expect(
    store.queryPage(a.tenantId, { where: 'c.tenantId = @tenantId' }, { pageSize: 1 }),
  ).rejects.toThrow(/@tenantId is bound by the store/);
});
