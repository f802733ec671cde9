/**
 * GET /api/v1/tenants/{tenantId}/apps/{appId}/users/{userId}, through real HTTP against the app as
 * `npm start` composes it (local mode, embedded Cosmos, sample organisation): after an assignment made
 * in the chat, through a nested group, by address, after an unassign (within the staleness bound),
 * with the subscription suspended and expired, for an unknown user; and no Cosmos request on a warm
 * instance. Every answer is checked against the OpenAPI document.
 */
import { performance } from 'node:perf_hooks';
import { startTestApp, type TestApp } from '../harness/testApp';
import type { TeamsTestClient } from '../harness/teamsClient';
import { ApiClient, appPath } from './support/apiClient';

const BOB = 'a0c00004-0000-4000-8000-000000000004'; // Sales and Marketing
const ADELE = 'a0c00001-0000-4000-8000-000000000001'; // All Staff directly
const DIEGO = 'a0c00005-0000-4000-8000-000000000005'; // Sales
const SALES = 'b0c00001-0000-4000-8000-000000000001';
const ALL_STAFF = 'b0c00004-0000-4000-8000-000000000004'; // Sales and Marketing nested
const MAX_AGE_MS = 1000;

let t: TestApp;
let admin: TeamsTestClient;
let api: ApiClient;
beforeAll(async () => {
  t = await startTestApp({ env: { LICENSE_CHECK_MAX_AGE_SECONDS: String(MAX_AGE_MS / 1000) } });
  admin = t.client();
  api = new ApiClient(t.app.url);
});
afterAll(async () => {
  await t.stop();
});

const check = async (appId: string, user: string) => (await api.get(`${appPath(appId)}/users/${user}`)).body;

