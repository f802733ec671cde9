import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LoopbackConnector } from '../harness/loopbackConnector';
import { SAMPLE_TENANT, TeamsTestClient, textsOf, type SentTurn } from '../harness/teamsClient';
import { startChildBot, type ChildBot } from '../reliability/support/childBot';
import { startTestApp } from '../harness/testApp';

/**
 * SIGTERM while an assign's result card is being posted to a slow Bot Framework service: the real
 * process lets the turn finish within SHUTDOWN_GRACE_SECONDS (the admin gets the card), then exits 0;
 * when the grace period runs out it exits 1 naming what was still running.
 */

let connector: LoopbackConnector;
let dataDir: string;
let bot: ChildBot | undefined;

beforeEach(async () => {
  connector = await new LoopbackConnector().start();
  dataDir = mkdtempSync(path.join(tmpdir(), 'license-desk-stop-'));
});

afterEach(async () => {
  bot?.process.kill('SIGKILL');
  await bot?.exited;
  await connector.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Sends an assign whose card the connector receives but answers only `delayMs` later; SIGTERM then. */
async function sigtermWhileReplying(
  graceSeconds: string,
  delayMs: number,
): Promise<{ turn: Promise<SentTurn | Error>; signalledAt: number; client: TeamsTestClient }> {
  // No typing indicator: the delayed call is the card.
  bot = await startChildBot({
    dataDir,
    env: { SHUTDOWN_GRACE_SECONDS: graceSeconds, TYPING_DELAY_MS: '60000' },
  });
  const client = new TeamsTestClient(bot.url, connector);
  connector.delayNext(delayMs);
  const mark = connector.calls.length;
  const turn = client.send('assign Contoso CRM to Bob Kelly').catch((error: Error) => error);
  while (connector.since(mark, client.conversationId).length === 0) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  bot.process.kill('SIGTERM');
  return { turn, signalledAt: performance.now(), client };
}

test('a turn in flight finishes within the grace period: the card reaches the admin, then exit 0', async () => {
  const { turn, signalledAt, client } = await sigtermWhileReplying('10', 1500);
  const sent = await turn;
  expect(sent).not.toBeInstanceOf(Error);
  expect((sent as SentTurn).status).toBe(200);
  const card = connector.since(0, client.conversationId).find((c) => c.activity.attachments)!;
  expect(textsOf(card.activity.attachments[0].content).join(' ')).toContain('Contoso CRM');
  expect(await bot!.exited).toBe('0');
  // It waited for the slow connector rather than dying at once.
  expect(performance.now() - signalledAt).toBeGreaterThan(1200);
  const messages = bot!.logs().map((line) => line.msg);
  expect(messages).toEqual(
    expect.arrayContaining(['stopping: no new requests, waiting for those in flight', 'stopped']),
  );
  expect(bot!.logs()).toContainEqual(
    expect.objectContaining({ msg: 'request', command: 'assign', status: 200 }),
  );
}, 60_000);

test('past the grace period the process exits 1 with a line naming the request still running', async () => {
  const { turn, signalledAt } = await sigtermWhileReplying('1', 8000);
  expect(await bot!.exited).toBe('1');
  const waited = performance.now() - signalledAt;
  expect(waited).toBeGreaterThan(900);
  expect(waited).toBeLessThan(7000);
  await turn;
  const line = bot!.logs().find((l) => l.level === 50 && /grace period/.test(String(l.msg)));
  expect(line).toEqual(
    expect.objectContaining({
      graceSeconds: 1,
      stillRunning: [
        expect.objectContaining({
          method: 'POST',
          path: '/api/messages',
          command: 'assign',
          tenantId: SAMPLE_TENANT,
          activityId: expect.any(String),
          runningMs: expect.any(Number),
        }),
      ],
    }),
  );
}, 60_000);

test('while stopping, a new request on a connection still open is answered 503', async () => {
  const t = await startTestApp({ env: { TYPING_DELAY_MS: '60000' } });
  try {
    const client = t.client();
    const body = JSON.stringify(client.activity({ type: 'message', text: 'licenses' }));
    t.connector.delayNext(1000);
    const socket = net.connect(t.app.port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.write(
      `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    while (t.connector.since(0, client.conversationId).length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const stopped = t.app.stop({ graceMs: 5000 });
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await stopped).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const statuses = [...received.matchAll(/^HTTP\/1\.1 (\d+)/gm)].map((m) => Number(m[1]));
    // The turn in flight is answered; the request sent after the stop began is refused.
    expect(statuses).toEqual([200, 503]);
    expect(received).toMatch(/Connection: close/i);
    socket.destroy();
  } finally {
    await t.connector.stop();
  }
}, 60_000);
