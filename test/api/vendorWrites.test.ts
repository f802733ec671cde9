/**
 * The vendor's writes: PUT .../apps/{appId} (add or update the app in the customer's catalog) and
 * PUT .../apps/{appId}/subscription (seats and state, idempotent by operationId, audited as the
 * vendor), and the over-assignment they can cause, end to end: the vendor cuts seats below what is
 * assigned → the chat's details say over by N and refuse new assignments with the numbers → the admin
 * unassigns → the check answers not licensed for the removed user.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main as loadCatalog } from '../../bot/cli/loadCatalog';
import { startTestApp, type TestApp } from '../harness/testApp';
import { actionsOf, cardOf, textsOf, type TeamsTestClient } from '../harness/teamsClient';
import { waitFor } from '../harness/waitFor';
import { ApiClient, appPath, SAMPLE_TENANT } from './support/apiClient';

const DIEGO = 'a0c00005-0000-4000-8000-000000000005';
const GRADY = 'a0c00006-0000-4000-8000-000000000006';

let t: TestApp;
let admin: TeamsTestClient;
let api: ApiClient;
beforeAll(async () => {
  t = await startTestApp({ env: { LICENSE_CHECK_MAX_AGE_SECONDS: '0', CATALOG_CACHE_SECONDS: '0' } });
  admin = t.client();
  api = new ApiClient(t.app.url);
});
afterAll(async () => {
  await t.stop();
});

const tailspin = {
  name: 'Tailspin Flights',
  vendor: { name: 'Tailspin Toys', email: 'licensing@tailspin.example', website: 'https://tailspin.example' },
  installUrl: 'https://tailspin.example/install',
  description: 'Travel booking',
};
const texts = async (command: string) => textsOf((await admin.send(command)).card!);

test('PUT app: 201 adds it with no seat, 200 updates it; the chat lists it', async () => {
  const created = await api.put(appPath('tailspin-flights'), tailspin);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    appId: 'tailspin-flights',
    seatsPurchased: 0,
    subscription: { state: 'active' },
  });
  const updated = await api.put(appPath('tailspin-flights'), { ...tailspin, name: 'Tailspin Travel' });
  expect(updated.status).toBe(200);
  expect(updated.body.name).toBe('Tailspin Travel');
  expect((await texts('licenses')).join('\n')).toContain('Tailspin Travel');
  // Seats come from the subscription, never from the app's PUT.
  const seats = await api.put(appPath('tailspin-flights'), { ...tailspin, seatsPurchased: 10 });
  expect(seats).toMatchObject({ status: 400, body: { field: 'body.seatsPurchased' } });
});

test.each([
  ['an empty name', { ...tailspin, name: '' }, 'body.name'],
  ['an ftp install link', { ...tailspin, installUrl: 'ftp://x.example' }, 'body.installUrl'],
  ['no address', { ...tailspin, vendor: { ...tailspin.vendor, email: 'nobody' } }, 'body.vendor.email'],
  [
    'a client id that is no GUID',
    { ...tailspin, vendor: { ...tailspin.vendor, clientIds: ['x'] } },
    'body.vendor.clientIds',
  ],
  [
    'an unknown vendor field',
    { ...tailspin, vendor: { ...tailspin.vendor, phone: '1' } },
    'body.vendor.phone',
  ],
  ['an array', [tailspin], 'body'],
])('PUT app refuses %s, naming the field', async (_what, body, field) => {
  const answer = await api.put(appPath('tailspin-flights'), body);
  expect(answer).toMatchObject({ status: 400, body: { field } });
});

test('bad ids, media types, sizes and JSON: 400, 415, 413 as problems naming the field', async () => {
  expect((await api.put(appPath('../catalog'), tailspin)).status).toBe(404);
  expect((await api.put(appPath('bad id'), tailspin)).body.field).toBe('path.appId');
  expect((await api.put(appPath('x', 'not-a-tenant'), tailspin)).body.field).toBe('path.tenantId');
  const text = await api.call('PUT', appPath('tailspin-flights'), {
    rawBody: 'name=x',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(text).toMatchObject({ status: 415, body: { field: 'header.content-type' } });
  const large = await api.put(appPath('tailspin-flights'), { ...tailspin, description: 'x'.repeat(20_000) });
  expect(large).toMatchObject({ status: 413, body: { field: 'body' } });
  const broken = await api.call('PUT', appPath('tailspin-flights'), { rawBody: '{"name":' });
  expect(broken).toMatchObject({ status: 400, body: { field: 'body' } });
  expect((await api.call('DELETE', appPath('tailspin-flights'))).status).toBe(405);
});

test('PUT subscription is idempotent by operationId; another body under the same id is 409', async () => {
  const path = `${appPath('tailspin-flights')}/subscription`;
  const first = await api.put(path, {
    seats: 30,
    state: 'active',
    renewsOn: '2027-01-31',
    operationId: 'order-7',
  });
  expect(first.body).toMatchObject({ seatsPurchased: 30, replayed: false, renewsOn: '2027-01-31' });
  const again = await api.put(path, {
    seats: 30,
    state: 'active',
    renewsOn: '2027-01-31',
    operationId: 'order-7',
  });
  expect(again.body).toMatchObject({ seatsPurchased: 30, replayed: true });
  const reused = await api.put(path, { seats: 31, state: 'active', operationId: 'order-7' });
  expect(reused).toMatchObject({ status: 409, body: { field: 'body.operationId' } });
  const feed = await api.get(`${appPath('tailspin-flights')}/changes`);
  expect(feed.body.changes).toHaveLength(1);
  expect(feed.body.changes[0]).toMatchObject({
    action: 'subscription',
    actor: { kind: 'vendor', name: 'Tailspin Toys' },
  });
  expect((await api.put(path, { seats: 1, state: 'paused', operationId: 'x' })).body.field).toBe(
    'body.state',
  );
  expect((await api.put(path, { seats: -1, state: 'active', operationId: 'x' })).body.field).toBe(
    'body.seats',
  );
  expect((await api.put(path, { seats: 1, state: 'active' })).body.field).toBe('body.operationId');
  expect(
    (await api.put(path, { seats: 1, state: 'active', operationId: 'x', renewsOn: 'soon' })).body.field,
  ).toBe('body.renewsOn');
  expect(
    (await api.put(`${appPath('nope')}/subscription`, { seats: 1, state: 'active', operationId: 'x' }))
      .status,
  ).toBe(404);
});

test('over-assignment end to end: vendor cuts seats → chat says over by N → admin unassigns → not licensed', async () => {
  await admin.send('assign Contoso CRM to Sales group'); // 8 users
  const mark = t.connector.calls.length;
  const cut = await api.put(`${appPath('contoso-crm')}/subscription`, {
    seats: 5,
    state: 'active',
    operationId: 'cut-5',
  });
  expect(cut.body).toMatchObject({ seatsPurchased: 5, seatsAssigned: 8, overAssignedBy: 3 });
  // The admins are alerted (no alert channel: Adele's personal chat), and the alert offers to unassign.
  const [alert] = await waitFor(() => {
    const found = t.connector.since(mark, admin.conversationId).filter((call) =>
      textsOf(cardOf(call) ?? {})
        .join(' ')
        .includes('Contoso CRM is over-assigned'),
    );
    return found.length > 0 && found;
  });
  expect(textsOf(cardOf(alert)!).join(' ')).toContain(
    '8 people hold Contoso CRM and only 5 seats are purchased: 3 too many. Nobody loses a seat; new assignments are refused. Unassign someone or buy seats from the vendor.',
  );
  expect(actionsOf(cardOf(alert)!).map((action) => action.title)).toContain('Details');
  // Nobody lost a seat.
  expect((await api.get(`${appPath('contoso-crm')}/users/${DIEGO}`)).body.licensed).toBe(true);

  expect(await texts('details Contoso CRM')).toContain(
    'The vendor reduced the seats of this app to 5, and 8 users hold it. Nobody loses a seat; new assignments are refused until you unassign 3 or the vendor adds seats.',
  );
  expect((await texts('licenses')).join('\n')).toContain('Over-assigned: 8 users hold it for 5 seats.');
  expect(await texts('assign Contoso CRM to Alex Wilber')).toContain(
    'Not enough seats for Contoso CRM: this needs 1 seat and none is available (seats purchased: 5). Nothing was assigned. Unassign someone, or ask Contoso Ltd for more seats.',
  );
  expect((await texts('history Contoso CRM')).join('\n')).toContain(
    'The vendor Contoso Ltd set the subscription to 5 seats (active)',
  );

  await admin.send('assign Contoso CRM to Diego Siciliani and Grady Archie');
  const confirmation = await admin.send('unassign Contoso CRM from Sales');
  await admin.click(confirmation.card!, 'Unassign', { replyToId: confirmation.replies[0].activityId });
  const bob = await api.get(`${appPath('contoso-crm')}/users/bob@contoso.com`);
  expect(bob.body).toMatchObject({ licensed: false, reason: 'noSeat' });
  expect((await api.get(`${appPath('contoso-crm')}/users/${GRADY}`)).body).toMatchObject({
    licensed: true,
    subscription: { seatsAssigned: 2, overAssignedBy: 0 },
  });
});

test('npm run catalog (the same vendor-side code) keeps what the API set: subscription and client ids', async () => {
  const clientId = 'c1c1c1c1-0000-4000-8000-000000000001';
  const fabrikam = (await t.app.ledger.getCatalog(SAMPLE_TENANT)).find(
    (app) => app.appId === 'fabrikam-expenses',
  )!;
  await api.put(appPath('fabrikam-expenses'), {
    name: fabrikam.name,
    vendor: { ...fabrikam.vendor, clientIds: [clientId] },
    installUrl: fabrikam.installUrl,
  });
  await api.put(`${appPath('fabrikam-expenses')}/subscription`, {
    seats: 12,
    state: 'suspended',
    operationId: 'pause-1',
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'api-catalog-')), 'catalog.json');
  writeFileSync(file, readFileSync(path.join(__dirname, '../../data/sample/catalog.json')));
  const code = await loadCatalog([file, '--force'], {
    COSMOS_ENDPOINT: t.app.embedded!.endpoint,
    COSMOS_KEY: t.app.embedded!.key,
    LOG_LEVEL: 'silent',
  });
  expect(code).toBe(0);
  const after = (await t.app.ledger.readCatalogForChange(SAMPLE_TENANT))!.apps.find(
    (app) => app.appId === 'fabrikam-expenses',
  )!;
  expect(after).toMatchObject({
    seatsPurchased: 10,
    vendor: { clientIds: [clientId] },
    subscription: { state: 'suspended' },
  });
  expect(
    (
      await api.put(`${appPath('fabrikam-expenses')}/subscription`, {
        seats: 12,
        state: 'suspended',
        operationId: 'pause-1',
      })
    ).body.replayed,
  ).toBe(true);
});
