import type { LedgerDeps } from '../../bot/licensing/ledger';
import { LicenseError } from '../../bot/licensing/model';
import {
  OrganisationsDirectory,
  SAMPLE_ORG,
  admin,
  app,
  ledgerWith,
  newTenant,
  organisationFor,
  useCosmosFixture,
} from './harness';

const fixture = useCosmosFixture();

const id = (displayName: string) =>
  [...SAMPLE_ORG.users, ...SAMPLE_ORG.groups].find((p) => p.displayName === displayName)!.id;
const SALES = id('Sales'); // 8 users
const MARKETING = id('Marketing'); // 6 users, 2 of them also in Sales
const ALL_STAFF = id('All Staff'); // Sales + Marketing + 4 users = 16
const BOB = id('Bob Kelly'); // in Sales and Marketing
const ADELE = id('Adele Vance'); // in All Staff only

async function setup(seats: number, extra: Partial<LedgerDeps> = {}) {
  const tenantId = newTenant();
  const org = organisationFor(tenantId);
  const directory = new OrganisationsDirectory(org);
  const { ledger } = ledgerWith(fixture, directory, extra);
  await ledger.putCatalog(tenantId, [app('crm', seats)]);
  return { tenantId, org, directory, ledger, actor: admin(tenantId) };
}

async function refusal(promise: Promise<unknown>): Promise<LicenseError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LicenseError);
  return error as LicenseError;
}

test('a user holding the app directly and through a group uses one seat', async () => {
  const { ledger, actor, tenantId } = await setup(25);
  const first = await ledger.assign(actor, 'crm', [SALES]);
  expect(first.seatsAfter).toBe(8);
  const second = await ledger.assign(actor, 'crm', [BOB]);
  expect(second.assigned.map((p) => p.id)).toEqual([BOB]);
  expect(second).toMatchObject({ seatsBefore: 8, seatsAfter: 8 });
  const both = await ledger.assign(actor, 'crm', [MARKETING]);
  expect(both.seatsAfter).toBe(12);
  const [seats] = await ledger.listApps(tenantId);
  expect(seats).toMatchObject({
    seatsPurchased: 25,
    seatsAssigned: 12,
    seatsAvailable: 13,
    overAssigned: false,
  });
});

test('principals already assigned are reported, not duplicated', async () => {
  const { ledger, actor, tenantId } = await setup(25);
  await ledger.assign(actor, 'crm', [SALES]);
  const again = await ledger.assign(actor, 'crm', [SALES, ADELE]);
  expect(again.alreadyAssigned.map((p) => p.id)).toEqual([SALES]);
  expect(again.assigned.map((p) => p.id)).toEqual([ADELE]);
  const details = await ledger.details(tenantId, 'crm');
  expect(details.totalHolders).toBe(2);
  expect(await ledger.history(tenantId, 'crm')).toHaveLength(2);
});

test('nested groups count their transitive members once', async () => {
  const { ledger, actor, tenantId } = await setup(25);
  const outcome = await ledger.assign(actor, 'crm', [ALL_STAFF, SALES]);
  expect(outcome.seatsAfter).toBe(16);
  const details = await ledger.details(tenantId, 'crm');
  expect(details.holders.find((h) => h.id === ALL_STAFF)).toMatchObject({ kind: 'group', memberCount: 16 });
});

test('a group larger than the seats left is refused whole, with the numbers', async () => {
  const { ledger, actor, tenantId } = await setup(10);
  await ledger.assign(actor, 'crm', [SALES]);
  const error = await refusal(ledger.assign(actor, 'crm', [ADELE, MARKETING]));
  expect(error.kind).toBe('NotEnoughSeats');
  expect(error.params).toEqual({ needed: 5, available: 2, purchased: 10, assigned: 8 });
  const details = await ledger.details(tenantId, 'crm');
  expect(details.seatsAssigned).toBe(8);
  expect(details.totalHolders).toBe(1);
  expect(await ledger.history(tenantId, 'crm')).toHaveLength(1);
});

test('assigning exactly up to the seats purchased succeeds; one more is refused', async () => {
  const { ledger, actor, tenantId } = await setup(12);
  const outcome = await ledger.assign(actor, 'crm', [SALES, MARKETING]);
  expect(outcome.seats).toEqual({
    seatsPurchased: 12,
    seatsAssigned: 12,
    seatsAvailable: 0,
    overAssigned: false,
  });
  expect((await refusal(ledger.assign(actor, 'crm', [ADELE]))).params).toMatchObject({
    needed: 1,
    available: 0,
  });
  // A user who already holds it through a group needs no seat.
  expect((await ledger.assign(actor, 'crm', [BOB])).seatsAfter).toBe(12);
  expect((await ledger.listApps(tenantId))[0].seatsAssigned).toBe(12);
});

