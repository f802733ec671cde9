import type { ConnectorCall } from '../harness/loopbackConnector';
import { startTestApp, type TestApp } from '../harness/testApp';
import { ADELE, BOB, actionsOf, cardOf, textsOf } from '../harness/teamsClient';
import { waitFor } from './support/waitFor';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { NOTICE_RATE_PER_SECOND: '50' } });
});
afterAll(async () => {
  await t.stop();
});

/** A message the bot posted (a proactive send goes out as a reply to the continuation's id). */
const isMessage = (call: ConnectorCall) => call.op === 'send' || call.op === 'reply';

const texts = (call: ConnectorCall | undefined) => {
  const card = cardOf(call);
  return card ? textsOf(card) : [];
};

test('a person who has talked to the bot is told of their new seat, in a card naming the admin, with the install link; the admin card counts them', async () => {
  const bob = t.client({ user: BOB });
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
