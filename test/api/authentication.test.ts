/**
 * The licensing API with MicrosoftAppId set, as in production: only Microsoft Entra ID access tokens
 * for License Desk's API (audience api://<MicrosoftAppId> or the app id), checked against the keys of
 * Entra's OpenID metadata (a loopback authority here); the calling app (azp/appid) must be one of the
 * app's vendor.clientIds, and a vendor sees only its own apps: another vendor's app answers exactly as
 * an app that does not exist. Also the per-caller rate limit: 429 with Retry-After.
 */
import { signingKey } from '../reliability/support/botFrameworkAuthority';
import type { TestApp } from '../harness/testApp';
import { ApiClient, appPath, SAMPLE_TENANT } from './support/apiClient';
import { EntraAuthority } from './support/entraAuthority';
import { API_APP_ID as APP_ID, startProductionApp } from './support/productionApp';

const CONTOSO_APP = 'c1c1c1c1-0000-4000-8000-000000000001'; // Contoso Ltd's app (contoso-crm)
const NORTHWIND_APP = 'c2c2c2c2-0000-4000-8000-000000000002'; // Northwind Traders' app
const STRANGER = 'c3c3c3c3-0000-4000-8000-000000000003';
const BOB = 'a0c00004-0000-4000-8000-000000000004';
const RATE = 20;

let authority: EntraAuthority;
let t: TestApp;
let api: ApiClient;
beforeAll(async () => {
  authority = await new EntraAuthority().start();
  t = await startProductionApp(authority, { API_RATE_LIMIT_PER_SECOND: String(RATE) });
  // The vendors' client ids, as `npm run catalog` or the vendor's first PUT would set them.
  const apps = await t.app.ledger.getCatalog(SAMPLE_TENANT);
  await t.app.ledger.putCatalog(
    SAMPLE_TENANT,
    apps.map((app) =>
      app.appId === 'contoso-crm'
        ? { ...app, vendor: { ...app.vendor, clientIds: [CONTOSO_APP] } }
        : app.appId === 'northwind-timesheets'
          ? { ...app, vendor: { ...app.vendor, clientIds: [NORTHWIND_APP] } }
          : app,
    ),
  );
  api = new ApiClient(t.app.url);
});
afterAll(async () => {
  await t?.stop();
  await authority?.stop();
});

const CHECK = `${appPath('contoso-crm')}/users/${BOB}`;
const contoso = () => authority.token(CONTOSO_APP, `api://${APP_ID}`);

test('a vendor app with a valid token checks seats of its own app, with either audience form', async () => {
  expect((await api.get(CHECK, { token: contoso() })).body).toMatchObject({
    appId: 'contoso-crm',
    licensed: false,
  });
  const bare = authority.token(CONTOSO_APP, APP_ID);
  expect((await api.get(CHECK, { token: bare })).status).toBe(200);
  // A v1 token names the calling app in appid.
  const v1 = authority.token('', `api://${APP_ID}`, { azp: undefined, appid: CONTOSO_APP });
  expect((await api.get(CHECK, { token: v1 })).status).toBe(200);
});

