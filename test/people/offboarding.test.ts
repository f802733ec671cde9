import { LicenseLedger } from '../../bot/licensing/ledger';
import { offboardDocId } from '../../bot/licensing/offboarding';
import { startTestApp, type TestApp } from '../harness/testApp';
import { actionsOf, MEGAN, SAMPLE_TENANT, textsOf } from '../harness/teamsClient';

/**
 * Offboarding through /api/messages: one confirmation card for every app a person is assigned
 * directly, apps held through groups named with the group to change; one commit per app, each audited;
 * the card used once.
 */
let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
  const c = t.client();
  // Bob Kelly: Contoso CRM directly and through Sales; Fabrikam Expenses directly; Northwind
  // Timesheets only through All Staff (which nests Sales).
  await c.send('assign Contoso CRM to Bob Kelly and Sales group');
  await c.send('assign Fabrikam Expenses to Bob Kelly');
  await c.send('assign Northwind Timesheets to All Staff');
});
afterEach(async () => {
  await t.stop();
});

const BUTTONS = ['Remove all', 'Cancel'];

test('offboard Bob Kelly: one card, every direct assignment, group holdings named; Remove all removes each, once', async () => {
  const c = t.client();
  const card = (await c.send('offboard Bob Kelly')).card!;
  expect(textsOf(card)).toEqual([
    'Remove every license of Bob Kelly?',
    'These direct assignments will be removed (each app is its own change: one that changed meanwhile is left as it is):',
    'Contoso CRM',
    '0 seats back',
    'Fabrikam Expenses',
    '1 seat back',
    '⚠ Bob Kelly also holds Northwind Timesheets through All Staff: to remove it, change All Staff (unassign the group, or take Bob Kelly out of it).',
    '⚠ Bob Kelly also holds Contoso CRM through Sales: to remove it, change Sales (unassign the group, or take Bob Kelly out of it).',
    expect.stringMatching(/^This confirmation expires at \d\d:\d\d UTC\.$/),
    ...BUTTONS,
  ]);
  // Only the admin who asked can confirm.
  const other = await c.click(card, 'Remove all', { user: MEGAN });
  expect(textsOf(other.replacement)[0]).toBe('Only Adele Vance can confirm this');

  const done = await c.click(card, 'Remove all');
  expect(textsOf(done.replacement)).toEqual([
    'Licenses removed: Bob Kelly',
    'Contoso CRM: removed. Seats assigned: 8 → 8 of 25.',
    'Fabrikam Expenses: removed. Seats assigned: 1 → 0 of 10.',
    'Confirmed by Adele Vance.',
  ]);
  const again = await c.click(card, 'Remove all');
  expect(textsOf(again.replacement)).toEqual([
    'This confirmation can no longer be used',
    'This confirmation was already used. Nothing more was changed.',
  ]);

  // One commit per app, each in that app's audit trail; the group holdings are untouched.
  for (const appId of ['contoso-crm', 'fabrikam-expenses']) {
    const [latest] = await t.app.ledger.history(SAMPLE_TENANT, appId, 1);
    expect(latest).toMatchObject({ action: 'unassign', principals: [{ displayName: 'Bob Kelly' }] });
  }
  const people = (await c.send('licenses of Bob Kelly')).card!;
  expect(textsOf(people)).toEqual(
    expect.arrayContaining(['Contoso CRM: through Sales', 'Northwind Timesheets: through All Staff ⊃ Sales']),
  );
});

test('remove Bob Kelly from all apps, and in French; Cancel changes nothing', async () => {
  const en = (await t.client().send('remove Bob Kelly from all apps')).card!;
  expect(textsOf(en)[0]).toBe('Remove every license of Bob Kelly?');
  const fr = t.client({ locale: 'fr-FR' });
  const card = (await fr.send('retirer toutes les licences de Bob Kelly')).card!;
  expect(textsOf(card).slice(0, 2)).toEqual([
    'Retirer toutes les licences de Bob Kelly ?',
    'Ces attributions directes seront retirées (chaque application est une modification à part : celle qui a changé entre-temps reste telle quelle) :',
  ]);
  expect(actionsOf(card).map((a) => a.title)).toEqual(['Tout retirer', 'Annuler']);
  const cancelled = await fr.click(card, 'Annuler');
  expect(textsOf(cancelled.replacement)).toEqual(['Retrait annulé : Bob Kelly', 'Rien n’a été modifié.']);
  const after = await fr.click(card, 'Tout retirer');
  expect(textsOf(after.replacement)[1]).toBe('Cette confirmation a été annulée. Rien n’a été modifié.');
  const details = await t.app.ledger.details(SAMPLE_TENANT, 'fabrikam-expenses');
  expect(details.holders.map((h) => h.displayName)).toEqual(['Bob Kelly']);

  // The housekeeping sweep removes the offboarding once it has expired, as it does confirmations.
  const id = offboardDocId(String(actionsOf(card)[0].data.id));
  expect(await t.app.store.read(SAMPLE_TENANT, id)).toBeDefined();
  const later = new LicenseLedger({
    store: t.app.store,
    directory: t.app.directory,
    now: () => new Date(Date.now() + 3 * 3600 * 1000),
  });
  await later.housekeeping.sweep(SAMPLE_TENANT);
  expect(await t.app.store.read(SAMPLE_TENANT, id)).toBeUndefined();
});

test('someone who holds apps only through groups: nothing to confirm, the groups named with a button each', async () => {
  const card = (await t.client().send('offboard Diego Siciliani')).card!;
  expect(textsOf(card)).toEqual([
    'No direct license to remove: Diego Siciliani',
    'Diego Siciliani holds no app directly.',
    'Diego Siciliani also holds Contoso CRM through Sales: to remove it, change Sales (unassign the group, or take Diego Siciliani out of it).',
    'Diego Siciliani also holds Northwind Timesheets through All Staff: to remove it, change All Staff (unassign the group, or take Diego Siciliani out of it).',
    'Unassign Sales (Contoso CRM)',
    'Unassign All Staff (Northwind Timesheets)',
  ]);
});
