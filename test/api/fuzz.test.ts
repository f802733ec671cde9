/**
 * Generated requests against the licensing API as a vendor's app (fixed seed; API_FUZZ_SEED,
 * API_FUZZ_CASES): ids well and badly formed, other tenants' and other vendors' apps, unknown and
 * repeated query parameters, bodies of every shape and content type. No 5xx; every answer is what the
 * OpenAPI document says (checked by the client); and nothing of another tenant or another vendor ever
 * shows: a name or id the request did not contain never appears in the answer.
 */
import type { TestApp } from '../harness/testApp';
import { Random } from '../reliability/support/random';
import { ApiClient, SAMPLE_TENANT } from './support/apiClient';
import { EntraAuthority } from './support/entraAuthority';
import { API_APP_ID as APP_ID, startProductionApp } from './support/productionApp';

const CONTOSO_APP = 'c1c1c1c1-0000-4000-8000-000000000001';
const NORTHWIND_APP = 'c2c2c2c2-0000-4000-8000-000000000002';
const OTHER_TENANT = '7e57e57e-0000-4000-8000-0000000000b2';
const BOB = 'a0c00004-0000-4000-8000-000000000004';
const PRADEEP = 'a0c00017-0000-4000-8000-000000000017'; // holds Northwind Timesheets only
const SEED = Number(process.env.API_FUZZ_SEED ?? 20261130);
const CASES = Number(process.env.API_FUZZ_CASES ?? 1500);

/**
 * What Contoso's app must never see unless its own request named it (or named what stands for it:
 * a user's id may answer a check that named the user's address).
 */
const SECRETS: [secret: string, namedBy: string[]][] = [
  ['Northwind Traders', []],
  ['northwind-timesheets', []],
  [NORTHWIND_APP, []],
  [PRADEEP, ['pradeep']],
  ['pradeep', []],
  ['Other Tenant Secret App', []],
  ['other-secret', []],
  [OTHER_TENANT, []],
  [SAMPLE_TENANT, []],
  ['Fabrikam', []],
];

let authority: EntraAuthority;
let t: TestApp;
let api: ApiClient;
beforeAll(async () => {
  authority = await new EntraAuthority().start();
  t = await startProductionApp(authority, { API_RATE_LIMIT_PER_SECOND: '100000', LOG_LEVEL: 'warn' });
  const { ledger } = t.app;
  const apps = await ledger.getCatalog(SAMPLE_TENANT);
  const owned = (appId: string) => (appId === 'contoso-crm' ? [CONTOSO_APP] : [NORTHWIND_APP]);
  await ledger.putCatalog(
    SAMPLE_TENANT,
    apps.map((app) => ({ ...app, vendor: { ...app.vendor, clientIds: owned(app.appId) } })),
  );
  await ledger.putCatalog(OTHER_TENANT, [
    {
      appId: 'other-secret',
      name: 'Other Tenant Secret App',
      vendor: {
        name: 'Northwind Traders',
        email: 'x@northwind.example',
        website: 'https://northwind.example',
        clientIds: [NORTHWIND_APP],
      },
      seatsPurchased: 3,
      installUrl: 'https://northwind.example/install',
    },
  ]);
  const admin = {
    tenantId: SAMPLE_TENANT,
    userId: 'a0c00001-0000-4000-8000-000000000001',
    name: 'Adele Vance',
  };
  await ledger.assign(admin, 'contoso-crm', ['b0c00001-0000-4000-8000-000000000001', BOB]);
  await ledger.assign(admin, 'northwind-timesheets', [PRADEEP]);
  await ledger.assign(admin, 'fabrikam-expenses', [PRADEEP]);
  api = new ApiClient(t.app.url, authority.token(CONTOSO_APP, `api://${APP_ID}`));
});
afterAll(async () => {
  await t?.stop();
  await authority?.stop();
});

function segment(random: Random, good: string[]): string {
  const weird = [
    '',
    '..',
    '%2e%2e',
    'a'.repeat(random.int(90, 400)),
    'UPPER-Case',
    'x%00y',
    '%F0%9F%92%A9',
    '${app}',
    "o'neil",
    'a.b_c-d',
    crypto.randomUUID(),
    `${random.int(0, 1e9)}@contoso.com`,
    'bob@contoso.com',
    '%40',
  ];
  return random.chance(0.85) ? random.pick(good) : random.pick(weird);
}

