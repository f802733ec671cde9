/**
 * The Assign licenses pane through /api/messages, as Teams sends it (the Agents Playground does not
 * support dialogs or typeahead): task/fetch, task/submit and application/search invokes, and the
 * "Assign licenses" card with its typeahead, with the loopback connector recording what is posted.
 */
import { PaneTokens } from '../../bot/assignPane/paneToken';
import {
  actionsOf,
  ADELE,
  BOB,
  MEGAN,
  SAMPLE_TENANT,
  textsOf,
  type TeamsTestClient,
} from '../harness/teamsClient';
import { cardProblems } from '../harness/cardParser';
import { startTestApp, type TestApp } from '../harness/testApp';
import {
  BOB_ID,
  elementsOf,
  forge,
  MARKETING,
  OPEN_DATA,
  openPane,
  OTHER_SECRET,
  PANE_ENV,
  PANE_SECRET,
  SALES,
  signPaneToken,
} from '../assignPane/paneFixtures';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ...PANE_ENV, PUBLIC_BASE_URL: 'https://licensedesk.contoso.com' } });
});
afterAll(async () => {
  await t.stop();
});

const seatsOf = async (appId: string) =>
  (await t.app.ledger.details(SAMPLE_TENANT, appId, 0, 50)).seatsAssigned;
const holdersOf = async (appId: string) =>
  (await t.app.ledger.details(SAMPLE_TENANT, appId, 0, 50)).holders.map((h) => h.displayName).sort();

async function submit(client: TeamsTestClient, data: Record<string, unknown>, who = client.user) {
  return client.invoke('task/submit', { data, context: { theme: 'default' } }, { who });
}

