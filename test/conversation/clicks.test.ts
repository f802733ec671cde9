import { startTestApp, type TestApp } from '../harness/testApp';
import {
  actionsOf,
  BOB,
  cardOf,
  MEGAN,
  SAMPLE_TENANT,
  textsOf,
  type TeamsTestClient,
} from '../harness/teamsClient';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { CONFIRMATION_TTL_SECONDS: '2' } });
});
afterAll(async () => {
  await t.stop();
});

const seatsOf = async (appId: string) =>
  (await t.app.ledger.listApps(SAMPLE_TENANT)).find((a) => a.app.appId === appId)!.seatsAssigned;

/** Sends an unassign command and returns the confirmation card with the id of its message. */
async function confirmation(c: TeamsTestClient, text: string) {
  const turn = await c.send(text);
  return { card: turn.card!, messageId: turn.replies[0].activityId };
}

test('list → Details opens the app page; Next pages through holders', async () => {
  const c = t.client();
  const people = [
    'Adele Vance',
    'Megan Bowen',
    'Diego Siciliani',
    'Grady Archie',
    'Isaiah Langer',
    'Joni Sherman',
  ];
  await c.send(
    `assign Northwind Timesheets to Sales, Marketing, Ventes France, All Staff, ${people.join(', ')}`,
  );
  const list = (await c.send('licenses')).card!;
  const detailsButtons = actionsOf(list).filter((a) => a.title === 'Details');
  expect(detailsButtons.map((a) => a.data.appId)).toEqual([
    'contoso-crm',
    'fabrikam-expenses',
    'northwind-timesheets',
    'litware-sondages',
  ]);
  const details = await c.invoke('adaptiveCard/action', {
    action: { type: 'Action.Execute', verb: 'details', data: detailsButtons[2].data },
  });
  const page1 = details.body.value;
  expect(textsOf(page1)).toEqual(expect.arrayContaining(['Northwind Timesheets', '1–10 of 10']));
  await c.send('assign Northwind Timesheets to Lidia Holloway');
  const fresh = (await c.send('details Northwind Timesheets')).card!;
  expect(textsOf(fresh)).toContain('1–10 of 11');
  const more = await c.click(fresh, 'Next');
  expect(textsOf(more.replacement)).toEqual(expect.arrayContaining(['11–11 of 11', 'Lidia Holloway — User']));
  expect(actionsOf(more.replacement!).some((a) => a.title === 'Next')).toBe(false);
});

test('details buttons: Install opens the vendor page; Add or remove licenses and History answer with their cards', async () => {
  const c = t.client();
  const details = (await c.send('details Fabrikam Expenses')).card!;
  expect((await c.click(details, 'Install this product')).openedUrl).toBe(
    'https://fabrikam.example/expenses/install',
  );
  expect(textsOf((await c.click(details, 'Add or remove licenses')).replacement)[0]).toBe(
    'Add or remove licenses: Fabrikam Expenses',
  );
  expect(textsOf((await c.click(details, 'History')).replacement)[0]).toBe('History: Fabrikam Expenses');
  expect(actionsOf(details).find((a) => a.title === 'Assign licenses')).toMatchObject({
    type: 'Action.Submit',
    data: { msteams: { type: 'task/fetch' }, appId: 'fabrikam-expenses' },
  });
});

