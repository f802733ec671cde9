import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  EMBEDDED_COSMOS_KEY,
  startEmbeddedCosmos,
  type EmbeddedCosmos,
} from '../../bot/storage/embedded/embeddedCosmosServer';
import { LoopbackConnector } from '../harness/loopbackConnector';
import { SAMPLE_TENANT, TeamsTestClient, textsOf } from '../harness/teamsClient';
import { BotFrameworkAuthority, channelToken, jwt, signingKey } from './support/botFrameworkAuthority';
import { freePort, ledgerOn, startChildBot, type ChildBot } from './support/childBot';
import { CosmosProxy } from './support/cosmosProxy';
import { generateCase } from './support/fuzzInputs';
import { Random } from './support/random';

/**
 * Everything the bot writes while it works, fails and is attacked, at the most verbose level, with
 * every secret a production bot holds configured: each stdout line is a structured (pino) record,
 * and no line anywhere holds a password, key, token or request signature.
 */

const APP_ID = '7d0c4a51-2b1e-4f3a-8c9d-0e1f2a3b4c5d';
// Made per run: the scan looks for these exact values in the output.
const APP_PASSWORD = `the-app-password-${randomBytes(6).toString('hex')}-must-never-be-logged`;
const DIALOG_SECRET = `dialog-token-secret-must-never-be-logged-${randomBytes(12).toString('hex')}`;
const INSTRUMENTATION_KEY = randomUUID();

const channelKey = signingKey('log-test-key');
let authority: BotFrameworkAuthority;
let connector: LoopbackConnector;
let cosmos: EmbeddedCosmos;
let proxy: CosmosProxy;
let bot: ChildBot;
let dataDir: string;
/** Tokens seen during the run: sent to the bot, given by the bot, signed for the dialog. */
const tokens: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'license-desk-logs-'));
  [authority, connector, cosmos] = await Promise.all([
    new BotFrameworkAuthority(() => [channelKey.publicJwk]).start(),
    new LoopbackConnector().start(),
    startEmbeddedCosmos({ port: await freePort(), dataDir }),
  ]);
  proxy = await new CosmosProxy(cosmos.endpoint).start();
  const { ledger } = await ledgerOn(Number(new URL(cosmos.endpoint).port));
  const sample = JSON.parse(
    readFileSync(path.join(__dirname, '..', '..', 'data', 'sample', 'catalog.json'), 'utf8'),
  );
  await ledger.putCatalog(sample.tenantId, sample.apps);
  bot = await startChildBot({
    dataDir: path.join(dataDir, 'unused'),
    env: {
      LOG_LEVEL: 'trace',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_PASSWORD,
      DIALOG_TOKEN_SECRET: DIALOG_SECRET,
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: 'https://licensedesk.contoso.test',
      ALLOW_SAMPLE_DATA: 'true',
      BOT_OPENID_METADATA_URL: authority.metadataUrl,
      BOT_LOGIN_URL: authority.loginUrl,
      NODE_EXTRA_CA_CERTS: authority.caFile,
      COSMOS_ENDPOINT: proxy.endpoint,
      COSMOS_KEY: EMBEDDED_COSMOS_KEY,
      COSMOS_REQUEST_TIMEOUT_MS: '300',
      // Telemetry on, towards an address that refuses: its key must not show either.
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${INSTRUMENTATION_KEY};IngestionEndpoint=https://127.0.0.1:${await freePort()}/`,
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    },
  });
});