describe('task/fetch opens the Assign licenses dialog', () => {
  test("the details card's Assign licenses button opens the page with a token bound to tenant, admin and app", async () => {
    const client = t.client();
    const details = await client.send('details Contoso CRM');
    const clicked = await client.click(details.card!, 'Assign licenses');
    expect(clicked.status).toBe(200);
    const task = clicked.body.task;
    expect(task.type).toBe('continue');
    expect(task.value).toMatchObject({ title: 'Assign licenses: Contoso CRM', width: 640, height: 600 });
    const url = new URL(task.value.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://licensedesk.contoso.com/dialog/assign');
    expect(task.value.fallbackUrl).toBe(task.value.url);
    const check = new PaneTokens(PANE_SECRET).verify(url.searchParams.get('token'));
    expect(check).toMatchObject({
      ok: true,
      claims: { tenantId: SAMPLE_TENANT, userId: ADELE.aadObjectId, appId: 'contoso-crm', language: 'en' },
    });
    if (check.ok) {
      expect(check.claims.expiresAt - Date.now()).toBeGreaterThan(10 * 60 * 1000);
      expect(check.claims.expiresAt - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    }
  });

  test('the title and the token follow the locale; the theme Teams reports goes to the page', async () => {
    const { task, token } = await openPane(t, t.client({ locale: 'fr-FR' }), { theme: 'dark' });
    expect(task.value.title).toBe('Attribuer des licences : Contoso CRM');
    expect(new URL(task.value.url).searchParams.get('theme')).toBe('dark');
    expect(new PaneTokens(PANE_SECRET).verify(token)).toMatchObject({ ok: true, claims: { language: 'fr' } });
    // An unknown theme is not passed on.
    const odd = await t
      .client()
      .invoke('task/fetch', { data: OPEN_DATA(), context: { theme: '"><script>' } });
    expect(new URL(odd.body.task.value.url).searchParams.has('theme')).toBe(false);
  });

  test('someone without an admin role gets a card saying so, and no page', async () => {
    const turn = await t.client({ user: BOB }).invoke('task/fetch', { data: OPEN_DATA() });
    expect(turn.body.task.type).toBe('continue');
    expect(turn.body.task.value.url).toBeUndefined();
    const card = turn.body.task.value.card.content;
    expect(textsOf(card).join(' ')).toMatch(/only a Global admin, License admin or User admin/);
  });

  test('an app that is not in the catalog, or a card of another kind, gets an explanation', async () => {
    const missing = await t.client().invoke('task/fetch', { data: OPEN_DATA('no-such-app') });
    expect(textsOf(missing.body.task.value.card.content).join(' ')).toMatch(
      /could not find an app named “no-such-app”/,
    );
    const other = await t.client().invoke('task/fetch', { data: { appId: 'contoso-crm', verb: 'seats' } });
    expect(textsOf(other.body.task.value.card.content).join(' ')).toMatch(/out of date or damaged/);
    expect(textsOf(other.body.task.value.card.content).join(' ')).not.toMatch(/Contoso/);
  });
});

describe('task/submit applies the selection through the ledger', () => {
  test('posts the same result card as the assign command in the chat, and closes the dialog', async () => {
    const client = t.client();
    const { token } = await openPane(t, client);
    const turn = await submit(client, { token, principalIds: [SALES, BOB_ID] });
    expect(turn.status).toBe(200);
    expect(turn.body).toBeUndefined();
    expect(turn.replies).toHaveLength(1);
    const texts = textsOf(turn.card!);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Licenses assigned: Contoso CRM',
        'Sales (+8 seats) and Bob Kelly',
        '8 of 25 seats assigned · 17 left',
        'Install this product',
      ]),
    );
    expect(actionsOf(turn.card!).find((a) => a.title === 'Install this product')?.url).toBe(
      'https://contoso-ltd.example/crm/install',
    );
    expect(await seatsOf('contoso-crm')).toBe(8);
    const history = await t.app.ledger.history(SAMPLE_TENANT, 'contoso-crm', 1);
    expect(history[0]).toMatchObject({
      action: 'assign',
      actor: { userId: ADELE.aadObjectId, name: 'Adele Vance' },
    });
  });

  test('is refused whole when seats are missing: nothing assigned, the numbers in the chat', async () => {
    const client = t.client();
    const { token } = await openPane(t, client, { appId: 'litware-sondages' });
    const turn = await submit(client, { token, principalIds: [SALES] });
    expect(textsOf(turn.card!).join(' ')).toMatch(
      /Not enough seats for Litware Sondages: this needs 8 seats and only 5 of 5/,
    );
    expect(await seatsOf('litware-sondages')).toBe(0);
  });

  test('a token of another admin, another organisation, another secret, expired or forged assigns nothing', async () => {
    const client = t.client();
    const before = await holdersOf('fabrikam-expenses');
    const genuine = signPaneToken({ appId: 'fabrikam-expenses' });
    const cases: [string, string, RegExp][] = [
      ['Megan', signPaneToken({ user: MEGAN, appId: 'fabrikam-expenses' }), /not valid for you/],
      [
        'other tenant',
        signPaneToken({ tenantId: '11111111-2222-4333-8444-555555555555', appId: 'fabrikam-expenses' }),
        /not valid for you/,
      ],
      [
        'other secret',
        signPaneToken({ appId: 'fabrikam-expenses' }, { secret: OTHER_SECRET }),
        /not valid for you/,
      ],
      [
        'expired',
        signPaneToken({ appId: 'fabrikam-expenses' }, { at: Date.now() - 16 * 60 * 1000 }),
        /has expired/,
      ],
      ['forged app', forge(genuine, { app: 'contoso-crm' }), /not valid for you/],
      ['garbage', 'not-a-token', /not valid for you/],
    ];
    for (const [, token, message] of cases) {
      const turn = await submit(client, { token, principalIds: [MARKETING] });
      expect(turn.status).toBe(200);
      expect(textsOf(turn.card!).join(' ')).toMatch(message);
      expect(textsOf(turn.card!).join(' ')).toMatch(/Nothing was assigned/);
    }
    // The same token on the right turn works: the refusals were about the token, not the request.
    const ok = await submit(client, { token: genuine, principalIds: [MARKETING] });
    expect(textsOf(ok.card!)).toContain('Licenses assigned: Fabrikam Expenses');
    expect(await holdersOf('fabrikam-expenses')).toEqual([...before, 'Marketing'].sort());
  });

  test('the tenant comes from the activity: a genuine token replayed from another organisation is refused', async () => {
    const token = signPaneToken({ appId: 'northwind-timesheets' });
    const foreign = t.client({ tenantId: '11111111-2222-4333-8444-555555555555' });
    const turn = await submit(foreign, { token, principalIds: [SALES] });
    expect(textsOf(turn.card!).join(' ')).toMatch(/not valid for you/);
    expect(await seatsOf('northwind-timesheets')).toBe(0);
  });

  test('the admin role is checked again: a role removed since the pane opened assigns nothing', async () => {
    const token = signPaneToken({ user: BOB, appId: 'northwind-timesheets' });
    const turn = await submit(t.client({ user: BOB }), { token, principalIds: [SALES] });
    expect(textsOf(turn.card!).join(' ')).toMatch(/only a Global admin, License admin or User admin/);
    expect(await seatsOf('northwind-timesheets')).toBe(0);
  });

  test('Cancel (no selection) closes quietly; a malformed selection is refused', async () => {
    const client = t.client();
    const { token } = await openPane(t, client);
    const cancelled = await client.invoke('task/submit', { context: { theme: 'default' } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.replies).toHaveLength(0);
    const empty = await submit(client, { token, principalIds: [] });
    expect(empty.replies).toHaveLength(0);
    for (const principalIds of [[42], Array.from({ length: 101 }, (_, i) => `id-${i}`), ['x'.repeat(101)]]) {
      const turn = await submit(client, { token, principalIds });
      expect(textsOf(turn.card!).join(' ')).toMatch(/out of date or damaged/);
    }
    const unknown = await submit(client, { token, principalIds: ['not-a-principal'] });
    expect(textsOf(unknown.card!).join(' ')).toMatch(/could not find a user or group/i);
  });
});

