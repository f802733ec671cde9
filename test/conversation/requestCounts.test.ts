import { startTestApp, type TestApp } from '../harness/testApp';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

/** Cosmos requests made by one command or click, end to end through /api/messages. */
async function requestsOf(action: () => Promise<unknown>) {
  t.app.store.resetCounts();
  await action();
  const counts = t.app.store.requestCounts();
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
  for (const [command, counts] of Object.entries(measured)) {
    expect([command, counts.queries]).toEqual([command, 0]);
    expect([command, counts.total <= 6]).toEqual([command, true]);
  }
});
