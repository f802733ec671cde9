/**
 * GET .../apps/{appId}/changes: the audit trail as a feed. Changes made in the chat (assign users and
 * groups, unassign) and by the vendor, more than the ledger keeps in its ring, read back in small
 * pages: gap-free and in order, and replaying them gives exactly the ledger's assignments and the
 * holders the API lists. A seq whose entries are no longer stored answers 410 with how to resync.
 */
import { startTestApp, type TestApp } from '../harness/testApp';
import type { TeamsTestClient } from '../harness/teamsClient';
import { ApiClient, appPath, SAMPLE_TENANT } from './support/apiClient';

let t: TestApp;
let admin: TeamsTestClient;
let api: ApiClient;
beforeAll(async () => {
  t = await startTestApp({ env: { LICENSE_CHECK_MAX_AGE_SECONDS: '0' } });
  admin = t.client();
  api = new ApiClient(t.app.url);
});
afterAll(async () => {
  await t.stop();
});

const APP = appPath('northwind-timesheets');

async function unassign(command: string): Promise<void> {
  const confirmation = await admin.send(command);
  await admin.click(confirmation.card!, 'Unassign', { replyToId: confirmation.replies[0].activityId });
}

async function allChanges(limit: number) {
  const changes: Record<string, any>[] = [];
  let after = 0;
  for (;;) {
    const { body } = await api.get(`${APP}/changes?after=${after}&limit=${limit}`);
    changes.push(...body.changes);
    if (body.changes.length === 0) return { changes, latestSeq: body.latestSeq };
    after = body.nextAfter;
  }
}

test('replaying the feed gives the ledger: principals and users, in order, without gaps', async () => {
  await admin.send('assign Northwind Timesheets to Bob Kelly');
  await admin.send('assign Northwind Timesheets to Sales group');
  await admin.send('assign Northwind Timesheets to alice@contoso.com, Megan Bowen and Marketing');
  await api.put(`${APP}/subscription`, { seats: 40, state: 'active', operationId: 'cut-40' });
  await unassign('unassign Northwind Timesheets from Bob Kelly');
  await admin.send('assign Northwind Timesheets to All Staff group');
  await unassign('unassign Northwind Timesheets from Sales');
  await admin.send('assign Northwind Timesheets to Ventes France group');
  await unassign('unassign Northwind Timesheets from Alice Durand');
  await admin.send('assign Northwind Timesheets to Pradeep Gupta');
  await unassign('unassign Northwind Timesheets from Marketing');

  const { changes, latestSeq } = await allChanges(3);
  expect(changes.map((change) => change.seq)).toEqual(Array.from({ length: latestSeq }, (_, i) => i + 1));
  expect(latestSeq).toBeGreaterThan(8); // beyond the ring: archived entries are read back too

  const principals = new Set<string>();
  const users = new Set<string>();
  for (const change of changes) {
    for (const principal of change.added.principals) principals.add(`${principal.kind}:${principal.id}`);
    for (const principal of change.removed.principals) principals.delete(`${principal.kind}:${principal.id}`);
    for (const user of change.added.users) {
      expect(users.has(user)).toBe(false);
      users.add(user);
    }
    for (const user of change.removed.users) {
      expect(users.delete(user)).toBe(true);
    }
    expect(change.seatsAssigned).toBe(users.size);
  }
  const details = await t.app.ledger.details(SAMPLE_TENANT, 'northwind-timesheets', 0, 1000);
  expect([...principals].sort()).toEqual(
    details.holders.map((holder) => `${holder.kind}:${holder.id}`).sort(),
  );
  const holders = await api.get(`${APP}/assignments?limit=1000`);
  expect([...users].sort()).toEqual(holders.body.items.map((item: { userId: string }) => item.userId));
  expect(holders.body.total).toBe(users.size);

  const vendor = changes.find((change) => change.action === 'subscription')!;
  expect(vendor).toMatchObject({
    actor: { kind: 'vendor', name: 'Northwind Traders' },
    subscription: { seatsPurchasedBefore: 50, seatsPurchased: 40, stateBefore: 'active', state: 'active' },
  });
  expect(changes[0]).toMatchObject({
    action: 'assign',
    actor: { kind: 'admin', name: 'Adele Vance' },
    added: { users: ['a0c00004-0000-4000-8000-000000000004'] },
  });
});

test('after the newest seq: 400 naming query.after; a bad limit or an unknown parameter: 400', async () => {
  const { body } = await api.get(`${APP}/changes?after=0&limit=1`);
  const ahead = await api.get(`${APP}/changes?after=${body.latestSeq + 1}`);
  expect(ahead.status).toBe(400);
  expect(ahead.body.field).toBe('query.after');
  expect((await api.get(`${APP}/changes?after=-1`)).body.field).toBe('query.after');
  expect((await api.get(`${APP}/changes?limit=501`)).body.field).toBe('query.limit');
  expect((await api.get(`${APP}/changes?since=3`)).body.field).toBe('query.since');
  expect((await api.get(`${APP}/changes?after=1&after=2`)).body.field).toBe('query.after');
  // The end of the feed is an empty page, not an error.
  const end = await api.get(`${APP}/changes?after=${body.latestSeq}`);
  expect(end.body).toMatchObject({ changes: [], nextAfter: body.latestSeq });
});

test('a seq whose entries are no longer kept: 410 with how to resync', async () => {
  const removed = await t.app.store.delete(SAMPLE_TENANT, 'audit:northwind-timesheets:1');
  expect(removed.ok).toBe(true);
  const gone = await api.get(`${APP}/changes?after=0`);
  expect(gone.status).toBe(410);
  expect(gone.body).toMatchObject({
    field: 'query.after',
    resync: { assignments: `${APP}/assignments`, after: gone.body.latestSeq },
  });
  // Later entries are still served.
  expect(
    (await api.get(`${APP}/changes?after=1&limit=2`)).body.changes.map((c: { seq: number }) => c.seq),
  ).toEqual([2, 3]);
});
