/**
 * End-to-end through the Microsoft 365 Agents Playground's HTTP/WebSocket API, without a browser:
 * License Desk started as `npm start` starts it, the playground in front of it, and the test in the
 * place of the playground's web client. Messages and clicks go in over HTTP; the test checks the
 * exact card JSON that the client receives over the conversation WebSocket.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  ADELE,
  BOB,
  BOT_ID,
  CHANNEL,
  GROUP_CHAT,
  PERSONAL_CHAT,
  startEnvironment,
  type Environment,
} from './support/environment';
import { englishIn } from '../harness/language';
import { groupIsAlive } from './support/processes';
import { waitFor } from '../harness/waitFor';
import {
  actionsOf,
  CARD_TYPE,
  PlaygroundApi,
  textsOf,
  titlesOf,
  type BotMessage,
} from './support/playgroundApi';

jest.setTimeout(120_000);

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
const CRM_INSTALL = 'https://contoso-ltd.example/crm/install';
const TWELVE_USERS = [
  'alex@contoso.com',
  'bob@contoso.com',
  'diego.siciliani@contoso.com',
  'grady.archie@contoso.com',
  'henrietta.mueller@contoso.com',
  'isaiah.langer@contoso.com',
  'johanna.lorenz@contoso.com',
  'joni.sherman@contoso.com',
  'lee.gu@contoso.com',
  'lidia.holloway@contoso.com',
  'lynne.robbins@contoso.com',
  'miriam.graham@contoso.com',
];

const title = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'TextBlock',
  text,
  size: 'Large',
  weight: 'Bolder',
  wrap: true,
  ...extra,
});

/** The card of the bot's notices (results of clicks, refusals), with its buttons if any. */
const notice = (
  heading: string,
  color: string,
  lines: string[],
  actions: unknown[] = [],
  style = 'default',
) => ({
  type: 'AdaptiveCard',
  $schema: SCHEMA,
  version: '1.5',
  body: [
    {
      type: 'Container',
      style,
      items: [
        { type: 'TextBlock', text: heading, size: 'Medium', weight: 'Bolder', wrap: true, color },
        ...lines.map((text) => ({ type: 'TextBlock', text, wrap: true })),
      ],
    },
  ],
  actions,
});

/** Closes the WebSocket and keeps everything it received in the environment's artifacts. */
async function closeAndKeepTranscript(api: PlaygroundApi | undefined, env: Environment | undefined) {
  await api?.close();
  if (api && env)
    fs.writeFileSync(path.join(env.artifacts, 'websocket.json'), JSON.stringify(api.events, null, 2));
  await env?.stop();
}

/** A bot message as the WebSocket pushes it: one Adaptive Card attachment, nothing else. */
function expectCardMessage(bot: BotMessage, card: unknown) {
  expect(bot.message.from).toEqual({ id: BOT_ID });
  expect(bot.message.attachments).toEqual([{ contentType: CARD_TYPE, content: card }]);
}

/** Makes sure the assignment exists, whatever earlier tests did (a result card or "already holds"). */
async function given(api: PlaygroundApi, command: string, conversation = PERSONAL_CHAT) {
  const reply = await api.send(conversation, command);
  expect(textsOf(reply.card)[0]).toMatch(
    /^(Licenses assigned|Licences attribuées)|^(Nothing to assign|Rien à attribuer)/,
  );
}

