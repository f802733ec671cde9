import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SampleDirectory, type SampleOrganisation } from '../../bot/directory/sampleDirectory';
import type { CatalogApp } from '../../bot/licensing/model';
import { SAMPLE_ORG } from '../licensing/harness';
import { startTestApp, type TestApp } from '../harness/testApp';
import { actionsOf, SAMPLE_TENANT, textsOf } from '../harness/teamsClient';

/**
 * Bulk assign through /api/messages: "assign Contoso CRM to" + a pasted list of 300 entries (addresses,
 * names, groups; 7 that name nobody for sure) → a preview, then Assign all: one commit, one audit entry.
 */
const trainees = Array.from({ length: 290 }, (_, i) => {
  const n = String(i + 1).padStart(3, '0');
  return {
    id: `d0c00000-0000-4000-8000-000000000${n}`,
    displayName: `Trainee ${n}`,
    userPrincipalName: `trainee${n}@contoso.com`,
  };
});
const organisation: SampleOrganisation = { ...SAMPLE_ORG, users: [...SAMPLE_ORG.users, ...trainees] };
const catalog = (
  JSON.parse(readFileSync(path.join(__dirname, '../../data/sample/catalog.json'), 'utf8')) as {
    apps: CatalogApp[];
  }
).apps;
const withSeats = (seats: number) =>
  catalog.map((app) => (app.appId === 'contoso-crm' ? { ...app, seatsPurchased: seats } : app));

/** Seven entries that name nobody for sure: typos, an unknown address, a bare prefix of many. */
const UNRESOLVED = [
  'Bob Kely',
  'Adel Vance',
  'nobody@contoso.com',
  'Zzzz Qqqq',
  'group Salse',
  'Trainee',
  'Megan Bowne',
];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    env: { CATALOG_CACHE_SECONDS: '0' },
    start: { directory: new SampleDirectory(organisation) },
  });
  await t.app.ledger.putCatalog(SAMPLE_TENANT, withSeats(400));
  await t.client().send('assign Contoso CRM to Bob Kelly');
});
afterAll(async () => {
  await t.stop();
});

/** 280 addresses, 10 names, 2 groups, Bob Kelly (already holding) and the 7 unresolved: 300 entries. */
function pastedList(): string {
  const lines = [
    ...trainees
      .slice(0, 280)
      .map((u, i) => (i % 3 === 0 ? `${u.displayName} <${u.userPrincipalName}>` : u.userPrincipalName)),
    ...trainees.slice(280).map((u) => u.displayName),
  ];
  // Newlines, with some lines holding several entries separated by commas and semicolons.
  const text = [];
  for (let i = 0; i < lines.length; i += 5) text.push(lines.slice(i, i + 5).join(i % 2 ? '; ' : ', '));
  text.push('group Sales, Marketing', 'Bob Kelly', ...UNRESOLVED);
  return text.join('\n');
}

test('300 entries, 7 unresolved: the preview, then Assign all in one commit and one audit entry', async () => {
  const c = t.client();
  const before = await t.app.ledger.history(SAMPLE_TENANT, 'contoso-crm', 50);
  const preview = await c.send(`assign Contoso CRM to\n${pastedList()}`);
  const texts = textsOf(preview.card);
  expect(texts[0]).toBe('Assign Contoso CRM: 300 entries');
  expect(texts[1]).toMatch(/^To assign \(292\): Trainee 001, Trainee 002, .* and 272 others$/);
  expect(texts.slice(2)).toEqual([
    'Already holding, left as they are (1): Bob Kelly',
    'Seats needed: 301 · available: 399 of 400',
    'Not found, left out (7):',
    '“Bob Kely”: did you mean Bob Kelly?',
    '“Adel Vance”: did you mean Adele Vance?',
    '“nobody@contoso.com”: no user or group by that name.',
    '“Zzzz Qqqq”: no user or group by that name.',
    '“group Salse”: did you mean Sales?',
    expect.stringMatching(
      /^“Trainee” matches several: Trainee 001, Trainee 002, .*\. Write the e-mail address\.$/,
    ),
    '“Megan Bowne”: did you mean Megan Bowen?',
    expect.stringMatching(/^This confirmation expires at \d\d:\d\d UTC\.$/),
    'Assign all',
    'Cancel',
  ]);
  // Nothing assigned yet.
  expect((await t.app.ledger.details(SAMPLE_TENANT, 'contoso-crm')).seatsAssigned).toBe(1);

  const done = await c.click(preview.card!, 'Assign all');
  expect(textsOf(done.replacement)[0]).toBe('Licenses assigned: Contoso CRM');
  const details = await t.app.ledger.details(SAMPLE_TENANT, 'contoso-crm');
  expect(details.seatsAssigned).toBe(302);
  const after = await t.app.ledger.history(SAMPLE_TENANT, 'contoso-crm', 50);
  expect(after.length - before.length).toBe(1);
  expect(after[0]).toMatchObject({ action: 'assign', principalCount: 292, seatsBefore: 1, seatsAfter: 302 });

  const again = await c.click(preview.card!, 'Assign all');
  expect(textsOf(again.replacement)).toEqual([
    'This confirmation can no longer be used',
    'This confirmation was already used. Nothing more was changed.',
  ]);
});

test('seats short: refused whole in the preview, no Assign all; French; Cancel', async () => {
  await t.app.ledger.putCatalog(SAMPLE_TENANT, withSeats(310));
  const list = trainees.map((u) => u.userPrincipalName).join('\n');
  const fr = t.client({ locale: 'fr-FR' });
  const short = await fr.send(`attribuer Fabrikam Expenses à\n${list}`);
  expect(textsOf(short.card)).toEqual(
    expect.arrayContaining([
      'Attribuer Fabrikam Expenses : 290 entrées',
      'Licences nécessaires : 290 · disponibles : 10 sur 10',
      '⚠ Pas assez de licences : il en faut 290 et seules 10 sont disponibles. Rien ne sera attribué : raccourcissez la liste, désattribuez quelqu’un, ou demandez plus de licences à Fabrikam Inc.',
    ]),
  );
  expect(actionsOf(short.card!)).toEqual([]);

  const small = await t.client().send('assign Northwind Timesheets to\nTrainee 001\nTrainee 002');
  expect(textsOf(small.card).slice(0, 2)).toEqual([
    'Assign Northwind Timesheets: 2 entries',
    'To assign (2): Trainee 001 and Trainee 002',
  ]);
  const cancelled = await t.client().click(small.card!, 'Cancel');
  expect(textsOf(cancelled.replacement)).toEqual([
    'Bulk assign cancelled: Northwind Timesheets',
    'Nothing was changed.',
  ]);
  expect((await t.app.ledger.details(SAMPLE_TENANT, 'northwind-timesheets')).seatsAssigned).toBe(0);
});

test('a one-line list of more than 20 is a bulk list too; up to 20 on one line stays an ordinary assign', async () => {
  const line = trainees
    .slice(100, 125)
    .map((u) => u.userPrincipalName)
    .join('; ');
  const bulk = await t.client().send(`assign Northwind Timesheets to ${line}`);
  expect(textsOf(bulk.card)[0]).toBe('Assign Northwind Timesheets: 25 entries');
  const plain = await t.client().send(
    `assign Northwind Timesheets to ${trainees
      .slice(100, 103)
      .map((u) => u.userPrincipalName)
      .join(', ')}`,
  );
  expect(textsOf(plain.card)[0]).toBe('Licenses assigned: Northwind Timesheets');
});