describe('application/search answers the typeahead from the directory', () => {
  const search = (client: TeamsTestClient, queryText: string, dataset = 'principals', top = 15) =>
    client.invoke('application/search', { queryText, dataset, queryOptions: { skip: 0, top } });

  test('users and groups, titled with e-mail address or member count, valued by id', async () => {
    const groups = await search(t.client(), 'sal');
    expect(groups.status).toBe(200);
    expect(groups.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.search.searchResponse',
      value: { results: [{ title: 'Sales (group · 8 members)', value: SALES }] },
    });
    const users = await search(t.client(), 'bob');
    expect(users.body.value.results).toEqual([{ title: 'Bob Kelly (bob@contoso.com)', value: BOB_ID }]);
    const french = await search(t.client({ locale: 'fr-FR' }), 'vent');
    expect(french.body.value.results[0].title).toBe('Ventes France (groupe · 4 membres)');
  });

  test('at most 15 results, or `top`; nothing for an empty query or another dataset', async () => {
    const many = await search(t.client(), 'a');
    expect(many.body.value.results.length).toBeLessThanOrEqual(15);
    expect((await search(t.client(), 'a', 'principals', 3)).body.value.results).toHaveLength(3);
    expect((await search(t.client(), '  ')).body.value.results).toEqual([]);
    expect((await search(t.client(), 'sal', 'games')).body.value.results).toEqual([]);
  });

  test('someone without an admin role gets an error, not the directory', async () => {
    const turn = await search(t.client({ user: BOB }), 'sal');
    expect(turn.status).toBe(403);
    expect(turn.body).toMatchObject({
      statusCode: 403,
      type: 'application/vnd.microsoft.error',
      value: { code: 'NotAnAdmin' },
    });
    expect(JSON.stringify(turn.body)).not.toContain(SALES);
  });
});

