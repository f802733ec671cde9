/**
 * GET .../apps/{appId}/assignments over 100,000 holders: a group of 100,000 users (added to the
 * sample organisation) assigned in the chat, then listed in pages of 1,000 with the opaque cursor.
 * Paging is by user id, so it stays stable while the app changes between pages: nobody listed twice,
 * nobody who held the app throughout missed. The feed names all 100,000 users the assignment added.
 */
import path from 'node:path';
import { SampleDirectory, loadSampleOrganisation } from '../../bot/directory';
import { startTestApp, type TestApp } from '../harness/testApp';
import type { TeamsTestClient } from '../harness/teamsClient';
import { ApiClient, appPath } from './support/apiClient';

const HOLDERS = 100_000;
const userId = (i: number) => `c0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const BIG = 'b0c0ffff-0000-4000-8000-000000000001';
/** A user whose id sorts after every member of the big group. */
const LATE = 'f0000000-0000-4000-8000-000000000001';

let t: TestApp;
let admin: TeamsTestClient;
let api: ApiClient;
beforeAll(async () => {
  const organisation = loadSampleOrganisation(path.join(__dirname, '../../data/sample/directory.json'));
  const members: string[] = [];
  for (let i = 1; i <= HOLDERS; i++) {
    members.push(userId(i));
    organisation.users.push({
      id: userId(i),
      displayName: `Worker ${i}`,
      userPrincipalName: `worker${i}@contoso.com`,
      mail: `worker${i}@contoso.com`,
    } as (typeof organisation.users)[number]);
  }
  organisation.users.push({
    id: LATE,
    displayName: 'Zoe Late',
    userPrincipalName: 'zoe.late@contoso.com',
  } as (typeof organisation.users)[number]);
  organisation.groups.push({
    id: BIG,
    displayName: 'Everyone Worldwide',
    members,
  } as (typeof organisation.groups)[number]);
  t = await startTestApp({
    env: { LICENSE_CHECK_MAX_AGE_SECONDS: '1' },
    start: { directory: new SampleDirectory(organisation) },
  });
  admin = t.client();
  api = new ApiClient(t.app.url);
});
afterAll(async () => {
  await t.stop();
});

const APP = appPath('northwind-timesheets');

test('100,000 holders in stable pages, while the app changes between them', async () => {
  await api.put(`${APP}/subscription`, { seats: 200_000, state: 'active', operationId: 'big-order' });
  const assigning = Date.now();
  await admin.send('assign Northwind Timesheets to Everyone Worldwide group');
  console.log(`assigning a group of 100,000 in the chat took ${Date.now() - assigning} ms`);

  const seen = new Set<string>();
  let cursor: string | undefined;
  let previous = '';
  let outOfOrder = 0;
  let pages = 0;
  const started = Date.now();
  do {
    const page = await api.get(`${APP}/assignments?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    for (const item of page.body.items as { userId: string }[]) {
      if (item.userId <= previous) outOfOrder++;
      previous = item.userId;
      seen.add(item.userId);
    }
    cursor = page.body.nextCursor;
    if (++pages === 50) {
      // Between pages: one user who sorts before everyone (already paged past), one after.
      await admin.send('assign Northwind Timesheets to Adele Vance and Zoe Late');
      // The next pages come from a snapshot that has the change.
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } while (cursor);
  const elapsed = Date.now() - started;
  expect(pages).toBe(101);
  expect(outOfOrder).toBe(0);
  // Everyone of the group, exactly once, and the late-sorting new holder; the early one was passed.
  expect(Array.from({ length: HOLDERS }, (_, i) => userId(i + 1)).filter((id) => !seen.has(id))).toEqual([]);
  expect(seen.has(LATE)).toBe(true);
  expect(seen.has('a0c00001-0000-4000-8000-000000000001')).toBe(false);
  expect(seen.size).toBe(HOLDERS + 1);
  console.log(`100,000 holders listed in ${pages} pages of 1,000 in ${elapsed} ms`);

  const feed = await api.get(`${APP}/changes?after=1&limit=1`);
  expect(feed.body.changes[0].added.users).toHaveLength(HOLDERS);
  expect(feed.body.changes[0].added.principals).toEqual([
    { kind: 'group', id: BIG, displayName: 'Everyone Worldwide' },
  ]);

  const check = await api.get(`${APP}/users/worker77777@contoso.com`);
  expect(check.body).toMatchObject({ licensed: true, userId: userId(77777) });
});

test('a cursor this API did not return is refused, naming it', async () => {
  const forged = await api.get(`${APP}/assignments?cursor=not*a*cursor`);
  expect(forged).toMatchObject({ status: 400, body: { field: 'query.cursor' } });
  const tampered = Buffer.from(JSON.stringify({ v: 2, after: 'x' })).toString('base64url');
  expect((await api.get(`${APP}/assignments?cursor=${tampered}`)).body.field).toBe('query.cursor');
  expect((await api.get(`${APP}/assignments?limit=1001`)).body.field).toBe('query.limit');
  expect((await api.get(`${APP}/assignments?limit=0`)).body.field).toBe('query.limit');
});
