import { createHmac, createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../bot/config/config';
import { LoopbackConnector } from '../harness/loopbackConnector';
import { SAMPLE_TENANT, TeamsTestClient, textsOf } from '../harness/teamsClient';
import { waitFor } from '../harness/waitFor';
import { BotFrameworkAuthority, jwt, signingKey } from './support/botFrameworkAuthority';
import { ledgerOn, startChildBot, type ChildBot } from './support/childBot';

/**
 * With MicrosoftAppId set, /api/messages takes only Bot Framework tokens, checked by botbuilder
 * against the signing keys the (loopback) Bot Framework publishes; the bot answers with a token of
 * its own from the (loopback) Microsoft Entra authority. Every other token is 401, and nothing of
 * its request runs or is stored.
 */

const APP_ID = '5a3e1f2b-7c4d-4e8f-9a0b-1c2d3e4f5a6b';
// Credentials are made per run: the test only needs them to be unguessable and recognisable.
const APP_PASSWORD = `app-password-${randomBytes(8).toString('hex')}!never-in-a-log`;
const DIALOG_SECRET = `dialog-secret-${randomBytes(24).toString('hex')}`;
const CHANNEL_ISSUER = 'https://api.botframework.com';

const channelKey = signingKey('channel-key-1');
const unendorsedKey = signingKey('other-channel-key', ['webchat']);
const strangerKey = signingKey('channel-key-1');

let authority: BotFrameworkAuthority;
let connector: LoopbackConnector;
let bot: ChildBot;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'license-desk-auth-'));
  [authority, connector] = await Promise.all([
    new BotFrameworkAuthority(() => [channelKey.publicJwk, unendorsedKey.publicJwk]).start(),
    new LoopbackConnector().start(),
  ]);
  bot = await startChildBot({
    dataDir,
    env: {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_PASSWORD,
      MicrosoftAppType: 'MultiTenant',
      DIALOG_TOKEN_SECRET: DIALOG_SECRET,
      HOST: '127.0.0.1',
      // Production checks pass: a public origin, and the test's embedded store and sample tenant opted in.
      PUBLIC_BASE_URL: 'https://licensedesk.contoso.test',
      ALLOW_EMBEDDED_COSMOS: 'true',
      ALLOW_SAMPLE_DATA: 'true',
      BOT_OPENID_METADATA_URL: authority.metadataUrl,
      BOT_LOGIN_URL: authority.loginUrl,
      NODE_EXTRA_CA_CERTS: authority.caFile,
    },
  });
});

afterAll(async () => {
  await bot?.stop();
  await Promise.all([connector?.stop(), authority?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

const now = () => Math.floor(Date.now() / 1000);

/** The claims the Bot Framework puts in a token for a request to this bot through `serviceUrl`. */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: CHANNEL_ISSUER,
    aud: APP_ID,
    serviceurl: connector.url,
    nbf: now() - 60,
    iat: now() - 60,
    exp: now() + 3600,
    ...overrides,
  };
}

const validToken = () => jwt(claims(), channelKey.privateKey, { kid: channelKey.kid });

function client(authorization?: string): TeamsTestClient {
  return new TeamsTestClient(bot.url, connector, authorization ? { authorization } : {});
}

test('a valid Bot Framework token: the message is processed and the reply carries the bot’s own token', async () => {
  const token = validToken();
  const turn = await client(`Bearer ${token}`).send('licenses');
  expect(turn.status).toBe(200);
  expect(turn.replies).toHaveLength(1);
  expect(textsOf(turn.card!)).toContain('Licenses');

  // The bot logged in as itself, with its secret, for the Bot Framework scope...
  expect(authority.tokenRequests).toEqual([
    {
      clientId: APP_ID,
      clientSecret: APP_PASSWORD,
      scope: 'https://api.botframework.com/.default',
      grantType: 'client_credentials',
    },
  ]);
  // ...and the connector saw that token, not the one the bot was sent.
  expect(turn.replies[0].authorization).toBe(`Bearer ${authority.issued[0]}`);
});

test('an assign with a valid token changes the ledger (the control for the refusals below)', async () => {
  const turn = await client(`Bearer ${validToken()}`).send('assign Fabrikam Expenses to Bob Kelly');
  expect(textsOf(turn.card!)).toContain('Licenses assigned: Fabrikam Expenses');
  // Its notice to Bob goes out in the background and ends with an update of this card ("Told n of 1."):
  // waited for, so those connector calls are not taken for calls made on a refused request below.
  const cardId = turn.replies[0].activityId;
  await waitFor(() =>
    connector.calls.some(
      (c) =>
        c.op === 'update' && c.activityId === cardId && /Told \d of 1\./.test(JSON.stringify(c.activity)),
    ),
  );
});

const forged: [string, () => string | undefined][] = [
  ['no Authorization header', () => undefined],
  ['an empty bearer', () => 'Bearer '],
  ['not a bearer scheme', () => `Basic ${Buffer.from(`${APP_ID}:${APP_PASSWORD}`).toString('base64')}`],
  ['not a JWT', () => 'Bearer not.a.jwt'],
  [
    'expired',
    () =>
      `Bearer ${jwt(claims({ exp: now() - 3600, iat: now() - 7200, nbf: now() - 7200 }), channelKey.privateKey, { kid: channelKey.kid })}`,
  ],
  [
    'not yet valid',
    () => `Bearer ${jwt(claims({ nbf: now() + 3600 }), channelKey.privateKey, { kid: channelKey.kid })}`,
  ],
  [
    'for another bot (audience)',
    () =>
      `Bearer ${jwt(claims({ aud: '00000000-1111-4222-8333-444444444444' }), channelKey.privateKey, { kid: channelKey.kid })}`,
  ],
  [
    'from another issuer',
    () =>
      `Bearer ${jwt(claims({ iss: 'https://evil.example' }), channelKey.privateKey, { kid: channelKey.kid })}`,
  ],
  [
    'signed by a stranger with a published key id',
    () => `Bearer ${jwt(claims(), strangerKey.privateKey, { kid: channelKey.kid })}`,
  ],
  [
    'signed with an unknown key id',
    () => `Bearer ${jwt(claims(), strangerKey.privateKey, { kid: 'unknown-key' })}`,
  ],
  [
    'from a key not endorsed for Teams',
    () => `Bearer ${jwt(claims(), unendorsedKey.privateKey, { kid: unendorsedKey.kid })}`,
  ],
  [
    'for another serviceUrl',
    () =>
      `Bearer ${jwt(claims({ serviceurl: 'https://attacker.example/' }), channelKey.privateKey, { kid: channelKey.kid })}`,
  ],
  [
    'unsigned (alg none)',
    () => {
      const [, body] = validToken().split('.');
      const head = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: channelKey.kid })).toString(
        'base64url',
      );
      return `Bearer ${head}.${body}.`;
    },
  ],
  [
    'HMAC-signed with the published public key as the secret',
    () => {
      const head = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: channelKey.kid })).toString(
        'base64url',
      );
      const body = Buffer.from(JSON.stringify(claims())).toString('base64url');
      const pem = createPublicKey(channelKey.privateKey).export({ format: 'pem', type: 'spki' });
      const signature = createHmac('sha256', pem).update(`${head}.${body}`).digest('base64url');
      return `Bearer ${head}.${body}.${signature}`;
    },
  ],
  [
    'tampered payload',
    () => {
      const [head, , signature] = validToken().split('.');
      const body = Buffer.from(JSON.stringify(claims({ aud: APP_ID, extra: 'x' }))).toString('base64url');
      return `Bearer ${head}.${body}.${signature}`;
    },
  ],
];