function request(random: Random): { method: string; path: string; body?: string; contentType?: string } {
  const tenant = segment(random, [
    SAMPLE_TENANT,
    SAMPLE_TENANT.toUpperCase(),
    OTHER_TENANT,
    crypto.randomUUID(),
  ]);
  const app = segment(random, [
    'contoso-crm',
    'northwind-timesheets',
    'fabrikam-expenses',
    'other-secret',
    'nope',
  ]);
  const user = segment(random, [
    BOB,
    PRADEEP,
    'bob@contoso.com',
    'pradeep.gupta@contoso.com',
    crypto.randomUUID(),
  ]);
  const base = `/api/v1/tenants/${tenant}/apps/${app}`;
  const query = (names: string[]) => {
    const pairs: string[] = [];
    for (let i = random.chance(0.5) ? 0 : random.int(1, 3); i > 0; i--)
      pairs.push(
        `${random.pick([...names, 'x', 'limit', 'cursor', 'after', 'LIMIT', ''])}=${encodeURIComponent(
          random.pick([
            '1',
            '0',
            '-1',
            '999999',
            'abc',
            '',
            '1e3',
            '0x10',
            'eyJ2IjoxLCJhZnRlciI6InoifQ',
            ' 5',
          ]),
        )}`,
      );
    return pairs.length ? `?${pairs.join('&')}` : '';
  };
  const body = () =>
    random.pick([
      JSON.stringify({
        seats: random.int(-2, 100),
        state: random.pick(['active', 'suspended', 'expired', 'x']),
        operationId: `op-${random.int(0, 30)}`,
      }),
      JSON.stringify({
        name: 'Fuzz',
        vendor: { name: 'V', email: 'v@x.example', website: 'https://x.example', clientIds: [CONTOSO_APP] },
        installUrl: 'https://x.example/i',
      }),
      JSON.stringify({
        name: 'Fuzz',
        vendor: { name: 'V', email: 'v@x.example', website: 'https://x.example', clientIds: [NORTHWIND_APP] },
        installUrl: 'https://x.example/i',
      }),
      JSON.stringify({ seats: 1.5, state: 'active', operationId: 'o', extra: true }),
      JSON.stringify([1, 2]),
      JSON.stringify('text'),
      'null',
      '{"seats":',
      'x'.repeat(random.int(0, 40_000)),
      '',
    ]);
  switch (random.int(0, 6)) {
    case 0:
    case 1:
      return { method: 'GET', path: `${base}/users/${user}${query([])}` };
    case 2:
      return { method: 'GET', path: `${base}/assignments${query(['cursor', 'limit'])}` };
    case 3:
      return { method: 'GET', path: `${base}/changes${query(['after', 'limit'])}` };
    case 4:
      return {
        method: 'PUT',
        path: `${base}/subscription${query([])}`,
        body: body(),
        contentType: random.pick([
          'application/json',
          'application/json; charset=utf-8',
          'text/plain',
          'application/x-www-form-urlencoded',
        ]),
      };
    case 5:
      return {
        method: 'PUT',
        path: base,
        body: body(),
        contentType: random.pick(['application/json', 'text/plain']),
      };
    default:
      return {
        method: random.pick(['POST', 'DELETE', 'PATCH', 'GET']),
        path: random.pick([base, `${base}/users`, '/api/v1/tenants', '/api/v1/x']),
      };
  }
}

test(`${CASES} generated requests: no 5xx, every answer per the document, nothing of others shows`, async () => {
  const random = new Random(SEED);
  const statuses = new Map<number, number>();
  for (let i = 0; i < CASES; i++) {
    const sent = request(random);
    let answer;
    try {
      answer = await api.call(sent.method, sent.path, {
        ...(sent.body !== undefined ? { rawBody: sent.body } : {}),
        headers: sent.contentType ? { 'content-type': sent.contentType } : {},
      });
    } catch (error) {
      throw new Error(
        `case ${i} (seed ${SEED}): ${sent.method} ${sent.path} ${sent.body?.slice(0, 200)}: ${(error as Error).message}`,
      );
    }
    statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    const asked = decodeURIComponent(safe(sent.path)).toLowerCase() + (sent.body ?? '').toLowerCase();
    const answered = JSON.stringify(answer.body).toLowerCase();
    for (const [secret, namedBy] of SECRETS)
      if (
        ![secret, ...namedBy].some((name) => asked.includes(name.toLowerCase())) &&
        answered.includes(secret.toLowerCase())
      )
        throw new Error(
          `case ${i}: ${sent.method} ${sent.path} answered ${answer.status} naming "${secret}": ${answered.slice(0, 400)}`,
        );
    expect(answer.status).toBeLessThan(500);
  }
  console.log(
    `licensing API fuzz, seed ${SEED}: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
  );
  expect(t.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
});

function safe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
