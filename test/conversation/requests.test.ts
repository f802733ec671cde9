import { cardProblems } from '../harness/cardParser';
import type { ConnectorCall } from '../harness/loopbackConnector';
import { startTestApp, type TestApp } from '../harness/testApp';
import {
  ADELE,
  BOB,
  MEGAN,
  SAMPLE_TENANT,
  actionsOf,
  cardOf,
  textsOf,
  type AdaptiveCardJson,
  type TeamsTestClient,
  type TestUser,
} from '../harness/teamsClient';
import { waitFor } from '../harness/waitFor';

/**
 * Seat requests through /api/messages, the loopback connector and embedded Cosmos: every answer of
 * `request …` in English and French, the request card in the alert channel, Approve and Deny replacing
 * it in place, `requests`, `my licenses`, the help card by role, and the app's history.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { NOTICE_RATE_PER_SECOND: '50', NOTICE_INTERVAL_SECONDS: '3600' } });
});
afterAll(async () => {
  await t.stop();
});

const person = (n: number, name: string): TestUser => {
  const aadObjectId = `a0c${String(n).padStart(5, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return { id: `29:${aadObjectId}`, aadObjectId, name };
};
const ALEX = person(2, 'Alex Wilber');
const GRADY = person(6, 'Grady Archie');
const HENRIETTA = person(7, 'Henrietta Mueller');
const EMILIE = person(18, 'Émilie Dubois');
const FRANCOIS = person(19, 'François Lefèvre');

const words = (card: AdaptiveCardJson | undefined) => textsOf(card).join(' ');
const posted = (call: ConnectorCall) => call.op === 'send' || call.op === 'reply';
/** Request cards posted into a conversation since `mark`. */
const requestCardsIn = (mark: number, conversationId: string) =>
  t.connector
    .since(mark, conversationId)
    .filter(
      (call) => posted(call) && actionsOf(cardOf(call) ?? {}).some((a) => a.verb === 'request.approve'),
    );
/** The first request card posted into the alert channel since `mark`, once it arrives. */
const requestCardArriving = async (mark: number) =>
  (
    await waitFor(() => {
      const found = requestCardsIn(mark, channel.conversationId);
      return found.length > 0 && found;
    })
  )[0];
/** Cards the bot posted into a conversation since `mark` whose text matches. */
const cardsIn = (mark: number, conversationId: string, pattern: RegExp) =>
  t.connector.since(mark, conversationId).filter((call) => posted(call) && pattern.test(words(cardOf(call))));

