import { seatReminderId, type SeatReminderDocument } from '../../bot/licensing/seatEnds';
import { startTestApp, type TestApp } from '../harness/testApp';
import { ADELE, BOB, SAMPLE_TENANT, cardOf, textsOf } from '../harness/teamsClient';
import { waitFor } from '../harness/waitFor';

/**
 * The seat-ends job on two instances sharing one Cosmos container: a seat whose end date passed is
 * removed once (one `end` entry in the audit trail) and the person told once; a seat ending within 7
 * days gets one reminder in the alert channel (through the outbox), whose Extend works.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const JOBS = { SEAT_ENDS_INTERVAL_SECONDS: '1', JOB_LEASE_SECONDS: '5', LOG_LEVEL: 'debug' };
const VENTES_FRANCE = 'b0c00003-0000-4000-8000-000000000003';
const actor = { tenantId: SAMPLE_TENANT, userId: ADELE.aadObjectId, name: ADELE.name };

let first: TestApp;
let second: TestApp;
beforeAll(async () => {
  first = await startTestApp({ env: JOBS });
  const { endpoint, key } = first.app.embedded!;
  second = await startTestApp({ env: { ...JOBS, COSMOS_ENDPOINT: endpoint, COSMOS_KEY: key } });
  await first.client({ user: BOB }).send('help'); // Bob's personal chat is known: he can be told
  await first.client({ conversationType: 'channel' }).send('send alerts here');
});

/** The cards the bot sent (to any conversation, both instances reply through the first's connector) with this title. */
const sentWithTitle = (title: string) =>
  first.connector.calls.filter(
    (call) => (call.op === 'send' || call.op === 'reply') && textsOf(cardOf(call))[0] === title,
  );
afterAll(async () => {
  await second?.stop();
  await first?.stop();
});

const seatEndRuns = (t: TestApp) =>
  t.logs.filter((line) => line.job === 'seatEnds' && line.msg === 'background job ran').length;

test('two instances: a seat past its end date is removed once, audited as ended by schedule', async () => {
  // Set up through the ledger: a command's end date is a whole day away, too far to wait for.
  const until = new Date(Date.now() + 2500).toISOString();
  await first.app.ledger.assign(actor, 'contoso-crm', [BOB.aadObjectId, VENTES_FRANCE], undefined, { until });
  await first.app.ledger.assign(actor, 'contoso-crm', ['a0c00016-0000-4000-8000-000000000016']);
  const before = await first.app.ledger.details(SAMPLE_TENANT, 'contoso-crm');
  expect(before.seatsAssigned).toBe(6);

  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if ((await second.app.ledger.details(SAMPLE_TENANT, 'contoso-crm')).seatsAssigned === 1) break;
    await sleep(200);
  }
  await sleep(3000); // more ticks on both instances: nothing is ended twice
  const after = await first.app.ledger.details(SAMPLE_TENANT, 'contoso-crm');
  expect(after.holders.map((holder) => holder.displayName)).toEqual(['Patti Fernandez']);
  const history = await first.app.ledger.history(SAMPLE_TENANT, 'contoso-crm', 10);
  const ends = history.filter((entry) => entry.action === 'end');
  expect(ends).toHaveLength(1);
  expect(ends[0]).toMatchObject({
    actor: { userId: 'license-desk', name: 'License Desk' },
    seatsBefore: 6,
    seatsAfter: 1,
  });
  expect(ends[0].principals.map((p) => p.displayName).sort()).toEqual(['Bob Kelly', 'Ventes France']);
  // Both instances ran the job; the claims and the IfMatch commit kept it to one removal.
  expect(seatEndRuns(first)).toBeGreaterThan(0);
  expect(seatEndRuns(second)).toBeGreaterThan(0);

  // Each person who lost the seat is told once: Bob and the four members of Ventes France (their
  // personal chats opened by the outbox), whichever instance ended it.
  await waitFor(() => sentWithTitle('Your seat of Contoso CRM has ended').length >= 5);
  await sleep(1500);
  const told = sentWithTitle('Your seat of Contoso CRM has ended');
  expect(
    told.map((call) => call.activity.recipient?.aadObjectId ?? call.activity.recipient?.id).sort(),
  ).toEqual([BOB.aadObjectId, ...[18, 19, 20, 21].map((n) => `a0c000${n}-0000-4000-8000-0000000000${n}`)]);
  expect(textsOf(cardOf(told[0]))[1]).toBe(
    'Your time-bound seat of Contoso CRM ended as planned. If you still need the app, ask an admin of your organisation.',
  );

  const card = (await first.client().send('history Contoso CRM')).card;
  expect(textsOf(card)).toContain('The seats of Bob Kelly and Ventes France ended as scheduled');
  const fr = (await first.client({ locale: 'fr-FR' }).send('historique Contoso CRM')).card;
  expect(textsOf(fr)).toContain('Les licences de Bob Kelly et Ventes France ont pris fin comme prévu');
}, 40_000);

test('a seat ending within 7 days: one reminder, kept with what Extend acts on', async () => {
  const until = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
  await first.app.ledger.assign(actor, 'fabrikam-expenses', [BOB.aadObjectId], undefined, { until });
  const id = seatReminderId('fabrikam-expenses', { k: 'u', id: BOB.aadObjectId, until });
  const deadline = Date.now() + 10_000;
  let reminder: SeatReminderDocument | undefined;
  while (!reminder && Date.now() < deadline) {
    reminder = (await first.app.store.read<SeatReminderDocument>(SAMPLE_TENANT, id))?.doc;
    await sleep(200);
  }
  expect(reminder).toMatchObject({ appId: 'fabrikam-expenses', kind: 'u', until });
  // Still held: a reminder changes nothing.
  const details = await first.app.ledger.details(SAMPLE_TENANT, 'fabrikam-expenses');
  expect(details.holders.map((holder) => holder.until)).toEqual([until]);

  // One reminder in the alert channel, whichever instance ran the job, however many runs.
  await waitFor(() => sentWithTitle('A seat ends soon: Fabrikam Expenses').length > 0);
  await sleep(2500);
  const reminders = sentWithTitle('A seat ends soon: Fabrikam Expenses');
  expect(reminders).toHaveLength(1);
  const reminderCard = cardOf(reminders[0])!;
  expect(textsOf(reminderCard).slice(2)).toEqual(['Extend 30 days', 'Let it end']);
  const extended = await first.client({ conversationType: 'channel' }).click(reminderCard, 'Extend 30 days');
  expect(textsOf(extended.replacement)[1]).toMatch(
    /^Adele Vance extended it: the seat of Bob Kelly for Fabrikam Expenses now ends on /,
  );
}, 30_000);
