import type { LedgerDeps } from '../../bot/licensing/ledger';
import { LicenseError } from '../../bot/licensing/model';
import {
  OrganisationsDirectory,
  admin,
  app,
  generatedOrganisation,
  groupId,
  ledgerWith,
  newTenant,
  userId,
  useCosmosFixture,
} from './harness';

const fixture = useCosmosFixture();

async function setup(extra: Partial<LedgerDeps> = {}) {
  const tenantId = newTenant();
  const org = generatedOrganisation(tenantId, 20, { 1: [1, 2, 3], 2: [3, 4] });
  const directory = new OrganisationsDirectory(org);
  let clock = Date.parse('2030-01-01T09:00:00Z');
  const { ledger, store } = ledgerWith(fixture, directory, { now: () => new Date(clock), ...extra });
  const actor = admin(tenantId);
  await ledger.putCatalog(tenantId, [app('crm', 10)]);
  await ledger.assign(actor, 'crm', [groupId(1), userId(10)]);
  const advance = (ms: number) => (clock += ms);
  return { tenantId, org, directory, ledger, store, actor, advance };
}

const minutes = (n: number) => n * 60 * 1000;

test('the preview is stored with the confirmation, bound to the admin, and expires after 15 minutes', async () => {
  const { ledger, actor, advance } = await setup();
  const confirmation = await ledger.prepareUnassign(actor, 'crm', [groupId(1), userId(11)]);
  expect(confirmation.expiresAt).toBe('2030-01-01T09:15:00.000Z');
  expect(confirmation.preview).toMatchObject({
    seatsBefore: 4,
    seatsAfter: 1,
    notAssigned: [{ id: userId(11) }],
    effects: [{ principal: { id: groupId(1), kind: 'group' }, seatsFreed: 3, keptCount: 0 }],
  });
  const other = admin(actor.tenantId, 'Megan Bowen', 'admin-2');
  await expect(ledger.confirmUnassign(other, confirmation.confirmationId)).rejects.toMatchObject({
    kind: 'ConfirmationNotYours',
  });
  await expect(ledger.cancelUnassign(other, confirmation.confirmationId)).rejects.toMatchObject({
    kind: 'ConfirmationNotYours',
  });
  advance(minutes(15) + 1);
  expect((await ledger.getConfirmation(actor, confirmation.confirmationId)).status).toBe('expired');
  await expect(ledger.confirmUnassign(actor, confirmation.confirmationId)).rejects.toEqual(
    new LicenseError('ConfirmationExpired', { confirmationId: confirmation.confirmationId }),
  );
  expect((await ledger.listApps(actor.tenantId))[0].seatsAssigned).toBe(4);
});

test('a cancelled confirmation cannot be used; cancelling twice is harmless', async () => {
  const { ledger, actor } = await setup();
  const { confirmationId } = await ledger.prepareUnassign(actor, 'crm', [userId(10)]);
  await ledger.cancelUnassign(actor, confirmationId);
  await ledger.cancelUnassign(actor, confirmationId);
  expect((await ledger.getConfirmation(actor, confirmationId)).status).toBe('cancelled');
  await expect(ledger.confirmUnassign(actor, confirmationId)).rejects.toMatchObject({
    kind: 'ConfirmationCancelled',
  });
  await expect(ledger.confirmUnassign(actor, 'no-such-id')).rejects.toMatchObject({
    kind: 'ConfirmationNotFound',
  });
  expect(await ledger.history(actor.tenantId, 'crm')).toHaveLength(1);
});

test('a used confirmation cannot be cancelled or used again', async () => {
  const { ledger, actor } = await setup();
  const { confirmationId } = await ledger.prepareUnassign(actor, 'crm', [userId(10)]);
  await ledger.confirmUnassign(actor, confirmationId);
  await expect(ledger.confirmUnassign(actor, confirmationId)).rejects.toMatchObject({
    kind: 'ConfirmationUsed',
  });
  await expect(ledger.cancelUnassign(actor, confirmationId)).rejects.toMatchObject({
    kind: 'ConfirmationUsed',
  });
  const [latest] = await ledger.history(actor.tenantId, 'crm');
  expect(latest).toMatchObject({ action: 'unassign', confirmationId, seatsBefore: 4, seatsAfter: 3 });
});

test('a confirmation whose subject changed since it was shown does nothing and says so', async () => {
  // Membership asked of the directory every time (the default reuses an expansion for a few seconds:
  // test/licensing/caches.test.ts).
  const { ledger, actor, org, directory } = await setup({ membershipCacheMs: 0 });
  // The group grew: more seats would come back than shown.
  const grew = await ledger.prepareUnassign(actor, 'crm', [groupId(1)]);
  org.groups[0].members.push(userId(5));
  directory.set(org);
  await expect(ledger.confirmUnassign(actor, grew.confirmationId)).rejects.toMatchObject({
    kind: 'ConfirmationChanged',
  });
  // Someone else removed the principal meanwhile.
  const mine = await ledger.prepareUnassign(actor, 'crm', [userId(10)]);
  const theirs = await ledger.prepareUnassign(actor, 'crm', [userId(10)]);
  await ledger.confirmUnassign(actor, theirs.confirmationId);
  await expect(ledger.confirmUnassign(actor, mine.confirmationId)).rejects.toMatchObject({
    kind: 'ConfirmationChanged',
  });
  // A user shown as keeping the app through another assignment lost it meanwhile.
  await ledger.assign(actor, 'crm', [userId(3)]);
  const kept = await ledger.prepareUnassign(actor, 'crm', [groupId(1)]);
  expect(kept.preview.effects[0]).toMatchObject({ seatsFreed: 3, keptCount: 1 });
  const removeDirect = await ledger.prepareUnassign(actor, 'crm', [userId(3)]);
  await ledger.confirmUnassign(actor, removeDirect.confirmationId);
  await expect(ledger.confirmUnassign(actor, kept.confirmationId)).rejects.toMatchObject({
    kind: 'ConfirmationChanged',
  });
  expect((await ledger.listApps(actor.tenantId))[0].seatsAssigned).toBe(4);
});

test('an unrelated change does not invalidate a confirmation', async () => {
  const { ledger, actor } = await setup();
  const confirmation = await ledger.prepareUnassign(actor, 'crm', [groupId(1)]);
  await ledger.assign(actor, 'crm', [userId(15)]);
  const outcome = await ledger.confirmUnassign(actor, confirmation.confirmationId);
  expect(outcome).toMatchObject({ seatsBefore: 5, seatsAfter: 2, removed: [{ id: groupId(1) }] });
});

test('sweep deletes confirmations long expired, never pending ones', async () => {
  const { ledger, actor, advance, tenantId } = await setup();
  const old = await ledger.prepareUnassign(actor, 'crm', [userId(10)]);
  advance(minutes(90));
  const fresh = await ledger.prepareUnassign(actor, 'crm', [userId(10)]);
  expect(await ledger.housekeeping.sweep(tenantId)).toEqual({ confirmations: 1, chunks: 0, auditDetails: 0 });
  await expect(ledger.getConfirmation(actor, old.confirmationId)).rejects.toMatchObject({
    kind: 'ConfirmationNotFound',
  });
  expect((await ledger.getConfirmation(actor, fresh.confirmationId)).status).toBe('pending');
});
