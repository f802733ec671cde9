import { LicenseLedger } from '../../bot/licensing/ledger';
import {
  CosmosFixture,
  OrganisationsDirectory,
  admin,
  app,
  checkConsistency,
  generatedOrganisation,
  groupId,
  newTenant,
  settle,
  userId,
} from './harness';

/** Two bot instances: each its own CosmosClient, container object and DocumentStore. */
const fixture = new CosmosFixture();
let second: CosmosFixture['container'];
beforeAll(async () => {
  await fixture.start();
  second = await fixture.openStack();
});
afterAll(() => fixture.stop());

async function twoInstances(users: number, groups: Record<number, number[]> = {}) {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, users, groups));
  const instances = [
    new LicenseLedger({ store: fixture.store(), directory }),
    new LicenseLedger({ store: fixture.store({}, second), directory }),
  ];
  return { tenantId, directory, instances, actor: admin(tenantId) };
}

test('64 concurrent assigns from two instances for the last 10 seats: exactly 10 get one', async () => {
  const { tenantId, directory, instances, actor } = await twoInstances(100, { 1: range(1, 20) });
  await instances[0].putCatalog(tenantId, [app('crm', 30)]);
  await instances[0].assign(actor, 'crm', [groupId(1)]);

  const contenders = range(21, 84);
  const { values, errors } = await settle(
    contenders.map((n, i) => instances[i % 2].assign(admin(tenantId, `Admin ${i}`), 'crm', [userId(n)])),
  );

  expect(values).toHaveLength(10);
  expect(errors).toEqual({ NotEnoughSeats: 54 });
  expect(new Set(values.map((outcome) => outcome.seatsAfter))).toEqual(new Set(range(21, 30)));
  const [seats] = await instances[1].listApps(tenantId);
  expect(seats).toMatchObject({ seatsAssigned: 30, seatsAvailable: 0, overAssigned: false });
  const state = await checkConsistency(fixture.container, directory, tenantId, 'crm');
  expect(state.seats).toBe(30);
  expect(state.audit).toHaveLength(11);
  const winners = values.map((outcome) => `u:${outcome.assigned[0].id.toLowerCase()}`).sort();
  expect(state.assignments.filter((key) => key.startsWith('u:'))).toEqual(winners);
});

test('concurrent assigns that all fit are all kept: no update is lost', async () => {
  const { tenantId, directory, instances, actor } = await twoInstances(60);
  await instances[0].putCatalog(tenantId, [app('crm', 100)]);
  const { values, errors } = await settle(
    range(1, 40).map((n) => instances[n % 2].assign(actor, 'crm', [userId(n)])),
  );
  expect(errors).toEqual({});
  expect(values).toHaveLength(40);
  const state = await checkConsistency(fixture.container, directory, tenantId, 'crm');
  expect(state.assignments).toHaveLength(40);
  expect(state.audit).toHaveLength(40);
});

test('one confirmation confirmed 100 times concurrently has exactly one effect and one audit entry', async () => {
  const { tenantId, directory, instances, actor } = await twoInstances(30, { 1: range(1, 10) });
  await instances[0].putCatalog(tenantId, [app('crm', 30)]);
  await instances[0].assign(actor, 'crm', [groupId(1), userId(20)]);
  const confirmation = await instances[1].prepareUnassign(actor, 'crm', [groupId(1)]);

  const { values, errors } = await settle(
    Array.from({ length: 100 }, (_, i) =>
      instances[i % 2].confirmUnassign(actor, confirmation.confirmationId),
    ),
  );

  expect(values).toHaveLength(1);
  expect(values[0]).toMatchObject({ seatsBefore: 11, seatsAfter: 1, removed: [{ id: groupId(1) }] });
  expect(errors).toEqual({ ConfirmationUsed: 99 });
  const state = await checkConsistency(fixture.container, directory, tenantId, 'crm');
  expect(state.assignments).toEqual([`u:${userId(20)}`]);
  expect(state.audit.filter((entry) => entry.action === 'unassign')).toHaveLength(1);
  expect((await instances[0].getConfirmation(actor, confirmation.confirmationId)).status).toBe('used');
});

test('confirm and cancel racing: exactly one of them wins, and the outcome agrees with the ledger', async () => {
  for (let round = 0; round < 5; round++) {
    const { tenantId, directory, instances, actor } = await twoInstances(10);
    await instances[0].putCatalog(tenantId, [app('crm', 10)]);
    await instances[0].assign(actor, 'crm', [userId(1)]);
    const { confirmationId } = await instances[0].prepareUnassign(actor, 'crm', [userId(1)]);
    const confirms = Array.from({ length: 10 }, (_, i) =>
      instances[i % 2].confirmUnassign(actor, confirmationId),
    );
    const cancels = Array.from({ length: 10 }, (_, i) =>
      instances[(i + 1) % 2].cancelUnassign(actor, confirmationId),
    );
    const confirmed = await settle(confirms);
    const cancelled = await settle(cancels);
    const state = await checkConsistency(fixture.container, directory, tenantId, 'crm');
    const { status } = await instances[1].getConfirmation(actor, confirmationId);
    if (confirmed.values.length === 1) {
      expect(status).toBe('used');
      expect(state.assignments).toEqual([]);
      expect(cancelled.values).toHaveLength(0);
    } else {
      expect(confirmed.values).toHaveLength(0);
      expect(status).toBe('cancelled');
      expect(state.assignments).toEqual([`u:${userId(1)}`]);
      expect(cancelled.errors).toEqual({});
    }
  }
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
