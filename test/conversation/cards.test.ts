import { cardProblems } from '../harness/cardParser';
import { startTestApp, type TestApp } from '../harness/testApp';
import { BOB, cardOf, type AdaptiveCardJson } from '../harness/teamsClient';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

/** Every card type the bot sends, in both languages, produced through the real conversation. */
async function everyCard(locale: string): Promise<Record<string, AdaptiveCardJson>> {
  const c = t.client({ locale });
  const cards: Record<string, AdaptiveCardJson> = {};
  const send = async (name: string, text: string) => {
    const turn = await c.send(text);
    cards[name] = turn.card!;
    return turn;
  };
  await send('help', 'help');
  await send('list', 'licenses');
  await send('assignResult', 'assign Northwind Timesheets to Sales group and bob@contoso.com');
  await send('detailsWithHolders', 'details Northwind Timesheets');
  await send('detailsEmpty', 'details Litware Sondages');
  await send('install', 'install Contoso CRM');
  await send('vendor', 'add licenses to Contoso CRM');
  await send('history', 'history Northwind Timesheets');
  await send('historyEmpty', 'history Litware Sondages');
  await send('didYouMean', 'details Contsoo CRM');
  await send('ambiguous', 'assign Contoso CRM to Jo');
  await send('whichApp', 'install');
  await send('notEnoughSeats', 'assign Litware Sondages to All Staff');
  await send('notFound', 'details Zebra');
  const confirm = await send('unassignConfirm', 'unassign Northwind Timesheets from Bob Kelly and Sales');
  const id = confirm.replies[0].activityId;
  cards.unassignDone = (
    await c.click(confirm.card!, locale.startsWith('fr') ? 'Désattribuer' : 'Unassign', { replyToId: id })
  ).replacement!;
  cards.confirmationUsed = (
    await c.click(confirm.card!, locale.startsWith('fr') ? 'Désattribuer' : 'Unassign', { replyToId: id })
  ).replacement!;
  await c.send('assign Northwind Timesheets to Megan Bowen');
  const cancel = await send('unassignConfirm2', 'unassign Northwind Timesheets from Megan Bowen');
  cards.unassignCancelled = (
    await c.click(cancel.card!, locale.startsWith('fr') ? 'Annuler' : 'Cancel')
  ).replacement!;
  cards.notAnAdmin = (await c.as(BOB, locale).send('licenses')).card!;
  return cards;
}

test.each([['en-US'], ['fr-FR']])(
  'every card the bot sends parses at Adaptive Cards 1.5 with no warning (%s)',
  async (locale) => {
    const cards = await everyCard(locale);
    expect(Object.keys(cards)).toHaveLength(20);
    for (const [name, card] of Object.entries(cards)) {
      expect([name, card?.version]).toEqual([name, '1.5']);
      expect([name, cardProblems(card)]).toEqual([name, []]);
    }
  },
);

test('the parser check can fail: an unknown element is reported', () => {
  expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Bogus' }] })).not.toEqual([]);
});

test('cards are sent as Adaptive Card attachments', async () => {
  const turn = await t.client().send('help');
  expect(turn.replies[0].activity.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect(cardOf(turn.replies[0])).toEqual(turn.card);
});