describe('as Adele Vance (License admin), in English', () => {
  let env: Environment;
  let api: PlaygroundApi;

  beforeAll(async () => {
    // TYPING_DELAY_MS=0: typing before every assign and unassign, so the channel test below can check
    // that typing reaches the thread (with the default 300 ms a fast answer comes without typing).
    env = await startEnvironment({ name: 'api-admin', botEnv: { TYPING_DELAY_MS: '0' } });
    api = await PlaygroundApi.connect(env.playgroundUrl, ADELE.id);
  });
  afterAll(async () => {
    await closeAndKeepTranscript(api, env);
  });

  test('personal chat: help answers with the command card', async () => {
    const reply = await api.send(PERSONAL_CHAT, 'help');
    expect(reply.card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(reply.card.body[0]).toEqual(title('License Desk'));
    const texts = textsOf(reply.card);
    expect(texts).toEqual(
      expect.arrayContaining([
        'licenses',
        'details Contoso CRM',
        'assign Contoso CRM to Sales group, bob@contoso.com',
        'unassign Contoso CRM from Bob Kelly',
        'Only Global, License and User admins can see and change licenses.',
      ]),
    );
    expect(actionsOf(reply.card)).toEqual([
      { type: 'Action.Execute', title: 'Show licenses', verb: 'list', data: {} },
    ]);
  });

  test('personal chat: licenses lists every app with its seats and a Details button', async () => {
    const reply = await api.send(PERSONAL_CHAT, 'licenses');
    expect(reply.card.body.slice(0, 2)).toEqual([
      title('Licenses'),
      {
        type: 'TextBlock',
        text: '4 apps from independent software vendors',
        isSubtle: true,
        spacing: 'None',
        wrap: true,
      },
    ]);
    const texts = textsOf(reply.card);
    for (const line of [
      'Contoso CRM',
      '0 of 25 assigned · 25 available',
      'Fabrikam Expenses',
      '0 of 10 assigned · 10 available',
      'Northwind Timesheets',
      '0 of 50 assigned · 50 available',
      'Litware Sondages',
      '0 of 5 assigned · 5 available',
    ]) {
      expect(texts).toContain(line);
    }
    expect(actionsOf(reply.card).map((a) => [a.title, a.verb, a.data])).toEqual([
      ['Details', 'details', { appId: 'contoso-crm' }],
      ['Details', 'details', { appId: 'fabrikam-expenses' }],
      ['Details', 'details', { appId: 'northwind-timesheets' }],
      ['Details', 'details', { appId: 'litware-sondages' }],
    ]);
  });

  test('seat alerts: `send alerts here` in the channel, assigns in the personal chat until the threshold is crossed, the alert in the channel; Snooze replaces it', async () => {
    // People's notices off for this scenario: the playground cannot reach the sample's other users (500
    // UserNotFound), and their retries would hold the tenant's delivery job while the alert waits.
    await api.send(PERSONAL_CHAT, 'notices off');
    const set = await api.send(CHANNEL, 'send alerts here', { mention: true });
    expect(textsOf(set.card)).toContain(
      'Seat alerts will come to this conversation. Say “stop alerts” to undo it.',
    );
    const from = api.events.length;
    await given(api, 'assign Litware Sondages to alice@contoso.com'); // 1 of 5: 4 left
    await given(api, 'assign Litware Sondages to Ventes France group'); // 4 of 5: 1 left, the default threshold
    // The alert is posted in the channel thread where it was asked for, through the outbox.
    const alert = await api.nextBotMessage(from, set.conversationId);
    expectCardMessage(alert, {
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: '1.5',
      body: [
        {
          type: 'TextBlock',
          text: 'Litware Sondages: 1 seat left',
          size: 'Medium',
          weight: 'Bolder',
          color: 'Warning',
          wrap: true,
        },
        {
          type: 'TextBlock',
          text: 'Available seats of Litware Sondages fell to 1 (alert threshold: 1). Buy seats from the vendor or free some.',
          wrap: true,
        },
        {
          type: 'FactSet',
          facts: [
            { title: 'Purchased', value: '5' },
            { title: 'Assigned', value: '4' },
            { title: 'Available', value: '1' },
            { title: 'Alert threshold', value: '1' },
          ],
        },
      ],
      actions: [
        { type: 'Action.Submit', title: 'Details', data: { verb: 'details', appId: 'litware-sondages' } },
        {
          type: 'Action.Submit',
          title: 'Contact the vendor',
          data: { verb: 'seats', appId: 'litware-sondages' },
        },
        {
          type: 'Action.Execute',
          title: 'Snooze 7 days',
          verb: 'alert.snooze',
          data: { appId: 'litware-sondages', alert: 'low' },
        },
      ],
    });
    const before = api.events.length;
    const snoozed = await api.click(alert, 'Snooze 7 days');
    expect(textsOf(snoozed.replacement)[0]).toBe('Litware Sondages: alerts snoozed');
    expect(textsOf(snoozed.replacement)[1]).toMatch(
      /^“Seats running low” alerts for Litware Sondages are snoozed until \d+ \w+ \d{4} \(by Adele Vance\)\.$/,
    );
    const updated = await api.nextUpdate(before, alert);
    expectCardMessage(updated, snoozed.replacement);
    // Back as the tests below expect it: Litware Sondages unassigned, no alert channel, notices on.
    const preview = await api.send(
      PERSONAL_CHAT,
      'unassign Litware Sondages from Ventes France group, alice@contoso.com',
    );
    const removed = await api.click(preview, 'Unassign');
    expect(textsOf(removed.replacement)[0]).toBe('Unassigned: Litware Sondages');
    await api.send(set.conversationId, 'stop alerts', { mention: true });
    await api.send(PERSONAL_CHAT, 'notices on');
  });

  test('assign Contoso CRM to Sales group: result card with the seats left and Install this product', async () => {
    const reply = await api.send(PERSONAL_CHAT, 'assign Contoso CRM to Sales group');
    expectCardMessage(reply, {
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: '1.5',
      body: [
        title('Licenses assigned: Contoso CRM', { color: 'Good' }),
        { type: 'TextBlock', text: 'Assigned to', weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: 'Sales (+8 seats)', spacing: 'None', wrap: true },
        { type: 'TextBlock', text: '8 of 25 seats assigned · 17 left', wrap: true, spacing: 'Medium' },
        {
          type: 'TextBlock',
          text: 'Next step: install the app in your organisation so these people can use it.',
          wrap: true,
          spacing: 'Medium',
        },
        { type: 'TextBlock', text: 'Telling the 8 people who got a seat…', isSubtle: true, wrap: true },
      ],
      actions: [
        { type: 'Action.OpenUrl', title: 'Install this product', url: CRM_INSTALL, style: 'positive' },
      ],
    });
  });

  test('assign an app to herself: the notice appears in her personal chat, and the result card counts her as told', async () => {
    const from = api.events.length;
    const reply = await api.send(PERSONAL_CHAT, 'assign Fabrikam Expenses to adele.vance@contoso.com');
    expect(textsOf(reply.card)).toContain('Telling the person who got a seat…');
    const replied = api.events.findIndex((e) => e.message?.messageId === reply.message.messageId);
    const notice = await api.nextBotMessage(Math.max(from, replied) + 1, PERSONAL_CHAT);
    expectCardMessage(notice, {
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: '1.5',
      body: [
        title('You have a seat of Fabrikam Expenses'),
        {
          type: 'TextBlock',
          text: 'Adele Vance gave you a seat of Fabrikam Expenses. Install it to start using it. Questions? Ask Adele Vance.',
          wrap: true,
        },
      ],
      actions: [
        {
          type: 'Action.OpenUrl',
          title: 'Install this product',
          url: 'https://fabrikam.example/expenses/install',
          style: 'positive',
        },
      ],
    });
    // The result card is updated in place once she has been told.
    await waitFor(() =>
      api.events.find(
        (e) =>
          e.action === 'updateMessage' &&
          e.message?.messageId === reply.message.messageId &&
          textsOf(e.message.attachments?.[0]?.content ?? {}).includes('Told 1 of 1.'),
      ),
    );
  });

  test('unassign Contoso CRM from Sales: confirmation, then Unassign turns the same card into the outcome', async () => {
    await given(api, 'assign Contoso CRM to Sales group');
    const confirmation = await api.send(PERSONAL_CHAT, 'unassign Contoso CRM from Sales');
    const confirmationId = actionsOf(confirmation.card)[0]?.data?.confirmationId;
    expect(typeof confirmationId).toBe('string');
    expectCardMessage(confirmation, {
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: '1.5',
      body: [
        title('Unassign Contoso CRM?'),
        { type: 'TextBlock', text: 'These assignments will be removed:', wrap: true },
        {
          type: 'ColumnSet',
          columns: [
            {
              type: 'Column',
              width: 'stretch',
              items: [{ type: 'TextBlock', text: 'Sales', weight: 'Bolder', wrap: true }],
            },
            {
              type: 'Column',
              width: 'auto',
              items: [{ type: 'TextBlock', text: '8 seats back', isSubtle: true, wrap: true }],
            },
          ],
        },
        {
          type: 'TextBlock',
          text: 'Seats that come back: 8',
          weight: 'Bolder',
          spacing: 'Medium',
          wrap: true,
        },
        { type: 'TextBlock', text: 'Seats assigned after: 0 of 25 (now 8)', spacing: 'None', wrap: true },
        {
          type: 'TextBlock',
          text: expect.stringMatching(/^This confirmation expires at \d\d:\d\d UTC\.$/),
          size: 'Small',
          isSubtle: true,
          wrap: true,
        },
      ],
      actions: [
        {
          type: 'Action.Execute',
          title: 'Unassign',
          verb: 'unassign.confirm',
          style: 'destructive',
          data: { confirmationId },
        },
        { type: 'Action.Execute', title: 'Cancel', verb: 'unassign.cancel', data: { confirmationId } },
      ],
    });

    const before = api.events.length;
    const click = await api.click(confirmation, 'Unassign');
    const outcome = notice('Unassigned: Contoso CRM', 'Good', [
      'Removed the assignment of Sales. Seats assigned: 8 → 0 of 25.',
      'Confirmed by Adele Vance.',
      'Telling the 8 people who lost their seat…',
    ]);
    // For the clicker: the invoke response replaces the card…
    expect(click.response).toMatchObject({ type: CARD_TYPE });
    expect(click.replacement).toEqual(outcome);
    // …and for everyone: the bot updates the same message (updateActivity), no new message.
    const updated = await api.nextUpdate(before, confirmation);
    expect(updated.conversationId).toBe(PERSONAL_CHAT);
    expectCardMessage(updated, outcome);
    expect(actionsOf(updated.card)).toEqual([]);
    expect(api.events.slice(before).filter((e) => e.action === 'createMessage')).toEqual([]);

    // The used confirmation clicked again (a replay): refused, nothing more happens.
    const replay = await api.click(confirmation, 'Unassign');
    expect(replay.replacement).toEqual(
      notice('This confirmation can no longer be used', 'Attention', [
        'This confirmation was already used. Nothing more was changed.',
      ]),
    );
  });

  test('a second unassign, cancelled: the card says so and nothing changes', async () => {
    await given(api, 'assign Contoso CRM to Sales group');
    const confirmation = await api.send(PERSONAL_CHAT, 'unassign Contoso CRM from Sales');
    expect(titlesOf(confirmation.card)).toEqual(['Unassign', 'Cancel']);
    const before = api.events.length;
    const click = await api.click(confirmation, 'Cancel');
    const cancelled = notice('Unassign cancelled: Contoso CRM', 'Default', ['Nothing was changed.']);
    expect(click.replacement).toEqual(cancelled);
    expectCardMessage(await api.nextUpdate(before, confirmation), cancelled);

    const details = await api.send(PERSONAL_CHAT, 'details Contoso CRM');
    const texts = textsOf(details.card);
    expect(texts).toContain('Seats: 25 purchased · 8 assigned · 17 available');
    expect(texts).toContain('Sales — Group · 8 members');
  });

  test('details: Next and Previous page the holders, Unassign takes the selected ones, links and vendor buttons', async () => {
    const assigned = await api.send(
      PERSONAL_CHAT,
      `assign Northwind Timesheets to ${TWELVE_USERS.join(', ')}`,
    );
    expect(textsOf(assigned.card)).toContain('12 of 50 seats assigned · 38 left');

    const details = await api.send(PERSONAL_CHAT, 'details Northwind Timesheets');
    let texts = textsOf(details.card);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Northwind Timesheets',
        'Sold by Northwind Traders',
        'Seats: 50 purchased · 12 assigned · 38 available',
        'Assigned to',
        '1–10 of 12',
        'Alex Wilber — User',
        'Lidia Holloway — User',
      ]),
    );
    expect(texts).not.toContain('Lynne Robbins — User');
    const holders = details.card.body.find((e: any) => e.id === 'principalIds');
    expect(holders).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true });
    expect(holders.choices).toHaveLength(10);
    const links = actionsOf(details.card).filter((a) => a.type === 'Action.OpenUrl');
    expect(links).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Install this product',
        url: 'https://northwind.example/timesheets/install',
      },
    ]);
    // The playground cannot open dialogs: its Assign licenses is the in-chat card, with no second
    // Assign in chat button (Teams gets the dialog and Assign in chat; test/conversation/paneInvokes).
    expect(titlesOf(details.card)).toEqual([
      'Unassign',
      'Next',
      'Assign licenses',
      'Install this product',
      'Add or remove licenses',
      'History',
    ]);

    // Next: the invoke response is the next page, in place of the card; Previous goes back.
    const page2 = (await api.click(details, 'Next')).replacement;
    texts = textsOf(page2);
    expect(texts).toEqual(
      expect.arrayContaining(['11–12 of 12', 'Lynne Robbins — User', 'Miriam Graham — User']),
    );
    expect(texts).not.toContain('Alex Wilber — User');
    expect(titlesOf(page2)).not.toContain('Next');
    const page2Holders = page2.body.find((e: any) => e.id === 'principalIds');
    expect(page2Holders.choices.map((c: any) => c.title)).toEqual([
      'Lynne Robbins — User',
      'Miriam Graham — User',
    ]);
    const back = (await api.click({ ...details, card: page2 }, 'Previous')).replacement;
    expect(textsOf(back)).toEqual(expect.arrayContaining(['1–10 of 12', 'Alex Wilber — User']));

    // Unassign with Miriam Graham selected (the client merges the input into the action data).
    const miriam = page2Holders.choices.find((c: any) => c.title === 'Miriam Graham — User').value;
    const onPage2: BotMessage = { ...details, card: page2 };
    const confirm = (await api.click(onPage2, 'Unassign', { principalIds: miriam })).replacement;
    expect(textsOf(confirm)).toEqual(
      expect.arrayContaining(['Unassign Northwind Timesheets?', 'Miriam Graham', 'Seats that come back: 1']),
    );
    expect(titlesOf(confirm)).toEqual(['Unassign', 'Cancel']);
    const cancelled = (await api.click({ ...details, card: confirm }, 'Cancel')).replacement;
    expect(textsOf(cancelled)).toEqual(['Unassign cancelled: Northwind Timesheets', 'Nothing was changed.']);

    // Add or remove licenses: the vendor card, with its links.
    const vendor = (await api.click(details, 'Add or remove licenses')).replacement;
    expect(textsOf(vendor)[0]).toBe('Add or remove licenses: Northwind Timesheets');
    expect(actionsOf(vendor)).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Contact Northwind Traders',
        url: 'https://northwind.example/timesheets',
      },
      { type: 'Action.OpenUrl', title: 'E-mail Northwind Traders', url: 'mailto:partners@northwind.example' },
    ]);

    // History: who assigned what.
    const history = (await api.click(details, 'History')).replacement;
    texts = textsOf(history);
    expect(texts[0]).toBe('History: Northwind Timesheets');
    expect(texts).toContain(
      // Twelve people named: the history names the first five and counts the others.
      'Adele Vance assigned Alex Wilber, Bob Kelly, Diego Siciliani, Grady Archie, Henrietta Mueller and 7 others',
    );
  });

  test('group chat: commands with an @mention of the bot, and card clicks', async () => {
    const help = await api.send(GROUP_CHAT, 'help', { mention: true });
    expect(help.conversationId).toBe(GROUP_CHAT);
    expect(help.card.body[0]).toEqual(title('License Desk'));

    const list = await api.send(GROUP_CHAT, 'licenses', { mention: true });
    expect(list.card.body[0]).toEqual(title('Licenses'));
    const details = (await api.click(list, 'Details')).replacement;
    expect(textsOf(details).slice(0, 2)).toEqual(['Contoso CRM', 'Sold by Contoso Ltd']);
  });

  test('channel: a post with an @mention is answered in its thread, and the unassign flow works there', async () => {
    const assigned = await api.send(CHANNEL, 'assign Litware Sondages to Ventes France group', {
      mention: true,
    });
    expect(assigned.conversationId).toMatch(
      new RegExp(`^${CHANNEL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};messageid=\\d+$`),
    );
    expect(textsOf(assigned.card)).toEqual(
      expect.arrayContaining([
        'Licenses assigned: Litware Sondages',
        'Ventes France (+4 seats)',
        '4 of 5 seats assigned · 1 left',
      ]),
    );
    expect(actionsOf(assigned.card)).toEqual([
      expect.objectContaining({ type: 'Action.OpenUrl', title: 'Install this product' }),
    ]);

    // A reply in the same thread.
    const confirmation = await api.send(
      assigned.conversationId,
      'unassign Litware Sondages from Ventes France',
      {
        mention: true,
      },
    );
    expect(confirmation.conversationId).toBe(assigned.conversationId);
    expect(textsOf(confirmation.card)[0]).toBe('Unassign Litware Sondages?');
    // The bot showed typing in the thread, as in Teams (the playground's web client cannot show it there);
    // always, since this suite's bot runs with TYPING_DELAY_MS=0 (see beforeAll).
    expect(api.events).toContainEqual({ action: 'typing', actionConversationId: assigned.conversationId });
    const before = api.events.length;
    const click = await api.click(confirmation, 'Unassign');
    const outcome = notice('Unassigned: Litware Sondages', 'Good', [
      'Removed the assignment of Ventes France. Seats assigned: 4 → 0 of 5.',
      'Confirmed by Adele Vance.',
      'Telling the 4 people who lost their seat…',
    ]);
    expect(click.replacement).toEqual(outcome);
    const updated = await api.nextUpdate(before, confirmation);
    expect(updated.conversationId).toBe(assigned.conversationId);
    expectCardMessage(updated, outcome);
  });

  test('unassign someone who holds the app only through groups: every group named, and Unassign <group> starts its confirmation', async () => {
    await given(api, 'assign Northwind Timesheets to Sales group');
    await given(api, 'assign Northwind Timesheets to All Staff group');
    const reply = await api.send(PERSONAL_CHAT, 'unassign Northwind Timesheets from Nestor Wilke');
    const groupButton = (group: string, id: string) => ({
      type: 'Action.Execute',
      title: `Unassign ${group}`,
      verb: 'unassign.prepare',
      data: { appId: 'northwind-timesheets', principalIds: id },
    });
    expectCardMessage(
      reply,
      notice(
        'Nothing to unassign: Northwind Timesheets',
        'Default',
        [
          'Nestor Wilke holds Northwind Timesheets only through Sales and All Staff: there is no direct assignment to remove.',
          'A seat held through a group is removed by unassigning the group, or by removing the person from the group (in Microsoft Entra ID or the Microsoft 365 admin center).',
        ],
        [
          groupButton('Sales', 'b0c00001-0000-4000-8000-000000000001'),
          groupButton('All Staff', 'b0c00004-0000-4000-8000-000000000004'),
        ],
      ),
    );
    const confirmation = (await api.click(reply, 'Unassign All Staff')).replacement;
    expect(textsOf(confirmation).slice(0, 3)).toEqual([
      'Unassign Northwind Timesheets?',
      'These assignments will be removed:',
      'All Staff',
    ]);
    expect(titlesOf(confirmation)).toEqual(['Unassign', 'Cancel']);
  });

  test("the playground's own way to send another locale (a custom activity) gets French", async () => {
    const from = api.events.length;
    await api.sendCustomActivity(PERSONAL_CHAT, {
      type: 'message',
      text: 'aide',
      locale: 'fr-FR',
      from: { id: ADELE.id, name: ADELE.name, aadObjectId: ADELE.id },
    });
    const reply = await api.nextBotMessage(from, PERSONAL_CHAT);
    expect(reply.card.body[0]).toEqual(title('License Desk'));
    expect(textsOf(reply.card)).toContain('Voir les licences');
    expect(englishIn(textsOf(reply.card))).toEqual([]);
  });
});

