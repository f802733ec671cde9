import { startTestApp, type TestApp } from '../harness/testApp';
import { actionsOf, textsOf } from '../harness/teamsClient';

/**
 * Unassigning someone who holds the app only through groups (issue 19, item 1): the answer says how
 * they hold it, through every group, and offers to unassign the group; it never says "none of them".
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.client().send('assign Contoso CRM to Sales and All Staff');
});
afterAll(async () => {
  await t.stop();
});

/** The card's texts, warning marks aside (how a warning looks is the card's business, not this test's). */
const texts = (card: Record<string, any> | undefined) =>
  (card ? textsOf(card) : []).map((text) => text.replace(/^⚠\s*/, ''));

test('a user who holds the app only through groups: every group named, how to remove it, a button per group', async () => {
  const c = t.client();
  const card = (await c.send('unassign Contoso CRM from Diego Siciliani')).card!;
  expect(texts(card)).toEqual([
    'Nothing to unassign: Contoso CRM',
    'Diego Siciliani holds Contoso CRM only through Sales and All Staff: there is no direct assignment to remove.',
    'A seat held through a group is removed by unassigning the group, or by removing the person from the group (in Microsoft Entra ID or the Microsoft 365 admin center).',
    'Unassign Sales',
    'Unassign All Staff',
  ]);
  expect(JSON.stringify(card)).not.toMatch(/None of them/);

  // The button starts the usual confirmation for that group; nothing changes before it is confirmed.
  const confirm = (await c.click(card, 'Unassign Sales')).replacement!;
  expect(texts(confirm)).toEqual(
    expect.arrayContaining([
      'Unassign Contoso CRM?',
      'Sales',
      '8 members keep the app through other assignments (e.g. Bob Kelly through All Staff).',
    ]),
  );
  expect(actionsOf(confirm).map((a) => a.title)).toEqual(['Unassign', 'Cancel']);

  const french = (await t.client({ locale: 'fr-FR' }).send('désattribuer Contoso CRM de Diego Siciliani'))
    .card!;
  expect(texts(french)).toEqual([
    'Rien à désattribuer : Contoso CRM',
    'Diego Siciliani détient Contoso CRM uniquement via Sales et All Staff : il n’y a pas d’attribution directe à retirer.',
    'Une licence détenue via un groupe se retire en désattribuant le groupe, ou en retirant la personne du groupe (dans Microsoft Entra ID ou le centre d’administration Microsoft 365).',
    'Désattribuer Sales',
    'Désattribuer All Staff',
  ]);
});

test('a group not assigned itself whose members hold the app: how many, through which groups', async () => {
  const card = (await t.client().send('unassign Contoso CRM from Marketing')).card!;
  // All Staff covers all six members; Bob Kelly and Lee Gu are in Sales too.
  expect(texts(card).slice(0, 2)).toEqual([
    'Nothing to unassign: Contoso CRM',
    'Marketing is not assigned Contoso CRM itself, but 6 of its 6 members hold it through All Staff and Sales.',
  ]);
  expect(actionsOf(card).map((a) => a.title)).toEqual(['Unassign All Staff', 'Unassign Sales']);
  const french = (await t.client({ locale: 'fr-FR' }).send('désattribuer Contoso CRM du groupe Marketing'))
    .card!;
  expect(texts(french)[1]).toBe(
    'Marketing n’a pas Contoso CRM en tant que groupe, mais 6 de ses 6 membres la détiennent via All Staff et Sales.',
  );
});

test('one person who does not hold the app at all: singular, named, no button', async () => {
  const card = (await t.client().send('unassign Contoso CRM from Émilie Dubois')).card!;
  expect(texts(card)).toEqual([
    'Nothing to unassign: Contoso CRM',
    'Émilie Dubois does not hold Contoso CRM.',
  ]);
  expect(actionsOf(card)).toEqual([]);
  const two = (await t.client().send('unassign Contoso CRM from Émilie Dubois and Chloé Martin')).card!;
  expect(texts(two)[1]).toBe('Émilie Dubois and Chloé Martin do not hold Contoso CRM.');
  const french = (await t.client({ locale: 'fr-FR' }).send('désattribuer Contoso CRM de Émilie Dubois'))
    .card!;
  expect(texts(french)[1]).toBe('Émilie Dubois ne détient pas Contoso CRM.');
});

test('the confirmation names every group a user keeps the app through, and how the others named hold it', async () => {
  const c = t.client();
  await c.send('assign Contoso CRM to Bob Kelly');
  const card = (await c.send('unassign Contoso CRM from Bob Kelly and Diego Siciliani')).card!;
  expect(texts(card)).toEqual(
    expect.arrayContaining([
      'Unassign Contoso CRM?',
      'Bob Kelly keeps the app through Sales and All Staff.',
      'Diego Siciliani holds Contoso CRM only through Sales and All Staff: there is no direct assignment to remove.',
    ]),
  );
  const french = (
    await t.client({ locale: 'fr-FR' }).send('désattribuer Contoso CRM de Bob Kelly et Diego Siciliani')
  ).card!;
  expect(texts(french)).toEqual(
    expect.arrayContaining([
      'Bob Kelly garde l’application grâce à Sales et All Staff.',
      'Diego Siciliani détient Contoso CRM uniquement via Sales et All Staff : il n’y a pas d’attribution directe à retirer.',
    ]),
  );
});
