/**
 * Two License Desk instances on one Cosmos account (the second reaches the first's embedded server as
 * an Azure Cosmos DB endpoint), as behind Azure Bot Service: a change made through one instance shows in
 * the other's seat checks and holder lists within LICENSE_CHECK_MAX_AGE_SECONDS, whichever side writes.
 */
import { startTestApp, type TestApp } from '../harness/testApp';
import { ApiClient, appPath } from './support/apiClient';

const DIEGO = 'a0c00005-0000-4000-8000-000000000005';
const MAX_AGE_MS = 1000;

let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  const env = { LICENSE_CHECK_MAX_AGE_SECONDS: String(MAX_AGE_MS / 1000) };
  a = await startTestApp({ env });
  b = await startTestApp({
    env: { ...env, COSMOS_ENDPOINT: a.app.embedded!.endpoint, COSMOS_KEY: a.app.embedded!.key },
  });
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

async function until(api: ApiClient, user: string, done: (body: Record<string, any>) => boolean) {
  const started = Date.now();
  for (;;) {
    const { body } = await api.get(`${appPath('contoso-crm')}/users/${user}`);
    if (done(body)) return Date.now() - started;
    if (Date.now() - started > 10 * MAX_AGE_MS) throw new Error(`still ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('assign and unassign on one instance, check on the other: each within the bound', async () => {
  const onA = new ApiClient(a.app.url);
  const onB = new ApiClient(b.app.url);
  // B is warm: it has read the app before the change.
  await until(onB, DIEGO, (answer) => !answer.licensed);
  await a.client().send('assign Contoso CRM to Diego Siciliani');
  expect(await until(onB, DIEGO, (answer) => answer.licensed)).toBeLessThanOrEqual(MAX_AGE_MS + 250);
  const holders = await onB.get(`${appPath('contoso-crm')}/assignments`);
  expect(holders.body.items).toEqual([{ userId: DIEGO, via: { direct: true, groups: [] } }]);

  const admin = a.client();
  const confirmation = await admin.send('unassign Contoso CRM from Diego Siciliani');
  await admin.click(confirmation.card!, 'Unassign', { replyToId: confirmation.replies[0].activityId });
  expect(await until(onB, DIEGO, (answer) => !answer.licensed)).toBeLessThanOrEqual(MAX_AGE_MS + 250);

  // The vendor's change through B reaches A's checks the same way.
  await until(onA, DIEGO, (answer) => answer.subscription.state === 'active');
  await onB.put(`${appPath('contoso-crm')}/subscription`, {
    seats: 25,
    state: 'suspended',
    operationId: 'b-1',
  });
  expect(await until(onA, DIEGO, (answer) => answer.subscription.state === 'suspended')).toBeLessThanOrEqual(
    MAX_AGE_MS + 250,
  );
});