const now = Math.floor(Date.now() / 1000);
test.each([
  ['no token', undefined],
  ['a malformed token', 'not.a.token'],
  [
    'an expired token',
    () => authority.token(CONTOSO_APP, `api://${APP_ID}`, { exp: now - 3600, nbf: now - 7200 }),
  ],
  ['a token not yet valid', () => authority.token(CONTOSO_APP, `api://${APP_ID}`, { nbf: now + 3600 })],
  ['another audience', () => authority.token(CONTOSO_APP, 'api://someone-else')],
  [
    'another issuer',
    () => authority.token(CONTOSO_APP, `api://${APP_ID}`, { iss: 'https://evil.example/v2.0' }),
  ],
  [
    'a key Entra does not publish',
    () => authority.token(CONTOSO_APP, `api://${APP_ID}`, {}, { key: signingKey('entra-key-1') }),
  ],
  [
    'alg none',
    () =>
      `${contoso()
        .split('.')
        .slice(0, 2)
        .join('.')
        .replace(/^[^.]+/, Buffer.from('{"alg":"none"}').toString('base64url'))}.`,
  ],
  [
    'a tampered payload',
    () => {
      const [head, , signature] = contoso().split('.');
      const payload = Buffer.from(
        JSON.stringify({ aud: `api://${APP_ID}`, azp: NORTHWIND_APP, tid: 'x', exp: now + 999 }),
      ).toString('base64url');
      return `${head}.${payload}.${signature}`;
    },
  ],
  ['no calling app', () => authority.token('', `api://${APP_ID}`, { azp: undefined })],
])('%s: 401 problem naming the Authorization header', async (_what, token) => {
  const value = typeof token === 'function' ? token() : token;
  const answer = await api.call('GET', CHECK, value ? { headers: { authorization: `Bearer ${value}` } } : {});
  expect(answer).toMatchObject({ status: 401, body: { field: 'header.authorization' } });
  expect(answer.headers.get('www-authenticate')).toBe('Bearer');
});

test('a user’s delegated token (scp) is refused: 403', async () => {
  const delegated = authority.token(CONTOSO_APP, `api://${APP_ID}`, { scp: 'user_impersonation', oid: BOB });
  expect((await api.get(CHECK, { token: delegated })).status).toBe(403);
});

test('a vendor sees only its own apps: another vendor’s app answers as one that does not exist', async () => {
  const northwind = authority.token(NORTHWIND_APP, `api://${APP_ID}`);
  const stranger = authority.token(STRANGER, `api://${APP_ID}`);
  const theirs = await api.get(CHECK, { token: northwind });
  const none = await api.get(`${appPath('no-such-app')}/users/${BOB}`, { token: northwind });
  expect(theirs.status).toBe(404);
  expect({ ...theirs.body, detail: '' }).toEqual({ ...none.body, detail: '' });
  for (const path of ['assignments', 'changes'])
    expect((await api.get(`${appPath('contoso-crm')}/${path}`, { token: stranger })).status).toBe(404);
  expect((await api.get(`${appPath('northwind-timesheets')}/assignments`, { token: northwind })).status).toBe(
    200,
  );
  const sub = { seats: 1, state: 'active', operationId: 'steal-1' };
  expect((await api.put(`${appPath('contoso-crm')}/subscription`, sub, { token: northwind })).status).toBe(
    404,
  );
  // PUT on another vendor's app id is refused, and a new app must name its caller.
  const fields = {
    name: 'Contoso CRM',
    vendor: {
      name: 'Northwind',
      email: 'a@northwind.example',
      website: 'https://northwind.example',
      clientIds: [NORTHWIND_APP],
    },
    installUrl: 'https://northwind.example/i',
  };
  expect((await api.put(appPath('contoso-crm'), fields, { token: northwind })).status).toBe(403);
  const orphan = { ...fields, vendor: { ...fields.vendor, clientIds: [STRANGER] } };
  expect((await api.put(appPath('northwind-new'), orphan, { token: northwind })).body.field).toBe(
    'body.vendor.clientIds',
  );
  expect((await api.put(appPath('northwind-new'), fields, { token: northwind })).status).toBe(201);
  expect((await api.get(`${appPath('northwind-new')}/assignments`, { token: stranger })).status).toBe(404);
});

test('over the rate: 429 with Retry-After; other callers are not held back', async () => {
  const token = authority.token(STRANGER, `api://${APP_ID}`);
  // Four seconds' worth at once: however slow the machine, the bucket runs dry.
  const answers = await Promise.all(Array.from({ length: RATE * 4 }, () => api.get(CHECK, { token })));
  const limited = answers.filter((answer) => answer.status === 429);
  expect(limited.length).toBeGreaterThan(0);
  expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect((await api.get(CHECK, { token: contoso() })).status).toBe(200);
});