/** Polls the check until `done` holds; returns the answer and how long it took. */
async function until(appId: string, user: string, done: (body: Record<string, any>) => boolean) {
  const started = Date.now();
  for (;;) {
    const body = await check(appId, user);
    if (done(body)) return { body, ms: Date.now() - started };
    if (Date.now() - started > 10 * MAX_AGE_MS) throw new Error(`still ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function unassignInChat(command: string): Promise<void> {
  const confirmation = await admin.send(command);
  await admin.click(confirmation.card!, 'Unassign', { replyToId: confirmation.replies[0].activityId });
}

test('a user assigned in the chat is licensed, directly; by object id and by address', async () => {
  expect(await check('contoso-crm', BOB)).toMatchObject({ licensed: false, reason: 'noSeat' });
  await admin.send('assign Contoso CRM to bob@contoso.com');
  const { body } = await until('contoso-crm', BOB, (answer) => answer.licensed);
  expect(body).toMatchObject({
    userId: BOB,
    licensed: true,
    via: { direct: true, groups: [] },
    subscription: { state: 'active', seatsPurchased: 25, seatsAssigned: 1, overAssignedBy: 0 },
  });
  expect(body.reason).toBeUndefined();
  expect(await check('contoso-crm', 'BOB@contoso.com')).toMatchObject({ userId: BOB, licensed: true });
});

test('through a nested group: the assigned group is named, whatever group in it holds the user', async () => {
  await admin.send('assign Northwind Timesheets to All Staff group');
  const { body } = await until('northwind-timesheets', DIEGO, (answer) => answer.licensed);
  expect(body.via).toEqual({
    direct: false,
    groups: [{ kind: 'group', id: ALL_STAFF, displayName: 'All Staff' }],
  });
  expect(await check('northwind-timesheets', ADELE)).toMatchObject({ licensed: true });
  await admin.send('assign Northwind Timesheets to Sales group');
  const both = await until('northwind-timesheets', DIEGO, (answer) => answer.via.groups.length === 2);
  expect(both.body.via.groups.map((group: { id: string }) => group.id).sort()).toEqual(
    [SALES, ALL_STAFF].sort(),
  );
});

test('an unassign takes effect within LICENSE_CHECK_MAX_AGE_SECONDS, and the answer says how old it is', async () => {
  await admin.send('assign Fabrikam Expenses to Diego Siciliani');
  await until('fabrikam-expenses', DIEGO, (answer) => answer.licensed);
  await unassignInChat('unassign Fabrikam Expenses from Diego Siciliani');
  const removedAt = Date.now();
  const { body, ms } = await until('fabrikam-expenses', DIEGO, (answer) => !answer.licensed);
  expect(body).toMatchObject({ licensed: false, reason: 'noSeat', via: { direct: false, groups: [] } });
  // Within the bound, plus one polling interval and the request itself.
  expect(ms).toBeLessThanOrEqual(MAX_AGE_MS + 250);
  expect(Date.parse(body.asOf)).toBeGreaterThanOrEqual(removedAt - MAX_AGE_MS);
});

test('suspended or expired: not licensed with the reason; the assignments are kept for when it is active', async () => {
  await admin.send('assign Litware Sondages to Bob Kelly');
  await until('litware-sondages', BOB, (answer) => answer.licensed);
  const subscription = `${appPath('litware-sondages')}/subscription`;
  await api.put(subscription, { seats: 5, state: 'suspended', operationId: 'suspend-1' });
  const suspended = await until('litware-sondages', BOB, (answer) => !answer.licensed);
  expect(suspended.body).toMatchObject({
    reason: 'subscriptionSuspended',
    via: { direct: true },
    subscription: { state: 'suspended' },
  });
  await api.put(subscription, { seats: 5, state: 'expired', operationId: 'expire-1' });
  expect(
    (await until('litware-sondages', BOB, (answer) => answer.reason === 'subscriptionExpired')).body,
  ).toMatchObject({
    licensed: false,
  });
  await api.put(subscription, { seats: 5, state: 'active', renewsOn: '2027-06-30', operationId: 'renew-1' });
  const active = await until('litware-sondages', BOB, (answer) => answer.licensed);
  expect(active.body.subscription).toMatchObject({ state: 'active', renewsOn: '2027-06-30' });
});

test('an unknown user, by id or address, is not licensed: unknownUser', async () => {
  expect(await check('contoso-crm', 'a0c00099-0000-4000-8000-000000000099')).toMatchObject({
    licensed: false,
    reason: 'unknownUser',
  });
  expect(await check('contoso-crm', 'nobody@contoso.com')).toMatchObject({
    licensed: false,
    reason: 'unknownUser',
  });
  // A group is not a user.
  expect(await check('contoso-crm', SALES)).toMatchObject({ reason: 'unknownUser' });
});

test('a warm instance answers checks without Cosmos; after the bound, one refresh serves them all', async () => {
  await admin.send('assign Contoso CRM to Sales group');
  await until('contoso-crm', DIEGO, (answer) => answer.licensed);
  const batch = async () => {
    t.app.store.resetCounts();
    const started = performance.now();
    await Promise.all(Array.from({ length: 64 }, () => check('contoso-crm', DIEGO)));
    // Each bound that ran out during the batch allows one more refresh (a loaded machine is slow).
    return {
      ...t.app.store.requestCounts(),
      expired: Math.floor((performance.now() - started) / MAX_AGE_MS),
    };
  };
  // Just refreshed: the 64 checks are answered from the snapshot.
  await new Promise((resolve) => setTimeout(resolve, MAX_AGE_MS + 50));
  await check('contoso-crm', DIEGO);
  const warm = await batch();
  expect(warm).toMatchObject({ writes: 0, queries: 0, bulk: 0 });
  expect(warm.reads).toBeLessThanOrEqual(2 * warm.expired);
  // Past the bound: the catalog and the app's ledger head are read once for all 64.
  await new Promise((resolve) => setTimeout(resolve, MAX_AGE_MS + 50));
  const refreshed = await batch();
  expect(refreshed).toMatchObject({ writes: 0, queries: 0, bulk: 0 });
  expect(refreshed.reads).toBeGreaterThanOrEqual(2);
  expect(refreshed.reads).toBeLessThanOrEqual(2 * (1 + refreshed.expired));
});
