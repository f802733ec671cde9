import { startTestApp, type TestApp } from '../harness/testApp';
import { actionsOf, BOB, textsOf } from '../harness/teamsClient';

/** What results and refusals say (issue 19, item 6), through /api/messages, en and fr. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

test('a group assignment says how many new seats it used; members who already held the app use none', async () => {
  const en = t.client();
  await en.send('assign Contoso CRM to Marketing');
  // Bob Kelly and Lee Gu, in Sales, already hold it through Marketing.
  expect(textsOf((await en.send('assign Contoso CRM to Sales group')).card)).toContain('Sales (+6 seats)');
  expect(textsOf((await en.send('assign Northwind Timesheets to All Staff')).card)).toContain(
    'All Staff (+16 seats)',
  );
  expect(textsOf((await en.send('assign Northwind Timesheets to Sales')).card)).toContain(
    'Sales (no new seat: its members already held the app)',
  );

  const fr = t.client({ locale: 'fr-FR' });
  // Each new seat counts for the first one named that gives it: Chloé Martin before her group.
  expect(
    textsOf((await fr.send('attribuer Fabrikam Expenses à Chloé Martin et groupe Ventes France')).card),
  ).toContain('Chloé Martin et Ventes France (+3 licences)');
  expect(textsOf((await fr.send('attribuer Litware Sondages au groupe Ventes France')).card)).toContain(
    'Ventes France (+4 licences)',
  );
});

test('a seat refusal says so in its title and offers Contact the vendor and Details, en and fr', async () => {
  const en = t.client();
  const refused = (await en.send('assign Litware Sondages to All Staff')).card!;
  expect(textsOf(refused)[0]).toBe('Not enough seats: Litware Sondages');
  expect(textsOf(refused)[1]).toMatch(/^Not enough seats for Litware Sondages: this needs 16 seats/);
  expect(actionsOf(refused).map((a) => a.title)).toEqual(['Contact the vendor', 'Details']);
  const vendor = await en.click(refused, 'Contact the vendor');
  expect(textsOf(vendor.replacement)[0]).toBe('Add or remove licenses: Litware Sondages');
  const details = await en.click(refused, 'Details');
  expect(textsOf(details.replacement)[0]).toBe('Litware Sondages');

  const fr = (await t.client({ locale: 'fr-FR' }).send('attribuer Litware Sondages au groupe All Staff'))
    .card!;
  expect(textsOf(fr)[0]).toBe('Pas assez de licences : Litware Sondages');
  expect(actionsOf(fr).map((a) => a.title)).toEqual(['Contacter l’éditeur', 'Détails']);
});

test('each refusal has a title saying what happened, en and fr', async () => {
  const en = t.client();
  const fr = t.client({ locale: 'fr-FR' });
  const titles = async (client: typeof en, text: string) => textsOf((await client.send(text)).card)[0];
  expect(await titles(en, 'details Zebra Analytics')).toBe('App not found');
  expect(await titles(fr, 'détails Zebra Analytics')).toBe('Application introuvable');
  expect(await titles(en, 'assign Contoso CRM to Zed Zebraman')).toBe('User or group not found');
  expect(await titles(fr, 'attribuer Contoso CRM à Zed Zebraman')).toBe('Utilisateur ou groupe introuvable');
  expect(await titles(en, 'unassign Contoso CRM from')).toBe('To whom?');
  expect(await titles(en.as(BOB), 'licenses')).toBe('Only admins can do this');
  expect(await titles(fr.as(BOB), 'licences')).toBe('Réservé aux administrateurs');
  expect(await titles(en, 'licenses for Zzyzx Qwerty')).toBe('Not found');
  const none = ['Something needs your attention', 'Un point demande votre attention'];
  for (const text of ['details Zebra Analytics', 'assign Contoso CRM to Zed Zebraman', 'licenses']) {
    expect(none).not.toContain(await titles(en.as(BOB), text));
  }
});
