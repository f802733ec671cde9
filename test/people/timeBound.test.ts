import { startTestApp, type TestApp } from '../harness/testApp';
import { textsOf } from '../harness/teamsClient';

/** Time-bound seats through /api/messages: the end date, in the admin's time zone, on the result card, details and history. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

const nextYear = new Date().getUTCFullYear() + 1;

test('assign … until a date: the result, the details and the history show the end date in the admin’s time zone', async () => {
  const c = t.client({ extra: { localTimezone: 'Europe/Paris' } });
  const result = await c.send(`assign Contoso CRM to Bob Kelly until 30 June ${nextYear}`);
  expect(textsOf(result.card)).toEqual(
    expect.arrayContaining([
      'Bob Kelly',
      `Until 30 June ${nextYear} (Europe/Paris): the seats end then, and admins are reminded 7 days before.`,
    ]),
  );
  const details = await c.send('details Contoso CRM');
  expect(JSON.stringify(details.card)).toContain(
    `Bob Kelly — User · until 30 June ${nextYear} (Europe/Paris)`,
  );
  const history = await c.send('history Contoso CRM');
  expect(textsOf(history.card)).toContain(
    `Adele Vance assigned Bob Kelly until 30 June ${nextYear} (Europe/Paris)`,
  );
  // Stored as the instant the day ends in Paris (UTC+2 in summer).
  const ledger = await t.app.ledger.details('6babcaad-604b-40ac-a9d7-9fd97c0b779f', 'contoso-crm');
  expect(ledger.holders.find((h) => h.displayName === 'Bob Kelly')?.until).toBe(
    `${nextYear}-06-30T22:00:00.000Z`,
  );
});

test('French: jusqu’au 30 juin, and "for 3 months" without a time zone is read in UTC', async () => {
  const fr = t.client({ locale: 'fr-FR', extra: { localTimezone: 'Europe/Paris' } });
  const result = await fr.send(`attribuer Contoso CRM à Lee Gu jusqu'au 30 juin ${nextYear}`);
  expect(textsOf(result.card)).toContain(
    `Jusqu’au 30 juin ${nextYear} (heure Europe/Paris) : les licences prennent fin à cette date, et les admins reçoivent un rappel 7 jours avant.`,
  );
  // A name to choose: the choice buttons keep the end date.
  const choice = (await t.client().send(`assign Contoso CRM to Lidia Hollway until 30 June ${nextYear}`))
    .card!;
  const picked = await t.client().click(choice, textsOf(choice).at(-1)!);
  expect(textsOf(picked.replacement)).toContain(
    `Until 30 June ${nextYear} (UTC): the seats end then, and admins are reminded 7 days before.`,
  );
  const months = await t.client().send('assign Contoso CRM to Megan Bowen for 3 months');
  expect(textsOf(months.card).some((text) => /^Until \d+ \w+ \d{4} \(UTC\)/.test(text))).toBe(true);
});

test('a date in the past or unreadable: nothing assigned, the format and the time zone said', async () => {
  const c = t.client({ extra: { localTimezone: 'America/New_York' } });
  const past = await c.send('assign Contoso CRM to Patti Fernandez until 2020-01-31');
  expect(textsOf(past.card)).toEqual([
    'Which end date?',
    'The end date 31 January 2020 (America/New_York) has already passed. Write a later date, like “until 30 June 2027” or “for 3 months”. Dates are in America/New_York.',
  ]);
  const bad = await c.send('assign Contoso CRM to Patti Fernandez until someday');
  expect(textsOf(bad.card)[1]).toBe(
    'I could not read the end date “someday”. Write it like “until 30 June”, “until 30 June 2027”, “until 2027-06-30” or “for 3 months”. Dates are in America/New_York.',
  );
  const frBad = await t
    .client({ locale: 'fr-FR' })
    .send("attribuer Contoso CRM à Patti Fernandez jusqu'au 45 juin");
  expect(textsOf(frBad.card)[0]).toBe('Quelle date de fin ?');
  const details = await c.send('details Contoso CRM');
  expect(JSON.stringify(details.card)).not.toContain('Patti Fernandez');
});
