import { startTestApp, type TestApp } from '../harness/testApp';
import type { LoopbackConnector } from '../harness/loopbackConnector';
import { SAMPLE_TENANT, textsOf } from '../harness/teamsClient';

/**
 * The Bot Framework service answering 429 / 5xx to the bot's replies and card updates: the reply is
 * retried with backoff and arrives once, and the change it reports is made once.
 */

let t: TestApp;
beforeAll(async () => {
  // TYPING_DELAY_MS=0: typing before every assign, so the connector calls a turn makes (and so which
  // of them meet the injected faults) do not depend on how fast the assignment is.
  t = await startTestApp({ env: { TYPING_DELAY_MS: '0' } });
});
afterAll(async () => {
  await t.stop();
});
afterEach(() => {
  clearFaults(t.connector);
});

/** Faults injected but not yet served (the connector answers them in order). */
function pendingFaults(connector: LoopbackConnector): number {
  const faults = (connector as unknown as { faults: { count: number }[] }).faults;
  return faults.reduce((sum, fault) => sum + fault.count, 0);
}

function clearFaults(connector: LoopbackConnector): void {
  (connector as unknown as { faults: unknown[] }).faults.length = 0;
}

async function auditOf(appId: string) {
  return t.app.ledger.history(SAMPLE_TENANT, appId, 100);
}

test('a 429 without Retry-After (which botbuilder does not retry) is retried with backoff', async () => {
  t.connector.failNext({ status: 429, count: 2 });
  const started = Date.now();
  const turn = await t.client().send('help');
  expect(turn.status).toBe(200);
  expect(turn.replies).toHaveLength(1);
  expect(turn.card?.version).toBe('1.5');
  expect(pendingFaults(t.connector)).toBe(0);
  // Two backoffs of at least half the base delay each.
  expect(Date.now() - started).toBeGreaterThanOrEqual(200 + 400);
  const retries = t.logs.filter((l) => l.msg === 'connector call failed, retrying');
  expect(retries.length).toBeGreaterThanOrEqual(2);
  expect(retries[0]).toMatchObject({ operation: 'send', status: 429 });
});

test('"Retry-After: 0" beyond the pipeline retries is backed off, not hammered', async () => {
  // The HTTP pipeline makes 4 calls at once on Retry-After: 0; two more faults reach our policy.
  t.connector.failNext({ status: 429, count: 6, retryAfterSeconds: 0 });
  const started = Date.now();
  const turn = await t.client().send('licenses');
  expect(turn.replies).toHaveLength(1);
  expect(textsOf(turn.card!)).toContain('Licenses');
  expect(Date.now() - started).toBeGreaterThanOrEqual(200);
});

test('an assign whose reply meets 503s is reported once and applied once', async () => {
  const before = await auditOf('fabrikam-expenses');
  // The typing indicator (always shown first here, TYPING_DELAY_MS=0) takes 4 (not retried by us),
  // the reply's first round 4, its second round 2.
  t.connector.failNext({ status: 503, count: 10, retryAfterSeconds: 0 });
  const mark = t.logs.length;
  const turn = await t.client().send('assign Fabrikam Expenses to Bob Kelly');
  expect(pendingFaults(t.connector)).toBe(0);
  expect(t.logs.slice(mark).filter((l) => l.msg === 'connector call failed, retrying')).toEqual([
    expect.objectContaining({ operation: 'send', status: 503, attempt: 1 }),
  ]);
  expect(turn.replies).toHaveLength(1);
  expect(textsOf(turn.card!)).toContain('Licenses assigned: Fabrikam Expenses');
  const after = await auditOf('fabrikam-expenses');
  expect(after).toHaveLength(before.length + 1);
  expect(after[0]).toMatchObject({ action: 'assign', seatsBefore: 0, seatsAfter: 1 });
  const details = await t.app.ledger.details(SAMPLE_TENANT, 'fabrikam-expenses');
  expect(details.seatsAssigned).toBe(1);
  expect(details.holders.map((h) => h.displayName)).toEqual(['Bob Kelly']);
});

