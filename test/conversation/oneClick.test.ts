import { startTestApp, type TestApp } from '../harness/testApp';
import { actionsOf, MEGAN, SAMPLE_TENANT, textsOf } from '../harness/teamsClient';

/**
 * Buttons that change licenses say what they will do, and a refusal says why (issue 19, item 8),
 * through /api/messages, en and fr.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

const holders = async (appId: string) =>
  (await t.app.ledger.details(SAMPLE_TENANT, appId, 0, 100)).holders.map((h) => h.displayName);

test('"Did you mean" on a mistyped assign: the button names the whole assignment, and makes it', async () => {
  const c = t.client();
  const card = (await c.send('assign Contso CRM to Lidia Holloway')).card!;
  expect(textsOf(card)).toEqual([
    'I could not find “Contso CRM”. Did you mean:',
    'Assign Contoso CRM to Lidia Holloway',
  ]);
  expect(await holders('contoso-crm')).not.toContain('Lidia Holloway');
  const click = await c.click(card, 'Assign Contoso CRM to Lidia Holloway');
  expect(textsOf(click.replacement)[0]).toBe('Licenses assigned: Contoso CRM');
  expect(await holders('contoso-crm')).toContain('Lidia Holloway');

  const fr = (await t.client({ locale: 'fr-FR' }).send('attribuer Fabrikm Expenses à Lidia Holloway')).card!;
  expect(actionsOf(fr).map((a) => a.title)).toEqual(['Attribuer Fabrikam Expenses à Lidia Holloway']);
});

test('a mistyped person on assign or unassign: the button names the app and everyone it acts on', async () => {
  const c = t.client();
  const card = (await c.send('assign Litware Sondages to Alex Wilber, Lidia Hollway')).card!;
  expect(actionsOf(card).map((a) => a.title)).toEqual([
    'Assign Litware Sondages to Alex Wilber and Lidia Holloway (lidia.holloway@contoso.com)',
  ]);
  const unassign = (await t.client({ locale: 'fr-FR' }).send('désattribuer Contoso CRM de Lidia Hollway'))
    .card!;
  expect(actionsOf(unassign).map((a) => a.title)).toEqual([
    'Retirer Contoso CRM à Lidia Holloway (lidia.holloway@contoso.com)',
  ]);
  // Showing something is still titled by the name alone.
  const install = (await c.send('install Contso CRM')).card!;
  expect(actionsOf(install).map((a) => a.title)).toEqual(['Contoso CRM']);
});

test('another admin clicking Adele’s confirmation is told only Adele can confirm it; Adele still can', async () => {
  const c = t.client({ conversationType: 'groupChat' });
  await c.send('assign Northwind Timesheets to Grady Archie');
  const turn = await c.send('unassign Northwind Timesheets from Grady Archie');
  const messageId = turn.replies[0].activityId;
  for (const [locale, expected] of [
    [
      'en-US',
      [
        'Only Adele Vance can confirm this',
        'Only Adele Vance, who asked for it, can confirm this. Nothing was changed.',
      ],
    ],
    [
      'fr-FR',
      [
        'Seul(e) Adele Vance peut confirmer ceci',
        'Seul(e) Adele Vance, qui l’a demandée, peut confirmer ceci. Rien n’a été modifié.',
      ],
    ],
  ] as const) {
    const byMegan = await c.as(MEGAN, locale).click(turn.card!, 'Unassign', { replyToId: messageId });
    expect(textsOf(byMegan.replacement)).toEqual(expected);
    expect(byMegan.updates).toHaveLength(0);
  }
  expect(await holders('northwind-timesheets')).toContain('Grady Archie');
  const byAdele = await c.click(turn.card!, 'Unassign', { replyToId: messageId });
  expect(textsOf(byAdele.replacement)[0]).toBe('Unassigned: Northwind Timesheets');
});