test('details Unassign with holders selected → confirmation → Unassign applies once and replaces the card for everyone', async () => {
  const c = t.client({ conversationType: 'groupChat' });
  await c.send('assign Contoso CRM to Marketing and Alex Wilber');
  const before = await seatsOf('contoso-crm');
  const details = await c.send('details Contoso CRM');
  const prepared = await c.click(details.card!, 'Unassign', {
    inputs: { principalIds: 'b0c00002-0000-4000-8000-000000000002,a0c00002-0000-4000-8000-000000000002' },
    replyToId: details.replies[0].activityId,
  });
  const confirm = prepared.replacement!;
  expect(textsOf(confirm)).toEqual(
    expect.arrayContaining([
      'Unassign Contoso CRM?',
      'Marketing',
      '6 seats back',
      'Alex Wilber',
      '1 seat back',
      'Seats that come back: 7',
    ]),
  );
  expect(await seatsOf('contoso-crm')).toBe(before);

  const done = await c.click(confirm, 'Unassign', { replyToId: details.replies[0].activityId });
  expect(textsOf(done.replacement)).toEqual(
    expect.arrayContaining(['Unassigned: Contoso CRM', 'Confirmed by Adele Vance.']),
  );
  expect(actionsOf(done.replacement!)).toHaveLength(0);
  expect(done.updates).toHaveLength(1);
  expect(done.updates[0].activityId).toBe(details.replies[0].activityId);
  expect(cardOf(done.updates[0])).toEqual(done.replacement);
  expect(await seatsOf('contoso-crm')).toBe(before - 7);

  const again = await c.click(confirm, 'Unassign', { replyToId: details.replies[0].activityId });
  expect(textsOf(again.replacement)).toEqual([
    'This confirmation can no longer be used',
    'This confirmation was already used. Nothing more was changed.',
  ]);
  expect(again.updates).toHaveLength(0);
  expect(await seatsOf('contoso-crm')).toBe(before - 7);
  const history = await t.app.ledger.history(SAMPLE_TENANT, 'contoso-crm', 50);
  expect(history.filter((e) => e.action === 'unassign')).toHaveLength(1);
});

test('Unassign with nothing selected asks to select, and changes nothing', async () => {
  const c = t.client();
  await c.send('assign Contoso CRM to Ventes France');
  const details = (await c.send('details Contoso CRM')).card!;
  const click = await c.click(details, 'Unassign');
  expect(textsOf(click.replacement)).toContain('Select users or groups to unassign');
});

test('Cancel ends the confirmation: the card says cancelled, a later Unassign click does nothing', async () => {
  const c = t.client({ locale: 'fr-FR' });
  await c.send('attribuer Contoso CRM à Patti Fernandez');
  const before = await seatsOf('contoso-crm');
  const { card, messageId } = await confirmation(c, 'désattribuer Contoso CRM de Patti Fernandez');
  const cancelled = await c.click(card, 'Annuler', { replyToId: messageId });
  expect(textsOf(cancelled.replacement)).toEqual([
    'Désattribution annulée : Contoso CRM',
    'Rien n’a été modifié.',
  ]);
  expect(cancelled.updates).toHaveLength(1);
  const late = await c.click(card, 'Désattribuer', { replyToId: messageId });
  expect(textsOf(late.replacement)).toEqual([
    'Cette confirmation ne peut plus être utilisée',
    'Cette confirmation a été annulée. Rien n’a été modifié.',
  ]);
  expect(await seatsOf('contoso-crm')).toBe(before);
});

test('a confirmation whose subject changed since it was shown does nothing and says why', async () => {
  const c = t.client();
  await c.send('assign Fabrikam Expenses to Lynne Robbins');
  const { card, messageId } = await confirmation(c, 'unassign Fabrikam Expenses from Lynne Robbins');
  await c.send('assign Fabrikam Expenses to Sales');
  const click = await c.click(card, 'Unassign', { replyToId: messageId });
  expect(textsOf(click.replacement).join(' ')).toContain(
    'The assignments of Fabrikam Expenses changed since this card was shown',
  );
  const holders = await t.app.ledger.details(SAMPLE_TENANT, 'fabrikam-expenses', 0, 100);
  expect(holders.holders.map((h) => h.displayName)).toContain('Lynne Robbins');
});