describe('in French (the client sends locale fr-FR)', () => {
  let env: Environment;
  let api: PlaygroundApi;

  beforeAll(async () => {
    env = await startEnvironment({ name: 'api-french', locale: 'fr-FR' });
    api = await PlaygroundApi.connect(env.playgroundUrl, ADELE.id);
  });
  afterAll(async () => {
    await closeAndKeepTranscript(api, env);
  });

  /** Every text of every card the bot sent in this test is French. */
  function expectFrench(...cards: any[]) {
    const texts = cards.flatMap((card) => textsOf(card));
    expect(texts.length).toBeGreaterThan(0);
    expect(englishIn(texts)).toEqual([]);
  }

  test('aide and licences', async () => {
    const help = await api.send(PERSONAL_CHAT, 'aide');
    expect(textsOf(help.card)).toEqual(
      expect.arrayContaining(['licences', 'attribuer Contoso CRM au groupe Ventes France, bob@contoso.com']),
    );
    const list = await api.send(PERSONAL_CHAT, 'licences');
    expect(textsOf(list.card)).toEqual(
      expect.arrayContaining([
        'Licences',
        '4 applications d’éditeurs indépendants',
        '0 sur 25 attribuée · 25 disponibles',
        'Détails',
      ]),
    );
    expectFrench(help.card, list.card);
    expect(env.proxy!.forwarded).toBeGreaterThan(0);
  });

  test('attribuer, désattribuer, Désattribuer: the card becomes the outcome', async () => {
    const assigned = await api.send(PERSONAL_CHAT, 'attribuer Contoso CRM au groupe Ventes France');
    expectCardMessage(assigned, {
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: '1.5',
      body: [
        title('Licences attribuées : Contoso CRM', { color: 'Good' }),
        { type: 'TextBlock', text: 'Attribuée à', weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: 'Ventes France (+4 licences)', spacing: 'None', wrap: true },
        {
          type: 'TextBlock',
          text: 'Attribuées : 4 sur 25 · 21 restantes',
          wrap: true,
          spacing: 'Medium',
        },
        {
          type: 'TextBlock',
          text: 'Étape suivante : installez l’application dans votre organisation pour que ces personnes puissent l’utiliser.',
          wrap: true,
          spacing: 'Medium',
        },
        {
          type: 'TextBlock',
          text: 'Envoi d’un message aux 4 personnes qui ont reçu une licence…',
          isSubtle: true,
          wrap: true,
        },
      ],
      actions: [
        { type: 'Action.OpenUrl', title: 'Installer ce produit', url: CRM_INSTALL, style: 'positive' },
      ],
    });
    const confirmation = await api.send(PERSONAL_CHAT, 'désattribuer Contoso CRM du groupe Ventes France');
    expect(textsOf(confirmation.card)).toEqual(
      expect.arrayContaining([
        'Désattribuer Contoso CRM ?',
        'Ces attributions seront supprimées :',
        'Licences libérées : 4',
        'Licences attribuées après : 0 sur 25 (actuellement 4)',
      ]),
    );
    expect(titlesOf(confirmation.card)).toEqual(['Désattribuer', 'Annuler']);
    const before = api.events.length;
    const click = await api.click(confirmation, 'Désattribuer');
    const outcome = notice('Désattribuée : Contoso CRM', 'Good', [
      'Attribution retirée : Ventes France. Licences attribuées : 4 → 0 sur 25.',
      'Confirmé par Adele Vance.',
      'Envoi d’un message aux 4 personnes qui ont perdu leur licence…',
    ]);
    expect(click.replacement).toEqual(outcome);
    expectCardMessage(await api.nextUpdate(before, confirmation), outcome);
    expectFrench(assigned.card, confirmation.card, outcome);
  });

  test('a second désattribuer, Annuler: cancelled', async () => {
    await given(api, 'attribuer Contoso CRM au groupe Ventes France');
    const confirmation = await api.send(PERSONAL_CHAT, 'désattribuer Contoso CRM du groupe Ventes France');
    const click = await api.click(confirmation, 'Annuler');
    expect(click.replacement).toEqual(
      notice('Désattribution annulée : Contoso CRM', 'Default', ['Rien n’a été modifié.']),
    );
    expectFrench(confirmation.card, click.replacement);
  });

  test('détails: Suivant, Ajouter ou supprimer des licences, Historique', async () => {
    await api.send(PERSONAL_CHAT, `attribuer Northwind Timesheets à ${TWELVE_USERS.join(', ')}`);
    const details = await api.send(PERSONAL_CHAT, 'détails Northwind Timesheets');
    expect(textsOf(details.card)).toEqual(
      expect.arrayContaining([
        'Vendue par Northwind Traders',
        'Licences : 50 achetées · 12 attribuées · 38 disponibles',
        '1–10 sur 12',
        expect.stringMatching(/ — Utilisateur$/),
      ]),
    );
    const page2 = (await api.click(details, 'Suivant')).replacement;
    expect(textsOf(page2)).toEqual(expect.arrayContaining(['11–12 sur 12', 'Miriam Graham — Utilisateur']));
    const vendor = (await api.click(details, 'Ajouter ou supprimer des licences')).replacement;
    expect(titlesOf(vendor)).toEqual(['Contacter Northwind Traders', 'Écrire à Northwind Traders']);
    const history = (await api.click(details, 'Historique')).replacement;
    expect(textsOf(history)[0]).toBe('Historique : Northwind Timesheets');
    expectFrench(details.card, page2, vendor, history);
  });
});