afterAll(async () => {
  await bot?.stop();
  await Promise.all([connector?.stop(), authority?.stop(), proxy?.stop()]);
  await cosmos?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function bearer(): string {
  const token = channelToken(APP_ID, connector.url, channelKey);
  tokens.push(token);
  return `Bearer ${token}`;
}

const client = () => new TeamsTestClient(bot.url, connector, { authorization: bearer() });

test('a working day, with failures and attacks, at LOG_LEVEL=trace', async () => {
  // Work.
  for (const text of [
    'help',
    'licenses',
    'assign Contoso CRM to Sales group',
    'details Contoso CRM',
    'history Contoso CRM',
  ]) {
    expect((await client().send(text)).replies).toHaveLength(1);
  }
  const admin = client();
  const ask = await admin.send('unassign Contoso CRM from Sales group');
  const confirm = await admin.click(ask.card!, 'Unassign', { replyToId: ask.replies[0].activityId });
  expect(textsOf(confirm.replacement!)).toContain('Unassigned: Contoso CRM');

  // The Assign licenses dialog: its signed token travels in a URL and a header.
  const fetchTask = await client().invoke('task/fetch', {
    data: { verb: 'assign.open', appId: 'contoso-crm' },
    context: { theme: 'default' },
  });
  const url = new URL(fetchTask.body.task.value.url);
  const paneToken = url.searchParams.get('token')!;
  tokens.push(paneToken);
  expect((await fetch(`${bot.url}${url.pathname}${url.search}`)).status).toBe(200);
  const search = await fetch(`${bot.url}/api/dialog/principals?q=Bo`, {
    headers: { authorization: `Bearer ${paneToken}` },
  });
  expect(search.status).toBe(200);
  const forged = await fetch(`${bot.url}/api/dialog/principals?q=Bo`, {
    headers: { authorization: `Bearer ${paneToken.slice(0, -4)}AAAA` },
  });
  expect(forged.status).toBe(401);

  // The Bot Framework service throttling and failing our replies.
  // Only the admin's conversation fails: the notice to Bob, sent meanwhile in the background, would
  // otherwise take some of these failures and let the reply through before it fails for good.
  const replying = client();
  connector.failNext({
    status: 503,
    count: 40,
    retryAfterSeconds: 0,
    conversationId: replying.conversationId,
  });
  await replying.send('assign Fabrikam Expenses to Bob Kelly');
  (connector as unknown as { faults: unknown[] }).faults.length = 0;
  connector.failNext({ status: 404, count: 1 });
  await client().send('licenses');

  // Cosmos throttling, stalling, gone.
  proxy.inject({ kind: 'throttle', retryAfterMs: 20 }, 20);
  await client().send('details Fabrikam Expenses');
  proxy.inject({ kind: 'stall' }, 3);
  await client().send('details Fabrikam Expenses');
  await proxy.down();
  expect(
    textsOf((await client().send('assign Litware Sondages to Patti Fernandez')).card!).join(' '),
  ).toMatch(/cannot reach its storage/);
  await proxy.up();

  // Forged and stolen-looking tokens.
  for (const authorization of [
    'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.',
    `Bearer ${jwt({ iss: 'https://api.botframework.com', aud: APP_ID }, signingKey('x').privateKey, { kid: channelKey.kid })}`,
    `Basic ${Buffer.from(`${APP_ID}:${APP_PASSWORD}`).toString('base64')}`,
  ]) {
    const turn = await new TeamsTestClient(bot.url, connector, { authorization }).send('licenses');
    expect(turn.status).toBe(401);
  }

  // Hostile input with valid tokens.
  const random = new Random(4242);
  for (let n = 0; n < 300; n++) {
    const c = generateCase(
      random,
      n,
      connector.url,
      { adeleConfirmations: [], meganConfirmations: [] },
      256 * 1024,
    );
    await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': c.contentType ?? 'application/json', authorization: bearer() },
      body: c.raw ?? JSON.stringify(c.body),
    }).catch(() => undefined);
  }
  tokens.push(...authority.issued);
  expect(authority.issued.length).toBeGreaterThan(0);
}, 120_000);

test('every stdout line is a structured record, the ready line included', () => {
  const stdout = bot.output().split('\n').filter(Boolean);
  const lines = stdout.filter((line) => line.startsWith('{'));
  expect(lines.length).toBeGreaterThan(10);
  expect(bot.logs()).toContainEqual(
    expect.objectContaining({ level: 30, msg: expect.stringMatching(/^License Desk ready in/) }),
  );
  for (const line of bot.logs()) {
    expect(line).toEqual(
      expect.objectContaining({
        level: expect.any(Number),
        time: expect.any(Number),
        msg: expect.any(String),
      }),
    );
  }
  // What operators need to see is there: replies refused, storage failing, requests refused.
  const messages = new Set(bot.logs().map((line) => line.msg));
  for (const msg of [
    'connector call failed for good',
    'storage failed',
    'activity refused',
    'activity refused: not authenticated',
  ]) {
    expect(messages).toContain(msg);
  }
});

test('every request has its line, every change its audit line, every warning of a turn its tenant and activity', () => {
  const logs = bot.logs();
  const requests = logs.filter((line) => line.msg === 'request');
  expect(requests.length).toBeGreaterThan(300);
  for (const line of requests) {
    expect(line).toEqual(
      expect.objectContaining({
        requestId: expect.any(String),
        method: expect.any(String),
        path: expect.any(String),
        status: expect.any(Number),
        durationMs: expect.any(Number),
      }),
    );
  }
  const commands = new Set(requests.map((line) => line.command));
  for (const command of [
    'help',
    'list',
    'assign',
    'details',
    'history',
    'unassign',
    'action:unassign.confirm',
  ]) {
    expect(commands).toContain(command);
  }
  expect(logs.filter((line) => line.msg === 'license change').map((line) => line.audit)).toEqual(
    expect.arrayContaining(['assign', 'unassign']),
  );
  // A warning written while an authenticated activity is handled names its tenant and activity.
  const turnWarnings = logs.filter((line) => (line.level as number) >= 40 && line.command !== undefined);
  expect(turnWarnings.length).toBeGreaterThan(0);
  for (const line of turnWarnings) {
    expect(line).toEqual(
      expect.objectContaining({ requestId: expect.any(String), activityId: expect.any(String) }),
    );
  }
  expect(turnWarnings.some((line) => line.tenantId === SAMPLE_TENANT)).toBe(true);
});

test('no password, key, token or signature anywhere in the output', () => {
  const output = bot.output();
  const leaks: string[] = [];
  for (const secret of [APP_PASSWORD, DIALOG_SECRET, EMBEDDED_COSMOS_KEY, INSTRUMENTATION_KEY, ...tokens]) {
    if (output.includes(secret)) leaks.push(`${secret.slice(0, 12)}…`);
  }
  for (const pattern of [
    /bearer\s+[\w.-]{8,}/i,
    /basic\s+[\w+/=]{8,}/i,
    /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/,
    /type=master|sig=/i,
    /client_secret/i,
    /"(?:password|secret|key|token|authorization|accessToken|access_token)":"(?!\[redacted\])/i,
  ]) {
    const found = pattern.exec(output);
    if (found) leaks.push(`${pattern}: …${output.slice(Math.max(0, found.index - 80), found.index + 40)}…`);
  }
  expect(leaks).toEqual([]);
});
