import { startTestApp, type TestApp } from '../harness/testApp';
import { textsOf } from '../harness/teamsClient';

/** What results and refusals say (issue 19, item 6), through /api/messages, en and fr. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

const texts = (card: Record<string, any> | undefined) => (card ? textsOf(card) : []);

test('a group assignment says how many new seats it used; members who already held the app use none', async () => {
  const en = t.client();
  await en.send('assign Contoso CRM to Marketing');
  // Bob Kelly and Lee Gu, in Sales, already hold it through Marketing.
  expect(texts((await en.send('assign Contoso CRM to Sales group')).card)).toContain('Sales (+6 seats)');
  expect(texts((await en.send('assign Northwind Timesheets to All Staff')).card)).toContain(
    'All Staff (+16 seats)',
  );
  expect(texts((await en.send('assign Northwind Timesheets to Sales')).card)).toContain(
    'Sales (no new seat: its members already held the app)',
  );

  const fr = t.client({ locale: 'fr-FR' });
  // Each new seat counts for the first one named that gives it: Chloé Martin before her group.
  expect(
    texts((await fr.send('attribuer Fabrikam Expenses à Chloé Martin et groupe Ventes France')).card),
  ).toContain('Chloé Martin et Ventes France (+3 licences)');
  expect(texts((await fr.send('attribuer Litware Sondages au groupe Ventes France')).card)).toContain(
    'Ventes France (+4 licences)',
  );
});
