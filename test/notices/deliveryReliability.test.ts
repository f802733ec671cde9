import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JobClaims } from '../../bot/background/jobClaims';
import { LoopbackConnector, type ConnectorCall } from '../harness/loopbackConnector';
import { startTestApp } from '../harness/testApp';
import { ADELE, BOB, SAMPLE_TENANT, TeamsTestClient, textsOf } from '../harness/teamsClient';
import { startEmbeddedCosmos } from '../../bot/storage/embedded/embeddedCosmosServer';
import { freePort, ledgerOn, startChildBot } from '../reliability/support/childBot';
import { CosmosProxy } from '../reliability/support/cosmosProxy';
import { waitFor } from '../harness/waitFor';

const isMessage = (call: ConnectorCall) => call.op === 'send' || call.op === 'reply';
const titleOf = (call: ConnectorCall) => textsOf(call.activity.attachments?.[0]?.content ?? {})[0];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('kill -9 after the commit and before delivery, then restart: the notice is delivered exactly once', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'license-desk-notice-crash-'));
  const connector = await new LoopbackConnector().start();
  const env = { NOTICE_INTERVAL_SECONDS: '1', JOB_LEASE_SECONDS: '2' };
  let child = await startChildBot({ dataDir, env });
  try {
    const bob = new TeamsTestClient(child.url, connector, { user: BOB });
    await bob.send('help');
    const admin = new TeamsTestClient(child.url, connector, { user: ADELE });
    await admin.send('help');
    // Another instance holds the delivery job's claim for this tenant (as one that is about to die
    // would): the commit lands, its notice waits in the outbox.
    const { store } = await ledgerOn(child.cosmosPort);
    let held = await new JobClaims(store).take('notices', SAMPLE_TENANT, 'ghost', 6000, 0);
    while (!held) {
      await sleep(100);
      held = await new JobClaims(store).take('notices', SAMPLE_TENANT, 'ghost', 6000, 0);
    }
    const answer = await admin.send('assign Fabrikam Expenses to bob@contoso.com');
    expect(textsOf(answer.card!).join(' ')).toContain('Licenses assigned: Fabrikam Expenses');
    child.process.kill('SIGKILL');
    await child.exited;
    expect(
      connector.calls.filter((call) => call.conversationId === bob.conversationId && isMessage(call)),
    ).toHaveLength(1); // only "help"'s answer

    child = await startChildBot({ dataDir, env });
    const toBob = () =>
      connector.calls.filter(
        (call) =>
          call.conversationId === bob.conversationId &&
          isMessage(call) &&
          titleOf(call)?.startsWith('You have a seat'),
      );
    await waitFor(() => toBob().length > 0, 20_000);
    await sleep(2500); // further runs of the job, on the restarted instance
    expect(toBob()).toHaveLength(1);
    expect(titleOf(toBob()[0])).toBe('You have a seat of Fabrikam Expenses');
  } finally {
    await child.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);

test('two instances on one Cosmos: every notice reaches each person once', async () => {
  const first = await startTestApp({ env: { NOTICE_INTERVAL_SECONDS: '1' } });
  const second = await startTestApp({
    env: {
      NOTICE_INTERVAL_SECONDS: '1',
      COSMOS_ENDPOINT: first.app.embedded!.endpoint,
      COSMOS_KEY: first.app.embedded!.key,
    },
  });
  try {
    const connector = first.connector;
    const viaFirst = new TeamsTestClient(first.app.url, connector, { user: ADELE });
    const viaSecond = new TeamsTestClient(second.app.url, connector, { user: ADELE });
    await viaFirst.send('help');
    await viaSecond.send('help');
    const mark = connector.calls.length;
    // Sales (8) and Marketing (6) share Bob and Lee Gu; each change is made on another instance.
    await Promise.all([
      viaFirst.send('assign Contoso CRM to Sales'),
      viaSecond.send('assign Northwind Timesheets to Marketing'),
    ]);
    const notices = () =>
      connector.since(mark).filter((call) => isMessage(call) && titleOf(call)?.startsWith('You have a seat'));
    await waitFor(() => notices().length >= 14, 20_000);
    await sleep(2500);
    const seen = notices().map((call) => `${call.conversationId}|${titleOf(call)}`);
    expect(seen).toHaveLength(14);
    expect(new Set(seen).size).toBe(14);
    expect(seen.filter((key) => key.endsWith('Contoso CRM'))).toHaveLength(8);
    expect(seen.filter((key) => key.endsWith('Northwind Timesheets'))).toHaveLength(6);
    // A person in both groups was told in one chat (opened once, then remembered).
    const opened = connector.since(mark).filter((call) => call.op === 'createConversation');
    expect(opened).toHaveLength(12);
  } finally {
    await second.stop();
    await first.stop();
  }
}, 60_000);

test('Cosmos down after the commit and before delivery: nothing lost, delivered once when it is back', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'license-desk-notice-outage-'));
  const cosmos = await startEmbeddedCosmos({ port: await freePort(), dataDir });
  const proxy = await new CosmosProxy(cosmos.endpoint).start();
  const t = await startTestApp({
    env: {
      COSMOS_ENDPOINT: proxy.endpoint,
      COSMOS_KEY: cosmos.key,
      COSMOS_REQUEST_TIMEOUT_MS: '400',
      NOTICE_INTERVAL_SECONDS: '1',
      JOB_LEASE_SECONDS: '2',
    },
  });
  try {
    // The sample catalog is seeded only in embedded mode.
    const sample = JSON.parse(
      readFileSync(path.join(__dirname, '..', '..', 'data', 'sample', 'catalog.json'), 'utf8'),
    );
    await t.app.ledger.putCatalog(sample.tenantId, sample.apps);
    const bob = t.client({ user: BOB });
    await bob.send('help');
    const admin = t.client({ user: ADELE });
    await admin.send('help');
    // Another instance holds the delivery job's claim for a moment (as one about to lose Cosmos
    // would): the commit lands and its notice waits in the outbox when Cosmos goes away.
    const claims = new JobClaims(t.app.store);
    while (!(await claims.take('notices', SAMPLE_TENANT, 'ghost', 1500, 0))) await sleep(100);
    const mark = t.connector.calls.length;
    const answer = await admin.send('assign Fabrikam Expenses to bob@contoso.com');
    expect(textsOf(answer.card!).join(' ')).toContain('Licenses assigned: Fabrikam Expenses');
    await proxy.down();
    const toBob = () =>
      t.connector
        .since(mark, bob.conversationId)
        .filter((call) => isMessage(call) && titleOf(call)?.startsWith('You have a seat'));

    // The claim runs out while Cosmos is down: the job's runs fail, nothing is sent, nothing is lost.
    await waitFor(() => t.logs.some((l) => l.msg === 'background job tick failed'), 10_000);
    await sleep(1500);
    expect(toBob()).toEqual([]);

    await proxy.up();
    await waitFor(() => toBob().length > 0, 20_000);
    await sleep(2500); // further runs of the job
    expect(toBob()).toHaveLength(1);
    expect(titleOf(toBob()[0])).toBe('You have a seat of Fabrikam Expenses');
    const told = await waitFor(() =>
      t.connector.since(mark, admin.conversationId).find(
        (call) =>
          call.op === 'update' &&
          textsOf(call.activity.attachments?.[0]?.content ?? {})
            .join(' ')
            .includes('Told 1 of 1.'),
      ),
    );
    expect(told.activityId).toBe(answer.replies[0].activityId);
  } finally {
    await t.stop();
    await proxy.stop();
    await cosmos.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
