import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../harness/testApp';
import { ADELE, textsOf } from '../harness/teamsClient';
import type { ConnectorCall } from '../harness/loopbackConnector';
import { waitFor } from '../harness/waitFor';

const REPO = path.join(__dirname, '..', '..');
const RATE = 20;
let t: TestApp;
let files: string;

/** The sample organisation plus a group of 50 people who never wrote to the bot, and an app of 100 seats. */
function largeOrganisation(): { directory: string; catalog: string } {
  files = mkdtempSync(path.join(tmpdir(), 'license-desk-notices-'));
  const directory = JSON.parse(readFileSync(path.join(REPO, 'data/sample/directory.json'), 'utf8'));
  const ids = Array.from(
    { length: 50 },
    (_, i) => `c0c${String(i).padStart(5, '0')}-0000-4000-8000-000000000000`,
  );
  directory.users.push(
    ...ids.map((id, i) => ({
      id,
      displayName: `Field Worker ${i}`,
      userPrincipalName: `field${i}@contoso.com`,
      mail: `field${i}@contoso.com`,
    })),
  );
  directory.groups.push({
    id: 'd0c00001-0000-4000-8000-000000000001',
    displayName: 'Field Team',
    members: ids,
  });
  const catalog = JSON.parse(readFileSync(path.join(REPO, 'data/sample/catalog.json'), 'utf8'));
  catalog.apps.push({
    ...catalog.apps[0],
    appId: 'tailspin-board',
    name: 'Tailspin Board',
    seatsPurchased: 100,
    installUrl: 'https://tailspin.example/install',
  });
  const written = {
    directory: path.join(files, 'directory.json'),
    catalog: path.join(files, 'catalog.json'),
  };
  writeFileSync(written.directory, JSON.stringify(directory));
  writeFileSync(written.catalog, JSON.stringify(catalog));
  return written;
}

beforeAll(async () => {
  const { directory, catalog } = largeOrganisation();
  t = await startTestApp({
    env: {
      SAMPLE_DIRECTORY_FILE: directory,
      SAMPLE_CATALOG_FILE: catalog,
      NOTICE_RATE_PER_SECOND: String(RATE),
    },
  });
});
afterAll(async () => {
  await t.stop();
  rmSync(files, { recursive: true, force: true });
});

const texts = (call: ConnectorCall) => textsOf(call.activity.attachments?.[0]?.content ?? {}).join(' ');

test('a group of 50: the admin is answered at once, the 50 are told in the background at the configured rate, each once, and the card shows the progress', async () => {
  const admin = t.client({ user: ADELE });
  await admin.send('help');
  const mark = t.connector.calls.length;
  const started = performance.now();
  const answer = await admin.send('assign Tailspin Board to Field Team');
  const answeredMs = performance.now() - started;
  expect(textsOf(answer.card!).join(' ')).toContain('Telling the 50 people who got a seat');

  const final = await waitFor(
    () =>
      t.connector
        .since(mark, admin.conversationId)
        .find((call) => call.op === 'update' && texts(call).includes('Told 50 of 50.')),
    30_000,
  );
  const updates = t.connector.since(mark, admin.conversationId).filter((call) => call.op === 'update');
  const midway = updates.map(texts).filter((text) => /Told \d+ of 50 so far/.test(text));
  expect(midway.length).toBeGreaterThanOrEqual(2);
  const counts = midway.map((text) => Number(/Told (\d+) of 50/.exec(text)![1]));
  expect(counts).toEqual([...counts].sort((a, b) => a - b));
  expect(updates.every((call) => call.activityId === answer.replies[0].activityId)).toBe(true);

  const opened = t.connector.since(mark).filter((call) => call.op === 'createConversation');
  expect(opened).toHaveLength(50);
  const told = t.connector
    .since(mark)
    .filter(
      (call) =>
        (call.op === 'send' || call.op === 'reply') && call.conversationId.startsWith('conversation-'),
    );
  expect(new Set(told.map((call) => call.conversationId)).size).toBe(50);
  expect(told).toHaveLength(50);
  // 50 chats opened and 50 messages, at RATE a second overall.
  const spanMs = told[told.length - 1].receivedAt - opened[0].receivedAt;
  expect(spanMs).toBeGreaterThanOrEqual(((100 - 1) / RATE) * 1000 * 0.9);
  expect(final.receivedAt - started).toBeGreaterThan(answeredMs);
  expect(answeredMs).toBeLessThan(2000);
});
