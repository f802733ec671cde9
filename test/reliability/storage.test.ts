import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../bot/storage/embedded/embeddedCosmosServer';
import { startTestApp, type TestApp } from '../harness/testApp';
import { SAMPLE_TENANT, textsOf } from '../harness/teamsClient';
import { freePort, startChildBot } from './support/childBot';
import { CosmosProxy } from './support/cosmosProxy';

/**
 * Cosmos DB under pressure: throttled (429), slow (timeouts), answers lost, unreachable. The bot
 * runs against a durable embedded server through a loopback proxy that injects the faults (the
 * embedded server itself never throttles), as it would run against Azure (COSMOS_ENDPOINT + key).
 */

const REQUEST_TIMEOUT_MS = 400;
const UNAVAILABLE = /cannot reach its storage right now\. Nothing was changed: please try again/;

let cosmos: EmbeddedCosmos;
let cosmosPort: number;
let dataDir: string;
let proxy: CosmosProxy;
let t: TestApp;

beforeAll(async () => {
  cosmosPort = await freePort();
  dataDir = mkdtempSync(path.join(tmpdir(), 'license-desk-storage-'));
  cosmos = await startEmbeddedCosmos({ port: cosmosPort, dataDir });
  proxy = await new CosmosProxy(cosmos.endpoint).start();
  t = await startTestApp({
    env: {
      COSMOS_ENDPOINT: proxy.endpoint,
      COSMOS_KEY: cosmos.key,
      COSMOS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    },
  });
  // The sample catalog is seeded only in embedded mode.
  const sample = JSON.parse(
    readFileSync(path.join(__dirname, '..', '..', 'data', 'sample', 'catalog.json'), 'utf8'),
  );
  await t.app.ledger.putCatalog(sample.tenantId, sample.apps);
});

afterEach(() => proxy.clear());

