import { randomUUID } from 'node:crypto';
import { confirmationDocId } from '../../bot/licensing/ledgerDocuments';
import { startTestApp, type TestApp } from '../harness/testApp';

const SAMPLE_TENANT = '6babcaad-604b-40ac-a9d7-9fd97c0b779f';
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { SWEEP_INTERVAL_SECONDS: '1', JOB_LEASE_SECONDS: '5' } });
});
afterAll(() => t.stop());

/** What a confirmation and an interrupted commit leave behind, as the ledger writes them. */
function leftovers(tenantId: string, createdHoursAgo: number) {
  const confirmationId = randomUUID();
  return [
    {
      id: confirmationDocId(confirmationId),
      tenantId,
      type: 'confirmation',
      confirmationId,
      appId: 'contoso-crm',
      adminId: 'admin-1',
      adminName: 'Adele Vance',
      principals: [],
      createdAt: hoursAgo(createdHoursAgo),
      expiresAt: hoursAgo(createdHoursAgo - 0.25),
    },
    {
      id: `ledger:contoso-crm:chunk:900:1.${randomUUID().slice(0, 8)}`,
      tenantId,
      type: 'chunk',
      appId: 'contoso-crm',
      assignments: [],
      createdAt: hoursAgo(createdHoursAgo),
    },
  ];
}

test('the started app sweeps expired confirmations and orphan chunks of every tenant with a catalog by itself', async () => {
  const otherTenant = randomUUID();
  const catalog = await t.app.ledger.getCatalog(SAMPLE_TENANT);
  await t.app.ledger.putCatalog(otherTenant, catalog);
  const old = [...leftovers(SAMPLE_TENANT, 3), ...leftovers(otherTenant, 3)];
  const recent = leftovers(SAMPLE_TENANT, 0.1); // within the retention and grace periods: kept
  for (const doc of [...old, ...recent]) expect((await t.app.store.create(doc)).ok).toBe(true);

  const present = async (docs: { id: string; tenantId: string }[]) =>
    (await Promise.all(docs.map((doc) => t.app.store.read(doc.tenantId, doc.id)))).filter(Boolean).length;
  for (let waited = 0; (await present(old)) > 0 && waited < 15_000; waited += 200) await sleep(200);
  expect(await present(old)).toBe(0);
  expect(await present(recent)).toBe(recent.length);
});
