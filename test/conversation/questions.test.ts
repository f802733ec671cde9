import { startTestApp, type TestApp } from '../harness/testApp';
import { actionsOf, BOB, textsOf, type TeamsTestClient } from '../harness/teamsClient';

/**
 * Questions admins ask in their own words (issue 19, item 7): each answered about what was asked —
 * an app's seats, or one person's licenses — never with the whole list in its place.
 */
let t: TestApp;
let en: TeamsTestClient;
let fr: TeamsTestClient;
beforeAll(async () => {
  t = await startTestApp();
  en = t.client();
  fr = t.client({ locale: 'fr-FR' });
  await en.send('assign Contoso CRM to Sales, All Staff and Bob Kelly');
  await en.send('assign Fabrikam Expenses to Marketing');
});
afterAll(async () => {
  await t.stop();
});

const firstText = async (client: TeamsTestClient, text: string) => textsOf((await client.send(text)).card)[0];

test('"who has <app>?" answers with the app page, en and fr', async () => {
  const card = (await en.send('who has Contoso CRM?')).card!;
  expect(textsOf(card)).toEqual(
    expect.arrayContaining([
      'Contoso CRM',
      'Seats: 25 purchased · 16 assigned · 9 available',
      'Sales — Group · 8 members',
    ]),
  );
  expect(await firstText(en, 'Who holds Fabrikam Expenses')).toBe('Fabrikam Expenses');
  expect(textsOf((await fr.send('qui a Contoso CRM ?')).card)).toEqual(
    expect.arrayContaining(['Contoso CRM', 'Licences : 25 achetées · 16 attribuées · 9 disponibles']),
  );
});

test('seats questions answer with that app’s seats, en and fr', async () => {
  for (const question of [
    'how many seats left on Fabrikam Expenses',
    'How many seats are left for Fabrikam Expenses?',
    'seats for Fabrikam',
  ]) {
    expect(textsOf((await en.send(question)).card)).toEqual(
      expect.arrayContaining(['Fabrikam Expenses', 'Seats: 10 purchased · 6 assigned · 4 available']),
    );
  }
  expect(await firstText(en, 'seats for Litware')).toBe('Litware Sondages');
  for (const question of [
    'combien de licences reste-t-il sur Fabrikam Expenses',
    'combien de licences restent pour Fabrikam Expenses ?',
    'licences de Fabrikam Expenses',
  ]) {
    expect(textsOf((await fr.send(question)).card)).toEqual(
      expect.arrayContaining(['Fabrikam Expenses', 'Licences : 10 achetées · 6 attribuées · 4 disponibles']),
    );
  }
});

test('"licenses for Bob Kelly" answers with Bob’s licenses and how he holds each, not the tenant’s list', async () => {
  const card = (await en.send('licenses for Bob Kelly')).card!;
  expect(textsOf(card)).toEqual([
    'Licenses of Bob Kelly',
    'Contoso CRM: assigned directly and through Sales and All Staff ⊃ Sales',
    'Fabrikam Expenses: through Marketing',
    'A person uses one seat of an app however many ways they hold it.',
    'Unassign Contoso CRM',
    'Details: Contoso CRM',
    'Details: Fabrikam Expenses',
  ]);
  expect(textsOf(card)).not.toContain('Northwind Timesheets');
  const details = await en.click(card, 'Details: Fabrikam Expenses');
  expect(textsOf(details.replacement)[0]).toBe('Fabrikam Expenses');
  // Unassign is offered for the direct holding only, and asks for the usual confirmation.
  const unassign = await en.click(card, 'Unassign Contoso CRM');
  expect(textsOf(unassign.replacement).slice(0, 3)).toEqual([
    'Unassign Contoso CRM?',
    'These assignments will be removed:',
    'Bob Kelly',
  ]);

  for (const question of ['what does Bob have?', 'licenses of bob@contoso.com', 'licenses Bob Kelly']) {
    expect(await firstText(en, question)).toBe('Licenses of Bob Kelly');
  }
  expect(textsOf((await en.send('licenses for Diego Siciliani')).card).slice(1, 2)).toEqual([
    'Contoso CRM: through Sales and All Staff ⊃ Sales',
  ]);
  expect(textsOf((await en.send('licenses of Émilie Dubois')).card)).toEqual([
    'Licenses of Émilie Dubois',
    'Émilie Dubois holds no app from your organisation’s catalog.',
  ]);

  expect(textsOf((await fr.send('licences de Bob Kelly')).card).slice(0, 3)).toEqual([
    'Licences de Bob Kelly',
    'Contoso CRM : attribuée directement et via Sales et All Staff ⊃ Sales',
    'Fabrikam Expenses : via Marketing',
  ]);
  expect(await firstText(fr, "qu'a Bob Kelly ?")).toBe('Licences de Bob Kelly');
});

test('a group’s licenses: assigned to it, or held by its members through other groups', async () => {
  expect(textsOf((await en.send('licenses of Ventes France')).card)[1]).toBe(
    'Ventes France holds no app from your organisation’s catalog.',
  );
  // Bob Kelly, a member, is also assigned Contoso CRM directly.
  const marketing = textsOf((await en.send('licenses of group Marketing')).card);
  expect(marketing.slice(1, 3)).toEqual([
    'Contoso CRM: 6 of its 6 members hold it, through All Staff, Sales and 1 direct assignment',
    'Fabrikam Expenses: assigned directly',
  ]);
});

test('a name that is neither an app nor a person is said so, and a plain "licenses" is still the list', async () => {
  expect(textsOf((await en.send('licenses for Zzyzx Qwerty')).card)).toContain(
    'I could not find an app, user or group named “Zzyzx Qwerty”. Type “licenses” to see every app.',
  );
  const list = (await en.send('licenses')).card!;
  expect(actionsOf(list).filter((a) => a.title === 'Details')).toHaveLength(4);
});

test('a message that is no command suggests the nearest commands as buttons, en and fr; the button runs it', async () => {
  const turn = await en.send('contso crm?');
  expect(textsOf(turn.card)).toEqual([
    'I did not understand “contso crm?”. Did you mean:',
    'details Contoso CRM',
  ]);
  const details = await en.click(turn.card!, 'details Contoso CRM');
  expect(textsOf(details.replacement)[0]).toBe('Contoso CRM');

  expect(actionsOf((await en.send('detials Fabrikam Expenses')).card!).map((a) => a.title)).toEqual([
    'details Fabrikam Expenses',
  ]);
  expect(textsOf((await fr.send('historqiue Contoso CRM')).card)).toEqual([
    'Je n’ai pas compris « historqiue Contoso CRM ». Vouliez-vous dire :',
    'historique Contoso CRM',
  ]);
  // Nothing close: the hint toward help, as before.
  expect((await en.send('what is the weather')).text).toBe(
    'I did not understand “what is the weather”. Type “help” to see what I can do.',
  );
});

test('someone who is not an admin is not shown app names in suggestions', async () => {
  const turn = await en.as(BOB).send('contso crm?');
  expect(turn.card).toBeUndefined();
  expect(turn.text).toBe('I did not understand “contso crm?”. Type “help” to see what I can do.');
});

test('help lists the people command, en and fr', async () => {
  expect(textsOf((await en.send('help')).card)).toEqual(
    expect.arrayContaining(['licenses of Bob Kelly', 'Every app a person or group holds, and how.']),
  );
  expect(textsOf((await fr.send('aide')).card)).toContain('licences de Bob Kelly');
});