afterAll(async () => {
  await t.stop();
  await proxy.stop();
  await cosmos.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const writes = (req: IncomingMessage) =>
  req.method === 'POST' || req.method === 'PUT' || req.method === 'DELETE';
// A commit is the one transactional batch the bot sends: the ledger head with its seat summary.
const ledgerCommit = (req: IncomingMessage) =>
  req.method === 'POST' && req.headers['x-ms-cosmos-batch-atomic'] === 'true';
// Bulk requests (non-atomic batches), not the commit's transactional batch.
const bulkRequests = (req: IncomingMessage) =>
  req.headers['x-ms-cosmos-is-batch-request'] === 'true' &&
  req.headers['x-ms-cosmos-batch-atomic'] !== 'true';

async function seats(appId: string) {
  return (await t.app.ledger.details(SAMPLE_TENANT, appId)).seatsAssigned;
}

async function audit(appId: string) {
  return t.app.ledger.history(SAMPLE_TENANT, appId, 100);
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await run();
  return { value, ms: Date.now() - started };
}

test('throttled reads and writes (429 with a retry hint) are retried: the assign lands once', async () => {
  proxy.inject({ kind: 'throttle', retryAfterMs: 50 }, 12);
  const turn = await t.client().send('assign Contoso CRM to Sales group');
  expect(proxy.served.throttle).toBe(12);
  expect(textsOf(turn.card!)).toContain('Licenses assigned: Contoso CRM');
  expect(await seats('contoso-crm')).toBe(8);
  expect(await audit('contoso-crm')).toHaveLength(1);
});

test('a throttled commit of a confirmed unassign is retried: the seats come back once', async () => {
  const client = t.client();
  const ask = await client.send('unassign Contoso CRM from Sales group');
  proxy.inject({ kind: 'throttle', retryAfterMs: 30 }, 6, writes);
  const click = await client.click(ask.card!, 'Unassign', { replyToId: ask.replies[0].activityId });
  expect(textsOf(click.replacement!)).toContain('Unassigned: Contoso CRM');
  expect(await seats('contoso-crm')).toBe(0);
  expect((await audit('contoso-crm')).map((e) => e.action)).toEqual(['unassign', 'assign']);
});

test('requests that never answer time out and are retried; the turn stays short', async () => {
  proxy.inject({ kind: 'stall' }, 2);
  const { value: turn, ms } = await timed(() => t.client().send('details Northwind Timesheets'));
  expect(textsOf(turn.card!)).toContain('Northwind Timesheets');
  expect(ms).toBeLessThan(10 * REQUEST_TIMEOUT_MS);
});

test('a commit applied whose answer is lost is recognised, not applied twice', async () => {
  await t.client().send('assign Fabrikam Expenses to Bob Kelly');
  proxy.inject({ kind: 'loseAnswer' }, 1, ledgerCommit);
  const turn = await t.client().send('assign Fabrikam Expenses to Megan Bowen');
  expect(proxy.served.loseAnswer).toBe(1);
  expect(textsOf(turn.card!)).toContain('Licenses assigned: Fabrikam Expenses');
  expect(await seats('fabrikam-expenses')).toBe(2);
  expect((await audit('fabrikam-expenses')).map((e) => e.principals[0].displayName)).toEqual([
    'Megan Bowen',
    'Bob Kelly',
  ]);
});

test('throttled for good: told nothing changed and to retry, in bounded time; nothing changed', async () => {
  proxy.inject({ kind: 'throttle', retryAfterMs: 100 }, 100_000);
  const { value: turn, ms } = await timed(() =>
    t.client().send('assign Litware Sondages to Patti Fernandez'),
  );
  expect(textsOf(turn.card!).join(' ')).toMatch(UNAVAILABLE);
  expect(ms).toBeLessThan(12_000);
  proxy.clear();
  expect(await seats('litware-sondages')).toBe(0);
  expect(t.logs.some((l) => l.msg === 'unexpected error')).toBe(false);
});

test('connections dropped on every read: the SDK’s own retries are bounded too, the answer comes in time', async () => {
  proxy.inject({ kind: 'reset' }, 100_000, (req) => req.method === 'GET');
  const { value: turn, ms } = await timed(() => t.client().send('details Contoso CRM'));
  proxy.clear();
  expect(textsOf(turn.card!).join(' ')).toMatch(UNAVAILABLE);
  // Under the 15 s Azure Bot Service gives a turn (it was 50 s before the store's retry budget).
  expect(ms).toBeLessThan(15_000);
});

test('Cosmos down: every command says nothing changed, /readyz is 503; back on the same port and data, all recovers by itself', async () => {
  const client = t.client({ locale: 'fr-FR' });
  await proxy.down();
  await cosmos.stop();

  const ready = await fetch(`${t.app.url}/readyz`);
  expect(ready.status).toBe(503);
  expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
  for (const command of ['licences', 'attribuer Litware Sondages à Patti Fernandez', 'détails Contoso CRM']) {
    const turn = await client.send(command);
    expect(turn.status).toBe(200);
    expect(textsOf(turn.card!).join(' ')).toMatch(/ne peut pas joindre son stockage.*Rien n’a été modifié/);
  }
  const click = await client.invoke('adaptiveCard/action', {
    action: { type: 'Action.Execute', verb: 'list', data: {} },
  });
  expect(textsOf(click.body.value).join(' ')).toMatch(/Rien n’a été modifié/);

  cosmos = await startEmbeddedCosmos({ port: cosmosPort, dataDir });
  await proxy.up();
  expect((await fetch(`${t.app.url}/readyz`)).status).toBe(200);
  const turn = await client.send('attribuer Litware Sondages à Patti Fernandez');
  expect(textsOf(turn.card!)).toContain('Licences attribuées : Litware Sondages');
  // What was there before the outage still is.
  expect(await seats('fabrikam-expenses')).toBe(2);
  expect(await seats('litware-sondages')).toBe(1);
});

test('storage lost right after applying a commit: the user is not told that nothing changed', async () => {
  const client = t.client();
  await client.send('assign Northwind Timesheets to Bob Kelly');
  proxy.inject({ kind: 'loseAnswer', thenDown: true }, 1, ledgerCommit);
  const turn = await client.send('assign Northwind Timesheets to Megan Bowen');
  const shown = textsOf(turn.card!).join(' ');
  expect(shown).not.toMatch(/Nothing was changed/);
  expect(shown).toMatch(/cannot tell whether/);

  await proxy.up();
  // It had landed: once, and asking again says so.
  expect(await seats('northwind-timesheets')).toBe(2);
  const again = await client.send('assign Northwind Timesheets to Megan Bowen');
  expect(textsOf(again.card!).join(' ')).toMatch(/already holds Northwind Timesheets/);
  expect(await audit('northwind-timesheets')).toHaveLength(2);
});

test('a throttled bulk request (the commit with its notice batch) is retried as a whole: the assign lands once, no unexpected error', async () => {
  // items.bulk rethrows a whole-request 429 without its status: read as permanent, it ended the turn
  // as "Something went wrong" (documentStore.ts, withBulkStatus).
  const throttled = proxy.served.throttle;
  proxy.inject({ kind: 'throttle', retryAfterMs: 30 }, 2, bulkRequests);
  const turn = await t.client().send('assign Contoso CRM to Megan Bowen');
  expect(proxy.served.throttle - throttled).toBe(2);
  expect(textsOf(turn.card!)).toContain('Licenses assigned: Contoso CRM');
  expect(await seats('contoso-crm')).toBe(1);
  expect((await audit('contoso-crm')).map((e) => e.action)).toEqual(['assign', 'unassign', 'assign']);
  expect(t.logs.some((l) => l.msg === 'unexpected error')).toBe(false);
});

test('a dead endpoint at start: the process exits with the reason (its platform restarts it), key unsaid', async () => {
  const dead = `http://127.0.0.1:${await freePort()}`;
  const started = startChildBot({
    dataDir,
    env: { COSMOS_ENDPOINT: dead, COSMOS_KEY: cosmos.key, COSMOS_REQUEST_TIMEOUT_MS: '300' },
  });
  await expect(started).rejects.toThrow(
    /exited \(1\) before it was ready:[\s\S]*could not start:.*ECONNREFUSED/,
  );
  await expect(started).rejects.not.toThrow(cosmos.key);
});

test('no Cosmos key or request signature in any log line', () => {
  const logs = t.logText();
  expect(logs).not.toContain(cosmos.key);
  expect(logs).not.toMatch(/type=master|sig=/i);
});
