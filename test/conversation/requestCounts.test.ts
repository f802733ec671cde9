import type { RequestCounts } from '../../bot/storage/documentStore';
import { startTestApp, type TestApp } from '../harness/testApp';
import { waitFor } from '../harness/waitFor';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

/**
 * Cosmos requests made on behalf of one command or click, end to end through /api/messages: its
 * request log line's own tally. The notices job a change kicks runs beside the turn, outside its
 * request, and is not counted (a whole-store count took it in whenever it overlapped the turn).
 */
async function requestsOf(action: () => Promise<unknown>) {
  const mark = t.logs.length;
  await action();
  const line = await waitFor(() =>
    t.logs.slice(mark).find((l) => l.msg === 'request' && l.path === '/api/messages'),
  );
  const counts = (line.cosmos ?? { reads: 0, writes: 0, queries: 0, bulk: 0 }) as RequestCounts;
  return { ...counts, total: counts.reads + counts.writes + counts.queries + counts.bulk };
}

test('hot commands make no Cosmos query and at most 6 requests each', async () => {
  const c = t.client();
  await c.send('assign Contoso CRM to Sales');
  const measured: Record<string, { total: number; queries: number }> = {};
  measured.licenses = await requestsOf(() => c.send('licenses'));
  measured.details = await requestsOf(() => c.send('details Contoso CRM'));
  measured.assignUser = await requestsOf(() => c.send('assign Contoso CRM to Megan Bowen'));
  measured.assignGroup = await requestsOf(() => c.send('assign Contoso CRM to Marketing'));
  let confirmation: Awaited<ReturnType<typeof c.send>> | undefined;
  measured.unassignPrepare = await requestsOf(async () => {
    confirmation = await c.send('unassign Contoso CRM from Marketing');
  });
  measured.unassignConfirm = await requestsOf(() =>
    c.click(confirmation!.card!, 'Unassign', { replyToId: confirmation!.replies[0].activityId }),
  );
  // Measured: an assign is 3 (the ledger commit, its notice batch written in one bulk before it, and
  // the admin card's follow-up document for the progress updates); a confirmed unassign 3 as well.
  for (const [command, counts] of Object.entries(measured)) {
    expect([command, counts.queries]).toEqual([command, 0]);
    expect([command, counts.total <= 6]).toEqual([command, true]);
  }
});