test('unassigning a user who keeps the app through a group frees no seat and says so', async () => {
  const { ledger, actor } = await setup(25);
  await ledger.assign(actor, 'crm', [SALES, BOB]);
  const preview = await ledger.previewUnassign(actor, 'crm', [BOB]);
  expect(preview.seatsBefore).toBe(8);
  expect(preview.seatsAfter).toBe(8);
  expect(preview.effects).toEqual([
    {
      principal: { kind: 'user', id: BOB, displayName: 'Bob Kelly' },
      seatsFreed: 0,
      keptCount: 1,
      keptThrough: [
        { userId: BOB, displayName: 'Bob Kelly', via: [{ kind: 'group', id: SALES, displayName: 'Sales' }] },
      ],
    },
  ]);
  const confirmation = await ledger.prepareUnassign(actor, 'crm', [BOB]);
  const outcome = await ledger.confirmUnassign(actor, confirmation.confirmationId);
  expect(outcome).toMatchObject({ seatsBefore: 8, seatsAfter: 8, removed: [{ id: BOB }] });
});

test('unassigning a group frees the seats of members who hold it no other way', async () => {
  const { ledger, actor } = await setup(25);
  await ledger.assign(actor, 'crm', [SALES, MARKETING, BOB]);
  const preview = await ledger.previewUnassign(actor, 'crm', [SALES, ADELE]);
  expect(preview.notAssigned.map((p) => p.id)).toEqual([ADELE]);
  const [sales] = preview.effects;
  // Of Sales' 8: Bob (direct and Marketing) and Lee Gu (Marketing) keep it.
  expect(sales.seatsFreed).toBe(6);
  expect(sales.keptCount).toBe(2);
  // Bob keeps it directly and through Marketing: both are named, his own assignment first.
  expect(sales.keptThrough.find((k) => k.userId === BOB)?.via).toMatchObject([
    { kind: 'user', id: BOB },
    { kind: 'group', id: MARKETING },
  ]);
  expect(preview).toMatchObject({ seatsBefore: 12, seatsAfter: 6 });
});

test('principals named but not assigned say how they hold the app anyway: every group, members counted', async () => {
  const { ledger, actor } = await setup(25);
  await ledger.assign(actor, 'crm', [SALES, ALL_STAFF, id('Megan Bowen')]);
  const preview = await ledger.previewUnassign(actor, 'crm', [id('Diego Siciliani'), MARKETING, ADELE]);
  expect(preview.effects).toEqual([]);
  expect(preview.notAssigned).toEqual([
    {
      kind: 'user',
      id: id('Diego Siciliani'),
      displayName: 'Diego Siciliani',
      heldThrough: [
        { kind: 'group', id: SALES, displayName: 'Sales' },
        { kind: 'group', id: ALL_STAFF, displayName: 'All Staff' },
      ],
    },
    {
      kind: 'group',
      id: MARKETING,
      displayName: 'Marketing',
      // All Staff covers the six members, Sales two of them; Megan Bowen is also assigned directly.
      heldThrough: [
        { kind: 'group', id: ALL_STAFF, displayName: 'All Staff' },
        { kind: 'group', id: SALES, displayName: 'Sales' },
      ],
      membersHolding: 6,
      memberCount: 6,
      membersDirect: 1,
    },
    {
      kind: 'user',
      id: ADELE,
      displayName: 'Adele Vance',
      heldThrough: [{ kind: 'group', id: ALL_STAFF, displayName: 'All Staff' }],
    },
  ]);
});

test('a group that grew after its assignment shows as over-assigned and blocks new seats', async () => {
  // Membership asked of the directory every time (the default reuses an expansion for a few seconds:
  // test/licensing/caches.test.ts).
  const { ledger, actor, tenantId, org, directory } = await setup(8, { membershipCacheMs: 0 });
  await ledger.assign(actor, 'crm', [SALES]);
  const sales = org.groups.find((g) => g.id === SALES)!;
  sales.members.push(id('Adele Vance'), id('Alex Wilber'));
  directory.set(org);
  const [seats] = await ledger.listApps(tenantId);
  expect(seats).toMatchObject({
    seatsPurchased: 8,
    seatsAssigned: 10,
    seatsAvailable: 0,
    overAssigned: true,
  });
  const details = await ledger.details(tenantId, 'crm');
  expect(details).toMatchObject({ seatsAssigned: 10, overAssigned: true });
  expect(details.holders[0].memberCount).toBe(10);
  expect((await refusal(ledger.assign(actor, 'crm', [id('Megan Bowen')]))).kind).toBe('NotEnoughSeats');
  // Giving a member a direct assignment takes no new seat, so it is allowed.
  expect((await ledger.assign(actor, 'crm', [ADELE])).seatsAfter).toBe(10);
});

test('unknown principals, apps and catalogs are refused by kind', async () => {
  const { ledger, actor } = await setup(5);
  expect((await refusal(ledger.assign(actor, 'crm', ['nobody']))).kind).toBe('PrincipalNotFound');
  expect((await refusal(ledger.assign(actor, 'nope', [BOB]))).kind).toBe('AppNotFound');
  expect((await refusal(ledger.assign(actor, 'crm', []))).kind).toBe('NothingToAssign');
  expect((await refusal(ledger.prepareUnassign(actor, 'crm', [BOB]))).kind).toBe('NothingToUnassign');
  const other = admin(newTenant());
  const { ledger: empty } = ledgerWith(fixture, new OrganisationsDirectory(organisationFor(other.tenantId)));
  expect((await refusal(empty.listApps(other.tenantId))).kind).toBe('CatalogMissing');
  expect((await refusal(empty.getCatalog(other.tenantId))).kind).toBe('CatalogMissing');
});