test.each(forged)('%s → 401, nothing processed or stored', async (_label, header) => {
  const marks = { calls: connector.calls.length, tokens: authority.tokenRequests.length };
  const turn = await client(header()).send('assign Litware Sondages to Patti Fernandez');
  expect(turn.status).toBe(401);
  expect(connector.calls.length).toBe(marks.calls);
  const invoke = await client(header()).invoke('adaptiveCard/action', {
    action: { type: 'Action.Execute', verb: 'list', data: {} },
  });
  expect(invoke.status).toBe(401);
  expect(invoke.body?.value).toBeUndefined();
  expect(connector.calls.length).toBe(marks.calls);
});

test('after every refusal, the ledger holds only the control assign', async () => {
  const { ledger } = await ledgerOn(bot.cosmosPort);
  expect(await ledger.history(SAMPLE_TENANT, 'litware-sondages')).toEqual([]);
  expect((await ledger.details(SAMPLE_TENANT, 'litware-sondages')).seatsAssigned).toBe(0);
  expect((await ledger.history(SAMPLE_TENANT, 'fabrikam-expenses')).map((e) => e.action)).toEqual(['assign']);
});

test('the bot’s secret, the tokens it was sent and the tokens it got appear in no log line', () => {
  const output = bot.output();
  expect(output.length).toBeGreaterThan(0);
  for (const secret of [APP_PASSWORD, DIALOG_SECRET, ...authority.issued])
    expect(output).not.toContain(secret);
  // No JWT (three base64url parts starting with a JSON header) of any kind.
  expect(output).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/);
  expect(output).not.toMatch(/bearer\s+\S{8,}/i);
});

test('without an app id the bot is open, so it listens on loopback only (README: never expose it)', () => {
  expect(loadConfig({}).bot).toBeUndefined();
  expect(loadConfig({}).host).toBe('127.0.0.1');
  const authenticated = loadConfig({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: APP_PASSWORD,
    DIALOG_TOKEN_SECRET: DIALOG_SECRET,
    PUBLIC_BASE_URL: 'https://licensedesk.contoso.test',
    ALLOW_EMBEDDED_COSMOS: 'true',
    ALLOW_SAMPLE_DATA: 'true',
  });
  expect(authenticated.host).toBe('0.0.0.0');
  expect(() => loadConfig({ MicrosoftAppId: APP_ID })).toThrow(/MicrosoftAppPassword/);
  expect(() =>
    loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_PASSWORD,
      DIALOG_TOKEN_SECRET: DIALOG_SECRET,
      BOT_LOGIN_URL: 'http://127.0.0.1:1/botframework.com',
    }),
  ).toThrow(/BOT_LOGIN_URL must be an https URL/);
});