/** Waits until everything that follows the request's decision is done (the `requests` job's run). */
async function settled(requestId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (
    !(
      await t.app.store.read<{ id: string; tenantId: string; settled?: true }>(
        SAMPLE_TENANT,
        `request:${requestId}`,
      )
    )?.doc.settled
  ) {
    if (Date.now() > deadline) throw new Error(`request ${requestId} not settled`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let channel: TeamsTestClient;
beforeAll(async () => {
  channel = t.client({ user: ADELE, conversationType: 'channel' });
  await channel.send('send alerts here');
});

describe('asking', () => {
  test('`request Contoso CRM` from a personal chat: sent to the admins, with what happens next; the card reaches the alert channel', async () => {
    const bob = t.client({ user: BOB });
    const mark = t.connector.calls.length;
    const answer = await bob.send('request Contoso CRM');
    expect(cardProblems(answer.card!)).toEqual([]);
    expect(words(answer.card)).toContain('Request sent: Contoso CRM');
    expect(words(answer.card)).toContain('Your request for Contoso CRM went to the admins');
    expect(words(answer.card)).toContain('expire after 30 days');
    const posting = await requestCardArriving(mark);
    const card = cardOf(posting)!;
    expect(cardProblems(card)).toEqual([]);
    expect(textsOf(card)).toEqual(
      expect.arrayContaining([
        'Bob Kelly asks for Contoso CRM',
        'Requested by',
        'Bob Kelly',
        'Reason',
        'none given',
        'Seats left now',
        '25',
      ]),
    );
    expect(actionsOf(card).map((a) => a.title)).toEqual(['Approve', 'Deny']);
  });

  test('asking again: already requested, since when', async () => {
    const again = await t.client({ user: BOB }).send('can I get Contoso CRM?');
    expect(words(again.card)).toContain('Already requested: Contoso CRM');
    expect(words(again.card)).toMatch(/You asked for Contoso CRM on \d+ \w+ \d{4}/);
    const french = await t.client({ user: BOB, locale: 'fr-FR' }).send('demander Contoso CRM');
    expect(words(french.card)).toContain('Déjà demandée : Contoso CRM');
    expect(words(french.card)).toMatch(/Vous avez demandé Contoso CRM le \d+ \S+ \d{4}/);
  });

  test('`I need <app>: <reason>` in a group chat keeps the reason for the admins; `j’ai besoin de` in French', async () => {
    const group = t.client({ user: GRADY, conversationType: 'groupChat' });
    const mark = t.connector.calls.length;
    const answer = await group.send('I need Fabrikam Expenses: for the Q3 review');
    expect(words(answer.card)).toContain('Your request for Fabrikam Expenses went to the admins');
    const posting = await requestCardArriving(mark);
    expect(textsOf(cardOf(posting))).toEqual(
      expect.arrayContaining(['Grady Archie asks for Fabrikam Expenses', 'for the Q3 review']),
    );

    const french = await t
      .client({ user: EMILIE, locale: 'fr-FR', conversationType: 'channel' })
      .send("j'ai besoin de Contoso CRM");
    expect(words(french.card)).toContain('Demande envoyée : Contoso CRM');
    expect(words(french.card)).toContain('Votre demande de Contoso CRM est partie aux administrateurs');
    expect(words(french.card)).toContain('expire après 30 jours');
  });

  test('an unknown app gets suggestions, en and fr; nothing is requested', async () => {
    const english = await t.client({ user: HENRIETTA }).send('request Contso CRM');
    expect(words(english.card)).toContain('Did you mean');
    expect(actionsOf(english.card!).map((a) => a.title)).toContain('Contoso CRM');
    const french = await t.client({ user: HENRIETTA, locale: 'fr-FR' }).send('demander Fabrkam');
    expect(words(french.card)).toMatch(/Vouliez-vous dire|Voulez-vous dire/);
    const open = await t.app.requests.pending(SAMPLE_TENANT, 0, 100);
    expect(open.requests.filter((r) => r.requester.name === 'Henrietta Mueller')).toEqual([]);
  });

  test('an app already held: how (directly, or through which group) and the install link, en and fr', async () => {
    await t.client({ user: ADELE }).send('assign Northwind Timesheets to Sales group');
    const bob = await t.client({ user: BOB }).send('request Northwind Timesheets');
    expect(words(bob.card)).toContain('You already have Northwind Timesheets');
    expect(words(bob.card)).toContain('You hold Northwind Timesheets through Sales');
    const install = actionsOf(bob.card!).find((a) => a.title === 'Install this product');
    expect(install?.url).toMatch(/^https:\/\//);
    await t.client({ user: ADELE }).send('assign Northwind Timesheets to francois.lefevre@contoso.com');
    const francois = await t
      .client({ user: FRANCOIS, locale: 'fr-FR' })
      .send('demander Northwind Timesheets');
    expect(words(francois.card)).toContain('Vous avez déjà Northwind Timesheets');
    expect(words(francois.card)).toContain('elle vous est attribuée directement');
    expect(actionsOf(francois.card!).map((a) => a.title)).toContain('Installer ce produit');
  });
});

describe('deciding', () => {
  test('Approve in the channel assigns through the ledger, replaces the card for everyone, and the requester gets the install notice', async () => {
    const alex = t.client({ user: ALEX });
    const mark = t.connector.calls.length;
    await alex.send('request Litware Sondages: survey of the Q3 clients');
    const posting = await requestCardArriving(mark);
    const click = await channel.click(cardOf(posting)!, 'Approve', { replyToId: posting.activityId });
    expect(cardProblems(click.replacement!)).toEqual([]);
    expect(words(click.replacement)).toMatch(/Approved by Adele Vance, .+\. Alex Wilber has a seat/);
    expect(actionsOf(click.replacement!)).toEqual([]);
    expect(click.updates.map((update) => update.activityId)).toContain(posting.activityId);
    const [notice] = await waitFor(() => {
      const found = cardsIn(mark, alex.conversationId, /You have a seat of Litware Sondages/);
      return found.length > 0 && found;
    });
    expect(actionsOf(cardOf(notice)!).map((a) => a.title)).toContain('Install this product');
    const [entry] = await t.app.ledger.history(SAMPLE_TENANT, 'litware-sondages', 1);
    expect(entry).toMatchObject({
      action: 'assign',
      actor: { name: 'Adele Vance' },
      requestedBy: { name: 'Alex Wilber' },
    });
    // The history card says who asked and who decided.
    const history = await t.client({ user: ADELE }).send('history Litware Sondages');
    expect(words(history.card)).toContain('Adele Vance approved Alex Wilber’s request: Alex Wilber assigned');
  });

  test('Deny with a message: the card says who, when and the message; the requester is told with it (fr); the history shows it', async () => {
    const chloe = t.client({ user: person(20, 'Chloé Martin'), locale: 'fr-FR' });
    const mark = t.connector.calls.length;
    await chloe.send('demander Litware Sondages');
    const posting = await requestCardArriving(mark);
    const card = cardOf(posting)!;
    const input = JSON.stringify(card).match(/"id":"(message-[^"]+)"/)![1];
    const click = await channel.click(card, 'Deny', {
      replyToId: posting.activityId,
      inputs: { [input]: 'Budget frozen until July' },
    });
    expect(words(click.replacement)).toMatch(/Denied by Adele Vance, .+: “Budget frozen until July”/);
    expect(click.updates.map((update) => update.activityId)).toContain(posting.activityId);
    const [notice] = await waitFor(() => {
      const found = cardsIn(mark, chloe.conversationId, /Votre demande de Litware Sondages a été refusée/);
      return found.length > 0 && found;
    });
    expect(words(cardOf(notice))).toContain('Adele Vance a refusé votre demande de Litware Sondages');
    expect(words(cardOf(notice))).toContain('Son message : « Budget frozen until July »');
    const history = await t.client({ user: ADELE, locale: 'fr-FR' }).send('historique Litware Sondages');
    expect(words(history.card)).toContain('Adele Vance a refusé la demande de Chloé Martin');
  });

  test('a second click is told who decided and changes nothing', async () => {
    const lidia = t.client({ user: person(12, 'Lidia Holloway') });
    const mark = t.connector.calls.length;
    await lidia.send('request Fabrikam Expenses');
    const posting = await requestCardArriving(mark);
    const card = cardOf(posting)!;
    await channel.click(card, 'Approve', { replyToId: posting.activityId });
    await settled(actionsOf(card)[0].data.requestId);
    const seq = (await t.app.ledger.history(SAMPLE_TENANT, 'fabrikam-expenses', 1))[0].seq;
    const second = await channel.as(MEGAN).click(card, 'Deny', { replyToId: posting.activityId });
    expect(words(second.replacement)).toMatch(
      /Already decided: nothing was changed by your click\. Approved by Adele Vance/,
    );
    expect(second.updates).toEqual([]);
    expect((await t.app.ledger.history(SAMPLE_TENANT, 'fabrikam-expenses', 1))[0].seq).toBe(seq);
  });
});

describe('around the cards', () => {
  test('`notices off` stops seat notices, not requests: the card still reaches the admins and the requester still hears of a denial', async () => {
    const adele = t.client({ user: ADELE });
    await adele.send('notices off');
    try {
      const joni = t.client({ user: person(10, 'Joni Sherman') });
      const mark = t.connector.calls.length;
      await joni.send('request Litware Sondages');
      const posting = await requestCardArriving(mark);
      await channel.click(cardOf(posting)!, 'Deny', { replyToId: posting.activityId });
      await waitFor(
        () => cardsIn(mark, joni.conversationId, /Your request for Litware Sondages was denied/).length > 0,
      );
    } finally {
      await adele.send('notices on');
    }
  });

  test('a card decided before it was delivered is replaced as soon as it is posted', async () => {
    const adele = t.client({ user: ADELE });
    const isaiah = t.client({ user: person(8, 'Isaiah Langer') });
    // The channel refuses the next post once (503): the card goes out about a second later.
    t.connector.failNext({ status: 503, count: 1, conversationId: channel.conversationId });
    const mark = t.connector.calls.length;
    await isaiah.send('request Fabrikam Expenses');
    const list = await adele.send('requests');
    const requestId = (await t.app.requests.pending(SAMPLE_TENANT, 0, 100)).requests.find(
      (request) => request.requester.name === 'Isaiah Langer',
    )!.requestId;
    const denied = await adele.invoke('adaptiveCard/action', {
      action: {
        type: 'Action.Execute',
        verb: 'request.deny',
        data: { requestId, from: 'list', offset: '0' },
      },
    });
    expect(words(denied.body.value)).toContain('You denied Isaiah Langer’s request for Fabrikam Expenses.');
    expect(words(list.card)).toContain('Isaiah Langer asks for Fabrikam Expenses');
    const posting = await requestCardArriving(mark);
    const [update] = await waitFor(() => {
      const found = t.connector
        .since(mark, channel.conversationId)
        .filter((call) => call.op === 'update' && call.activityId === posting.activityId);
      return found.length > 0 && found;
    });
    expect(words(cardOf(update))).toMatch(/Denied by Adele Vance/);
  });
});