describe('the Assign licenses card (typeahead in the chat)', () => {
  const choiceSetOf = (card: any) => elementsOf(card, 'Input.ChoiceSet')[0];

  test('"assign <app>" with nobody named answers with the card: filtered multi-select, Data.Query, Assign', async () => {
    const turn = await t.client().send('assign Northwind Timesheets');
    const card = turn.card!;
    expect(card.version).toBe('1.5');
    expect(textsOf(card)).toEqual(
      expect.arrayContaining(['Assign licenses: Northwind Timesheets', 'Assign']),
    );
    const choices = choiceSetOf(card);
    expect(choices).toMatchObject({
      id: 'principalIds',
      style: 'filtered',
      isMultiSelect: true,
      isRequired: true,
      label: 'Users and groups',
      'choices.data': { type: 'Data.Query', dataset: 'principals' },
    });
    expect(actionsOf(card)).toEqual([
      expect.objectContaining({
        type: 'Action.Execute',
        verb: 'assign.selected',
        data: { appId: 'northwind-timesheets' },
      }),
    ]);
    expect(cardProblems(card)).toEqual([]);
  });

  test('Assign with picks applies them and replaces the card for everyone with the result', async () => {
    const client = t.client({ conversationType: 'groupChat' });
    const shown = await client.send('assign Northwind Timesheets');
    const clicked = await client.click(shown.card!, 'Assign', {
      inputs: { principalIds: `${MARKETING},${BOB_ID}` },
      replyToId: shown.replies[0].activityId,
    });
    expect(textsOf(clicked.replacement!)).toEqual(
      expect.arrayContaining([
        'Licenses assigned: Northwind Timesheets',
        'Marketing (+6 seats) and Bob Kelly',
      ]),
    );
    expect(clicked.updates).toHaveLength(1);
    // Bob is in Marketing: one seat per user, however many ways they hold it.
    expect(await seatsOf('northwind-timesheets')).toBe(6);

    // Shown again, the card offers who was recently assigned, for clients without typeahead.
    const again = await client.send('assign Northwind Timesheets');
    expect(choiceSetOf(again.card!).choices).toEqual([
      { title: 'Marketing (group)', value: MARKETING },
      { title: 'Bob Kelly', value: BOB_ID },
    ]);
    expect(textsOf(again.card!)).toContain('Seats: 50 purchased · 6 assigned · 44 available');
    expect(cardProblems(again.card!)).toEqual([]);
  });

  test('Assign with nobody picked keeps the card and says why', async () => {
    const client = t.client();
    const shown = await client.send('assign Fabrikam Expenses');
    const clicked = await client.click(shown.card!, 'Assign', { inputs: { principalIds: '' } });
    expect(textsOf(clicked.replacement!)).toContain('Pick at least one user or group.');
    expect(choiceSetOf(clicked.replacement!)).toBeDefined();
    expect(clicked.updates).toHaveLength(0);
    expect(cardProblems(clicked.replacement!)).toEqual([]);
  });

  test('reachable from the details card, and in French', async () => {
    const client = t.client({ locale: 'fr-FR' });
    const details = await client.send('détails Contoso CRM');
    const clicked = await client.click(details.card!, 'Attribuer dans la conversation');
    const card = clicked.replacement!;
    expect(textsOf(card)).toEqual(
      expect.arrayContaining([
        'Attribuer des licences : Contoso CRM',
        'Utilisateurs et groupes',
        'Attribuer',
      ]),
    );
    expect(cardProblems(card)).toEqual([]);
    const typed = await client.send('attribuer Contoso CRM');
    expect(textsOf(typed.card!)).toContain('Attribuer des licences : Contoso CRM');
  });

  test('a client that cannot open dialogs sends the button as a message: it gets the card', async () => {
    const client = t.client();
    const turn = await client.post(client.activity({ type: 'message', value: OPEN_DATA('contoso-crm') }));
    expect(textsOf(turn.card!)).toContain('Assign licenses: Contoso CRM');
    expect(choiceSetOf(turn.card!)['choices.data']).toEqual({ type: 'Data.Query', dataset: 'principals' });
  });

  test('only admins get the card or can use its button', async () => {
    const shown = await t.client().send('assign Fabrikam Expenses');
    const bob = t.client({ user: BOB });
    expect(textsOf((await bob.send('assign Fabrikam Expenses')).card!).join(' ')).toMatch(
      /only a Global admin/,
    );
    const clicked = await bob.click(shown.card!, 'Assign', { inputs: { principalIds: SALES } });
    expect(textsOf(clicked.replacement!).join(' ')).toMatch(/only a Global admin/);
    expect(await holdersOf('fabrikam-expenses')).not.toContain('Sales');
  });

  test('in the Agents Playground (no dialogs) Assign licenses answers with the card, en and fr', async () => {
    // The playground marks its requests; its web client throws on a task/fetch button and sends nothing.
    for (const [locale, title, expected] of [
      ['en-US', 'Assign licenses', 'Assign licenses: Contoso CRM'],
      ['fr-FR', 'Attribuer des licences', 'Attribuer des licences : Contoso CRM'],
    ]) {
      const playground = t.client({ locale, headers: { 'x-ms-agents-playground': 'true' } });
      const details = await playground.send(
        locale === 'en-US' ? 'details Contoso CRM' : 'détails Contoso CRM',
      );
      const actions = actionsOf(details.card!);
      expect(actions.filter((a) => a.title === title)).toEqual([
        { type: 'Action.Execute', title, verb: 'assign.chat', data: { appId: 'contoso-crm' } },
      ]);
      expect(JSON.stringify(details.card)).not.toContain('task/fetch');
      // The in-chat card would repeat the first button: not shown twice.
      expect(actions.map((a) => a.title)).not.toContain(
        locale === 'en-US' ? 'Assign in chat' : 'Attribuer dans la conversation',
      );
      const clicked = await playground.click(details.card!, title);
      expect(textsOf(clicked.replacement!)).toContain(expected);
      expect(choiceSetOf(clicked.replacement!)['choices.data']).toEqual({
        type: 'Data.Query',
        dataset: 'principals',
      });
      expect(cardProblems(details.card!)).toEqual([]);
    }
  });

  test('a details card opened by a click or a question in the Agents Playground has the in-chat Assign licenses too', async () => {
    const playground = t.client({ headers: { 'x-ms-agents-playground': 'true' } });
    const list = await playground.send('licenses');
    const details = (await playground.click(list.card!, 'Details')).replacement!;
    expect(textsOf(details)).toContain('Sold by Contoso Ltd');
    expect(actionsOf(details).find((a) => a.title === 'Assign licenses')).toMatchObject({
      type: 'Action.Execute',
      verb: 'assign.chat',
    });
    // The same page, reached by a question.
    const asked = (await playground.send('who has Contoso CRM?')).card!;
    expect(actionsOf(asked).find((a) => a.title === 'Assign licenses')).toMatchObject({
      type: 'Action.Execute',
      verb: 'assign.chat',
    });
  });

  test('the details card keeps its buttons and still parses cleanly at 1.5', async () => {
    const details = await t.client().send('details Contoso CRM');
    const titles = actionsOf(details.card!).map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining(['Assign licenses', 'Assign in chat']));
    expect(actionsOf(details.card!).find((a) => a.title === 'Assign licenses')?.data).toEqual(
      OPEN_DATA('contoso-crm'),
    );
    expect(cardProblems(details.card!)).toEqual([]);
  });
});
