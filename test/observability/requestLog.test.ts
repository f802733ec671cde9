import { startTestApp, type TestApp } from '../harness/testApp';
import { SAMPLE_TENANT, textsOf } from '../harness/teamsClient';

/**
 * What an operator reads: one line per HTTP request (request id, tenant, command, status, duration),
 * an audit line per change, and the request's tenant and activity id on every line written for it.
 */

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { LOG_LEVEL: 'trace' } });
});

afterAll(() => t?.stop());

/** The request line is written when the response has been sent: wait for it. */
async function requestLine(requestId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const line = t.logs.find((l) => l.msg === 'request' && l.requestId === requestId);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no request line for ${requestId}`);
}

async function turnWithId(text: string, requestId: string) {
  const client = t.client();
  const turn = await client.post(client.activity({ type: 'message', text }), undefined, {
    'x-request-id': requestId,
  });
  return { turn, line: await requestLine(requestId) };
}

test('list, assign, details, history and unassign each write one request line naming the command, never the text', async () => {
  for (const [text, command] of [
    ['licenses', 'list'],
    ['assign Contoso CRM to Sales group', 'assign'],
    ['details Contoso CRM', 'details'],
    ['history Contoso CRM', 'history'],
    ['unassign Contoso CRM from Sales group', 'unassign'],
    ['what is the weather in Zanzibar', 'unknown'],
  ]) {
    const requestId = `req-${command}`;
    const { turn, line } = await turnWithId(text, requestId);
    expect(turn.status).toBe(200);
    expect(line).toEqual(
      expect.objectContaining({
        level: 30,
        requestId,
        tenantId: SAMPLE_TENANT,
        activityId: expect.stringMatching(/^incoming-/),
        command,
        method: 'POST',
        path: '/api/messages',
        status: 200,
        durationMs: expect.any(Number),
      }),
    );
    expect(t.logs.filter((l) => l.msg === 'request' && l.requestId === requestId)).toHaveLength(1);
  }
  expect(t.logText()).not.toMatch(/Zanzibar|Sales group/);
});

test('the x-request-id header is echoed, or one is made and returned', async () => {
  const echoed = await fetch(`${t.app.url}/healthz`, { headers: { 'x-request-id': 'caller-42' } });
  expect(echoed.headers.get('x-request-id')).toBe('caller-42');
  const made = await fetch(`${t.app.url}/healthz`, { headers: { 'x-request-id': 'no spaces or <tags>' } });
  const id = made.headers.get('x-request-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(await requestLine(id!)).toEqual(expect.objectContaining({ path: '/healthz', status: 200 }));
  // The query (a search text, a dialog token) is not logged.
  const search = await fetch(`${t.app.url}/api/dialog/principals?q=SecretName`);
  await requestLine(search.headers.get('x-request-id')!);
  expect(t.logText()).not.toContain('SecretName');
});

test('a card click and an invoke are named by their verb and invoke name', async () => {
  const admin = t.client();
  const ask = await admin.send('unassign Contoso CRM from Bob Kelly');
  expect(ask.card).toBeDefined();
  // Bob does not hold it: assign first, then ask again.
  await admin.send('assign Contoso CRM to Bob Kelly');
  const again = await admin.send('unassign Contoso CRM from Bob Kelly');
  const done = await admin.click(again.card!, 'Unassign', { replyToId: again.replies[0].activityId });
  expect(textsOf(done.replacement!).join(' ')).toContain('Unassigned');
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(t.logs).toContainEqual(
    expect.objectContaining({ msg: 'request', command: 'action:unassign.confirm', status: 200 }),
  );
  await admin.invoke('task/fetch', { data: { verb: 'assign.open', appId: 'contoso-crm' } });
  await admin.invoke('adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'made-up verb' } });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const commands = t.logs.filter((l) => l.msg === 'request').map((l) => l.command);
  expect(commands).toContain('invoke:task/fetch');
  expect(commands).toContain('action:unknown');
  expect(commands).not.toContain('action:made-up verb');
});

test('every change writes an audit line: who, tenant, app, what, seats before and after', async () => {
  const admin = t.client();
  await admin.send('assign Fabrikam Expenses to Patti Fernandez');
  const ask = await admin.send('unassign Fabrikam Expenses from Patti Fernandez');
  await admin.click(ask.card!, 'Unassign', { replyToId: ask.replies[0].activityId });
  const audits = t.logs.filter((l) => l.msg === 'license change' && l.appId === 'fabrikam-expenses');
  expect(audits).toEqual([
    expect.objectContaining({
      audit: 'assign',
      tenantId: SAMPLE_TENANT,
      actorId: admin.user.aadObjectId,
      actorName: 'Adele Vance',
      principals: [expect.stringMatching(/^user:/)],
      seatsBefore: expect.any(Number),
      seatsAfter: expect.any(Number),
    }),
    expect.objectContaining({ audit: 'unassign', confirmationId: expect.any(String) }),
  ]);
  expect((audits[0].seatsAfter as number) - (audits[0].seatsBefore as number)).toBe(1);
  expect((audits[1].seatsBefore as number) - (audits[1].seatsAfter as number)).toBe(1);
  // Nothing assigned, nothing to audit.
  const before = t.logs.filter((l) => l.msg === 'license change').length;
  await admin.send('assign Fabrikam Expenses to Alice');
  await admin.send('assign Fabrikam Expenses to Alice');
  expect(t.logs.filter((l) => l.msg === 'license change')).toHaveLength(before + 1);
});

test('a warning written during a turn names the tenant and the activity', async () => {
  const client = t.client();
  // Only this chat's calls fail: a notice the outbox delivers meanwhile (Alice's seat) must not take them.
  t.connector.failNext({
    status: 503,
    count: 4,
    retryAfterSeconds: 0,
    conversationId: client.conversationId,
  });
  const activity = client.activity({ type: 'message', text: 'licenses' });
  await client.post(activity);
  const warning = t.logs.find((l) => l.msg === 'connector call failed, retrying');
  expect(warning).toEqual(
    expect.objectContaining({
      tenantId: SAMPLE_TENANT,
      activityId: activity.id,
      requestId: expect.any(String),
      command: 'list',
    }),
  );
  for (const line of t.logs.filter((l) => (l.level as number) >= 40)) {
    expect(line).toEqual(
      expect.objectContaining({ tenantId: SAMPLE_TENANT, activityId: expect.any(String) }),
    );
  }
});