describe('as Bob Kelly (no admin role)', () => {
  let env: Environment;
  let api: PlaygroundApi;

  beforeAll(async () => {
    env = await startEnvironment({ name: 'api-non-admin', currentUserId: BOB.id });
    api = await PlaygroundApi.connect(env.playgroundUrl, BOB.id);
  });
  afterAll(async () => {
    await closeAndKeepTranscript(api, env);
  });

  const refusal = notice('Only admins can do this', 'Attention', [
    'Sorry, only a Global admin, License admin or User admin of your organisation can see or change licenses. Ask one of them to give you a role, or to do this for you.',
  ]);

  test('help is open to everyone', async () => {
    const help = await api.send(PERSONAL_CHAT, 'help');
    expect(help.card.body[0]).toEqual(title('License Desk'));
  });

  test('licenses, details, assign and unassign are politely refused', async () => {
    for (const command of [
      'licenses',
      'details Contoso CRM',
      'assign Contoso CRM to Sales group',
      'unassign Contoso CRM from Sales',
    ]) {
      expectCardMessage(await api.send(PERSONAL_CHAT, command), refusal);
    }
  });

  test('a click is checked too: Show licenses on the help card is refused', async () => {
    const help = await api.send(PERSONAL_CHAT, 'help');
    expect((await api.click(help, 'Show licenses')).replacement).toEqual(refusal);
  });

  test('stopping the bot and the playground leaves no process behind', async () => {
    const groups = [env.bot.processGroup, env.playground.processGroup];
    expect(groups.every((g) => typeof g === 'number')).toBe(true);
    expect(groups.every((g) => groupIsAlive(g!))).toBe(true);
    await api.close();
    await env.stop();
    expect(groups.filter((g) => groupIsAlive(g!))).toEqual([]);
    await expect(fetch(`${env.botUrl}/healthz`)).rejects.toThrow();
    await expect(fetch(`${env.playgroundUrl}/_debug/ping`)).rejects.toThrow();
  });
});
