import type { ConnectorCall } from '../harness/loopbackConnector';
import { startTestApp, type TestApp } from '../harness/testApp';
import { personalRefId } from '../../bot/notices/conversationReferences';
import {
  ADELE,
  BOB,
  SAMPLE_TENANT,
  actionsOf,
  cardOf,
  textsOf,
  type TeamsTestClient,
  type TestUser,
} from '../harness/teamsClient';
import { waitFor } from '../harness/waitFor';

let t: TestApp;
/** Bob's personal chat (he wrote to the bot in the first test). */
let bob: TeamsTestClient;
beforeAll(async () => {
  t = await startTestApp({ env: { NOTICE_RATE_PER_SECOND: '50' } });
});
afterAll(async () => {
  await t.stop();
});

/** A message the bot posted (a proactive send goes out as a reply to the continuation's id). */
const isMessage = (call: ConnectorCall) => call.op === 'send' || call.op === 'reply';

/** Someone of the sample organisation (data/sample/directory.json), by number. */
const person = (n: number, name: string): TestUser => {
  const aadObjectId = `a0c${String(n).padStart(5, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return { id: `29:${aadObjectId}`, aadObjectId, name };
};

const messagesTo = (mark: number, conversationId: string) =>
  t.connector.since(mark, conversationId).filter(isMessage);

/** The admin's result card once it says the delivery is over (its final update). */
const finalCard = (mark: number, admin: TeamsTestClient, says: string) =>
  waitFor(() =>
    t.connector
      .since(mark, admin.conversationId)
      .find((call) => call.op === 'update' && texts(call).join(' ').includes(says)),
  );

const texts = (call: ConnectorCall | undefined) => {
  const card = cardOf(call);
  return card ? textsOf(card) : [];
};

test('a person who has talked to the bot is told of their new seat, in a card naming the admin, with the install link; the admin card counts them', async () => {
  bob = t.client({ user: BOB });
  await bob.send('help'); // Bob's personal chat is now known
  const admin = t.client({ user: ADELE });
  const mark = t.connector.calls.length;
  const answer = await admin.send('assign Fabrikam Expenses to bob@contoso.com');
  expect(textsOf(answer.card!).join(' ')).toContain('Telling the person who got a seat');

  const notice = await waitFor(() =>
    t.connector.since(mark, bob.conversationId).find((call) => isMessage(call)),
  );
  const lines = texts(notice).join(' ');
  expect(lines).toContain('You have a seat of Fabrikam Expenses');
  expect(lines).toContain('Adele Vance gave you a seat');
  const install = actionsOf(cardOf(notice)!).find((action) => action.type === 'Action.OpenUrl');
  expect(install?.title).toBe('Install this product');
  expect(install?.url).toMatch(/^https:\/\//);

  const update = await waitFor(() =>
    t.connector
      .since(mark, admin.conversationId)
      .find((call) => call.op === 'update' && texts(call).join(' ').includes('Told 1 of 1.')),
  );
  expect(update.activityId).toBe(answer.replies[0].activityId);
  // Exactly once.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(t.connector.since(mark, bob.conversationId).filter((call) => isMessage(call))).toHaveLength(1);
});

test('someone who never wrote to the bot: a personal chat is opened in their tenant (createConversation), then the notice, in the admin’s language', async () => {
  const admin = t.client({ user: ADELE });
  await admin.send('help');
  const mark = t.connector.calls.length;
  await admin.send('assign Northwind Timesheets to alex@contoso.com');
  const created = await waitFor(() =>
    t.connector.since(mark).find((call) => call.op === 'createConversation'),
  );
  expect(created.activity.tenantId).toBe(SAMPLE_TENANT);
  expect(created.activity.isGroup).toBe(false);
  expect(created.activity.members).toEqual([
    expect.objectContaining({ id: 'a0c00002-0000-4000-8000-000000000002' }),
  ]);
  const notice = await waitFor(() => messagesTo(mark, created.activityId)[0]);
  expect(texts(notice).join(' ')).toContain('You have a seat of Northwind Timesheets');
  await finalCard(mark, admin, 'Told 1 of 1.');
  // The chat it opened is remembered: the next notice goes straight there.
  const mark2 = t.connector.calls.length;
  const confirm = await admin.send('unassign Northwind Timesheets from alex@contoso.com');
  await admin.click(confirm.card!, 'Unassign', { replyToId: confirm.replies[0].activityId });
  const lost = await waitFor(() => messagesTo(mark2, created.activityId)[0]);
  expect(texts(lost).join(' ')).toContain('Your seat of Northwind Timesheets was removed');
  expect(t.connector.since(mark2).filter((call) => call.op === 'createConversation')).toEqual([]);
});

test('the notice is in the recipient’s language (their chat’s locale), whatever the admin’s', async () => {
  const emilie = t.client({ user: person(18, 'Émilie Dubois'), locale: 'fr-FR' });
  await emilie.send('aide');
  const admin = t.client({ user: ADELE });
  const mark = t.connector.calls.length;
  await admin.send('assign Contoso CRM to emilie.dubois@contoso.com');
  const notice = await waitFor(() => messagesTo(mark, emilie.conversationId)[0]);
  const lines = texts(notice).join(' ');
  expect(lines).toContain('Vous avez une licence Contoso CRM');
  expect(lines).toContain('Adele Vance vous a attribué une licence');
  expect(actionsOf(cardOf(notice)!)[0].title).toBe('Installer ce produit');
});

test('losing a seat: a short notice', async () => {
  const admin = t.client({ user: ADELE });
  const mark = t.connector.calls.length;
  const confirm = await admin.send('unassign Fabrikam Expenses from bob@contoso.com');
  const done = await admin.click(confirm.card!, 'Unassign', { replyToId: confirm.replies[0].activityId });
  expect(textsOf(done.replacement!).join(' ')).toContain('Telling the person who lost their seat');
  const notice = await waitFor(() => messagesTo(mark, bob.conversationId)[0]);
  expect(texts(notice)).toEqual([
    'Your seat of Fabrikam Expenses was removed',
    'Adele Vance removed your seat of Fabrikam Expenses. Questions? Ask Adele Vance.',
  ]);
});

test.each([
  [403, person(8, 'Isaiah Langer'), 'isaiah.langer@contoso.com'],
  [404, person(9, 'Johanna Lorenz'), 'johanna.lorenz@contoso.com'],
])(
  'a %d from the connector (stale or revoked reference): unreachable, counted, dropped, never retried',
  async (status, user, address) => {
    const them = t.client({ user });
    await them.send('help');
    expect(await t.app.store.read(SAMPLE_TENANT, personalRefId(user.aadObjectId))).toBeDefined();
    t.connector.failNext({ status, count: 5, conversationId: them.conversationId });
    const admin = t.client({ user: ADELE });
    const mark = t.connector.calls.length;
    const refusedBefore = t.connector.refused.length;
    await admin.send(`assign Contoso CRM to ${address}`);
    const card = await finalCard(mark, admin, 'Told 0 of 1.');
    expect(texts(card).join(' ')).toContain('1 cannot be reached yet');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(t.connector.refused.slice(refusedBefore)).toHaveLength(1);
    expect(messagesTo(mark, them.conversationId)).toEqual([]);
    expect(await t.app.store.read(SAMPLE_TENANT, personalRefId(user.aadObjectId))).toBeUndefined();
  },
);

test('a 429 storm: each person told exactly once, after the Retry-After the service asked for', async () => {
  const members = [
    person(18, 'Émilie Dubois'),
    person(19, 'François Lefèvre'),
    person(20, 'Chloé Martin'),
    person(21, 'Ventes 21'),
  ];
  const clients = members.map((user) => t.client({ user }));
  for (const client of clients) await client.send('help');
  for (const client of clients) {
    t.connector.failNext({
      status: 429,
      count: 2,
      retryAfterSeconds: 1,
      conversationId: client.conversationId,
    });
  }
  const admin = t.client({ user: ADELE });
  const mark = t.connector.calls.length;
  const refusedBefore = t.connector.refused.length;
  await admin.send('assign Litware Sondages to Ventes France');
  await finalCard(mark, admin, 'Told 4 of 4.');
  for (const client of clients) {
    const messages = messagesTo(mark, client.conversationId);
    expect(messages).toHaveLength(1);
    const refused = t.connector.refused
      .slice(refusedBefore)
      .filter((call) => call.conversationId === client.conversationId);
    expect(refused).toHaveLength(2);
    expect(messages[0].receivedAt - refused[0].receivedAt).toBeGreaterThanOrEqual(950);
  }
});

test('a notice never crosses tenants: someone known only in another organisation is reached in this one', async () => {
  const lynne = person(13, 'Lynne Robbins');
  const elsewhere = t.client({ user: lynne, tenantId: '0f0f0f0f-1111-4222-8333-444444444444' });
  await elsewhere.send('help');
  const admin = t.client({ user: ADELE });
  const mark = t.connector.calls.length;
  await admin.send('assign Contoso CRM to lynne.robbins@contoso.com');
  const created = await waitFor(() =>
    t.connector.since(mark).find((call) => call.op === 'createConversation'),
  );
  expect(created.activity.tenantId).toBe(SAMPLE_TENANT);
  await waitFor(() => messagesTo(mark, created.activityId)[0]);
  await finalCard(mark, admin, 'Told 1 of 1.');
  expect(messagesTo(mark, elsewhere.conversationId)).toEqual([]);
});

test('installing the app stores where the person is reached; uninstalling removes it, and the next notice opens a new chat', async () => {
  const lee = person(11, 'Lee Gu');
  const chat = t.client({ user: lee });
  await chat.post(chat.activity({ type: 'installationUpdate', action: 'add' }));
  const stored = await t.app.store.read<{ id: string; tenantId: string; reference: unknown }>(
    SAMPLE_TENANT,
    personalRefId(lee.aadObjectId),
  );
  expect(JSON.stringify(stored?.doc)).toContain(chat.conversationId);

  await chat.post(chat.activity({ type: 'installationUpdate', action: 'remove' }));
  expect(await t.app.store.read(SAMPLE_TENANT, personalRefId(lee.aadObjectId))).toBeUndefined();
  const admin = t.client({ user: ADELE });
  const mark = t.connector.calls.length;
  await admin.send('assign Fabrikam Expenses to lee.gu@contoso.com');
  const created = await waitFor(() =>
    t.connector.since(mark).find((call) => call.op === 'createConversation'),
  );
  expect(created.activity.members).toEqual([expect.objectContaining({ id: lee.aadObjectId })]);
  await waitFor(() => messagesTo(mark, created.activityId)[0]);
  expect(messagesTo(mark, chat.conversationId)).toEqual([]);
});