test('an expired confirmation does nothing and says why', async () => {
  const c = t.client();
  await c.send('assign Northwind Timesheets to Pradeep Gupta');
  const { card, messageId } = await confirmation(c, 'unassign Northwind Timesheets from Pradeep Gupta');
  expect(textsOf(card).join(' ')).toMatch(/This confirmation expires at \d{2}:\d{2} UTC\./);
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const click = await c.click(card, 'Unassign', { replyToId: messageId });
  expect(textsOf(click.replacement).join(' ')).toContain('This confirmation expired. Nothing was changed');
  const holders = await t.app.ledger.details(SAMPLE_TENANT, 'northwind-timesheets', 0, 100);
  expect(holders.holders.map((h) => h.displayName)).toContain('Pradeep Gupta');
});

test('in a group chat, a non-admin clicking Unassign is refused; another admin is told whose it is; nothing changes', async () => {
  const c = t.client({ conversationType: 'groupChat' });
  await c.send('assign Litware Sondages to Henrietta Mueller');
  const { card, messageId } = await confirmation(c, 'unassign Litware Sondages from Henrietta Mueller');
  const byBob = await c.click(card, 'Unassign', { user: BOB, replyToId: messageId });
  expect(textsOf(byBob.replacement).join(' ')).toContain('only a Global admin, License admin or User admin');
  expect(byBob.updates).toHaveLength(0);
  const byMegan = await c.click(card, 'Unassign', { user: MEGAN, replyToId: messageId });
  expect(textsOf(byMegan.replacement).join(' ')).toContain(
    'Only Adele Vance, who asked for it, can confirm this.',
  );
  const holders = await t.app.ledger.details(SAMPLE_TENANT, 'litware-sondages', 0, 100);
  expect(holders.holders.map((h) => h.displayName)).toContain('Henrietta Mueller');
  const byAdele = await c.click(card, 'Unassign', { replyToId: messageId });
  expect(textsOf(byAdele.replacement)[0]).toBe('Unassigned: Litware Sondages');
});

test('card data carries ids, not authority: another tenant, forged or malformed data change nothing', async () => {
  const c = t.client();
  await c.send('assign Litware Sondages to Johanna Lorenz');
  const { card, messageId } = await confirmation(c, 'unassign Litware Sondages from Johanna Lorenz');
  const foreign = t.client({
    tenantId: '0f0f0f0f-0000-4000-8000-000000000000',
    conversationId: c.conversationId,
  });
  const fromForeign = await foreign.click(card, 'Unassign', { replyToId: messageId });
  expect(textsOf(fromForeign.replacement).join(' ')).toContain(
    'License Desk does not know your organisation’s directory',
  );
  const forged = await c.invoke('adaptiveCard/action', {
    action: {
      type: 'Action.Execute',
      verb: 'unassign.confirm',
      data: { confirmationId: '3f2b8c1e-0000-4000-8000-00000000abcd' },
    },
  });
  expect(textsOf(forged.body.value).join(' ')).toContain(
    'This confirmation does not exist (anymore). Nothing was changed.',
  );
  for (const data of [{}, { confirmationId: 42 }, { appId: ['x'] }, { appId: 'x'.repeat(5000) }]) {
    for (const verb of ['unassign.confirm', 'details', 'details.page', 'seats', 'nonsense']) {
      const response = await c.invoke('adaptiveCard/action', {
        action: { type: 'Action.Execute', verb, data },
      });
      expect(response.status).toBe(200);
      expect(textsOf(response.body.value).length).toBeGreaterThan(0);
    }
  }
  const holders = await t.app.ledger.details(SAMPLE_TENANT, 'litware-sondages', 0, 100);
  expect(holders.holders.map((h) => h.displayName)).toContain('Johanna Lorenz');
});

test('Action.Submit from a client without Universal Actions gets a new message', async () => {
  const c = t.client();
  const turn = await c.post(c.activity({ type: 'message', value: { verb: 'seats', appId: 'contoso-crm' } }));
  expect(textsOf(turn.card)[0]).toBe('Add or remove licenses: Contoso CRM');
});

test('the help card button lists the licenses', async () => {
  const c = t.client();
  const help = (await c.send('help')).card!;
  expect(textsOf((await c.click(help, 'Show licenses')).replacement)[0]).toBe('Licenses');
});
