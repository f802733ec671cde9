import { startTestApp, type TestApp } from '../harness/testApp';
import { SAMPLE_TENANT, textsOf } from '../harness/teamsClient';

let t: TestApp;
beforeAll(async () => {
  // One test deletes the catalog behind the bot's back (as the vendor side would): read it every time
  // (the default reuses it for 5 s; test/licensing/catalogCache.test.ts covers that delay).
  t = await startTestApp({ env: { CATALOG_CACHE_SECONDS: '0' } });
});
afterAll(async () => {
  await t.stop();
});

test('an activity whose two tenant ids disagree is refused and changes nothing', async () => {
  const c = t.client();
  const activity = c.activity({ type: 'message', text: 'assign Contoso CRM to Sales' });
  (activity.conversation as Record<string, unknown>).tenantId = '11111111-1111-4111-8111-111111111111';
  const turn = await c.post(activity);
  expect(turn.text).toBe('This message does not say which organisation it comes from. Nothing was changed.');
  const details = await t.app.ledger.details(SAMPLE_TENANT, 'contoso-crm', 0);
  expect(details.totalHolders).toBe(0);
});

test('an activity without any tenant is refused', async () => {
  const c = t.client();
  const activity = c.activity({ type: 'message', text: 'licenses', channelData: {} });
  delete (activity.conversation as Record<string, unknown>).tenantId;
  expect((await c.post(activity)).text).toBe(
    'This message does not say which organisation it comes from. Nothing was changed.',
  );
});

test('the tenant comes from the activity, never from the text', async () => {
  const c = t.client({ tenantId: '22222222-2222-4222-8222-222222222222' });
  const turn = await c.send(`licenses ${SAMPLE_TENANT}`);
  expect(textsOf(turn.card!).join(' ')).toContain('License Desk does not know your organisation’s directory');
});

test('a known tenant with no catalog is told so clearly', async () => {
  await t.app.store.delete(SAMPLE_TENANT, 'catalog');
  try {
    const turn = await t.client().send('licenses');
    expect(textsOf(turn.card!).join(' ')).toContain(
      'Your organisation has no app catalog in License Desk yet.',
    );
  } finally {
    const sample = (await import('../../data/sample/catalog.json')).default;
    await t.app.ledger.putCatalog(SAMPLE_TENANT, sample.apps);
  }
});