test('a 500 (exponential backoff in the pipeline) then success: one reply, one change', async () => {
  t.connector.failNext({ status: 500, count: 1 });
  const turn = await t.client().send('assign Northwind Timesheets to Marketing group');
  expect(turn.replies).toHaveLength(1);
  expect(textsOf(turn.card!)).toContain('Licenses assigned: Northwind Timesheets');
  const audit = await auditOf('northwind-timesheets');
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ seatsBefore: 0, seatsAfter: 6 });
});

test('a reply refused for good: bounded time, logged, no false "nothing changed"; asking again changes nothing more', async () => {
  const client = t.client();
  t.connector.failNext({ status: 503, count: 1000, retryAfterSeconds: 0 });
  const started = Date.now();
  const turn = await client.send('assign Litware Sondages to Patti Fernandez');
  const elapsed = Date.now() - started;
  clearFaults(t.connector);
  expect(turn.status).toBe(200);
  expect(turn.replies).toHaveLength(0);
  expect(elapsed).toBeLessThan(12_000);
  expect(t.logs.some((l) => l.msg === 'connector call failed for good' && l.operation === 'send')).toBe(true);
  // The change was made once.
  expect(await auditOf('litware-sondages')).toHaveLength(1);

  // The admin, who saw nothing, asks again: told it is already done; still one change.
  const again = await client.send('assign Litware Sondages to Patti Fernandez');
  expect(again.replies).toHaveLength(1);
  expect(textsOf(again.card!).join(' ')).toContain('already holds Litware Sondages');
  expect(again.replies.some((r) => /something went wrong/i.test(JSON.stringify(r.activity)))).toBe(false);
  expect(await auditOf('litware-sondages')).toHaveLength(1);
  const details = await t.app.ledger.details(SAMPLE_TENANT, 'litware-sondages');
  expect(details.seatsAssigned).toBe(1);
});

test('unassign confirmed while card updates meet 429s: the card is replaced for everyone, the seat comes back once', async () => {
  const client = t.client();
  const assigned = await client.send('assign Contoso CRM to Megan Bowen');
  const ask = await client.send('unassign Contoso CRM from Megan Bowen');
  const replyToId = ask.replies[0].activityId;
  t.connector.failNext({ status: 429, count: 3 });
  const click = await client.click(ask.card!, 'Unassign', { replyToId });
  expect(click.status).toBe(200);
  expect(textsOf(click.replacement!)).toContain('Unassigned: Contoso CRM');
  // The click replaced its card once. Any other update in that time is of the assign card, which the
  // notices job updates as Megan's notice goes out (the confirmed unassign kicks the job).
  const [own, others] = [
    click.updates.filter((u) => u.activityId === replyToId),
    click.updates.filter((u) => u.activityId !== replyToId),
  ];
  expect(own).toHaveLength(1);
  expect(others.map((u) => u.activityId)).toEqual(others.map(() => assigned.replies[0].activityId));

  // A second click (Teams retrying the invoke, or an impatient admin) changes nothing.
  const second = await client.click(ask.card!, 'Unassign', { replyToId });
  expect(textsOf(second.replacement!).join(' ')).toMatch(/already used/);
  const audit = await auditOf('contoso-crm');
  expect(audit.map((e) => e.action)).toEqual(['unassign', 'assign']);
  expect(audit[0]).toMatchObject({ seatsBefore: 1, seatsAfter: 0 });
  expect((await t.app.ledger.details(SAMPLE_TENANT, 'contoso-crm')).seatsAssigned).toBe(0);
});

test('no log line of these failures carries the Authorization header or a token', () => {
  expect(t.logText()).not.toMatch(/bearer\s+[\w-]+\./i);
  expect(t.logText()).not.toMatch(/authorization/i);
});
