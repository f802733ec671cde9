import { randomBytes } from 'node:crypto';
import { SampleDirectory } from '../../bot/directory/sampleDirectory';
import { ExportLinks } from '../../bot/export/exportLinks';
import type { CatalogApp } from '../../bot/licensing/model';
import { SAMPLE_ORG } from '../licensing/harness';
import { startTestApp, type TestApp } from '../harness/testApp';
import { ADELE, SAMPLE_TENANT } from '../harness/teamsClient';

/**
 * 100,000 holders exported over HTTP: 100,000 direct assignments (100 chunk documents) written out as
 * the pages are read — the response is chunked, its first bytes arrive long before the last, and
 * every holder is in it once.
 */
// Made up for each run: the links are signed with it, nothing else uses it.
const SECRET = randomBytes(32).toString('base64url');
const HOLDERS = 100_000;
const users = Array.from({ length: HOLDERS }, (_, i) => ({
  id: `f${String(i).padStart(7, '0')}-0000-4000-8000-000000000000`,
  displayName: `Holder ${i}`,
  userPrincipalName: `holder${i}@contoso.com`,
}));
const BIG_APP: CatalogApp = {
  appId: 'big-app',
  name: 'Big App',
  vendor: { name: 'Big', email: 'sales@big.example', website: 'https://big.example' },
  seatsPurchased: HOLDERS,
  installUrl: 'https://big.example/install',
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    env: { DIALOG_TOKEN_SECRET: SECRET, LOG_LEVEL: 'warn' },
    start: { directory: new SampleDirectory({ ...SAMPLE_ORG, users: [...SAMPLE_ORG.users, ...users] }) },
  });
  await t.app.ledger.putCatalog(SAMPLE_TENANT, [BIG_APP]);
  const actor = { tenantId: SAMPLE_TENANT, userId: ADELE.aadObjectId, name: ADELE.name };
  for (let i = 0; i < HOLDERS; i += 1000) {
    await t.app.ledger.assign(
      actor,
      'big-app',
      users.slice(i, i + 1000).map((u) => u.id),
    );
  }
}, 300_000);
afterAll(async () => {
  await t.stop();
});

test('100,000 holders: streamed as the pages are read, each once', async () => {
  const { token } = new ExportLinks({ current: SECRET }).sign({
    tenantId: SAMPLE_TENANT,
    userId: ADELE.aadObjectId,
    appId: 'big-app',
    language: 'en',
  });
  const started = Date.now();
  const response = await fetch(`${t.app.url}/api/export/holders.csv?token=${encodeURIComponent(token)}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('transfer-encoding')).toBe('chunked');
  expect(response.headers.get('content-length')).toBeNull();
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let firstChunkAt = 0;
  let pieces = 0;
  let tail = '';
  let lines = 0;
  const seen = new Set<string>();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!firstChunkAt) firstChunkAt = Date.now() - started;
    pieces++;
    const text = tail + decoder.decode(value, { stream: true });
    const parts = text.split('\r\n');
    tail = parts.pop()!;
    for (const line of parts) {
      lines++;
      const address = /^"Holder \d+","(holder\d+@contoso\.com)"/.exec(line)?.[1];
      if (address) seen.add(address);
    }
  }
  const total = Date.now() - started;
  console.log(
    `100,000 holders: first bytes after ${firstChunkAt} ms, all after ${total} ms, in ${pieces} reads`,
  );
  expect(lines).toBe(HOLDERS + 1);
  expect(seen.size).toBe(HOLDERS);
  expect(pieces).toBeGreaterThan(10);
}, 120_000);
