import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cardProblems } from '../harness/cardParser';
import { startTestApp, type TestApp } from '../harness/testApp';
import { actionsOf, textsOf, type AdaptiveCardJson, type TeamsTestClient } from '../harness/teamsClient';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

/** The card's own buttons (its `actions`), in order: what Teams shows at the bottom. */
const mainButtons = (card: AdaptiveCardJson) => (card.actions ?? []).map((a: any) => a.title as string);
/** The buttons inside the card's body (ActionSets), in order. */
const bodyButtons = (card: AdaptiveCardJson) => actionsOf({ body: card.body }).map((a) => a.title as string);
const SAMPLE_PEOPLE: string[] = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'data', 'sample', 'directory.json'), 'utf8'),
).users.map((user: { displayName: string }) => user.displayName);
const checkboxes = (card: AdaptiveCardJson) =>
  (card.body as any[]).find((e) => e.type === 'Input.ChoiceSet')?.choices.map((c: any) => c.title) ?? [];

/** Assigns `app` to Sales, Marketing and enough other people of the sample organisation for `count` holders. */
async function assignMany(c: TeamsTestClient, app: string, count: number) {
  const people = SAMPLE_PEOPLE.slice(0, count - 2).join(', ');
  const turn = await c.send(`assign ${app} to Sales, Marketing, ${people}`);
  expect(turn.card?.body?.[0]?.text).toMatch(/assigned/);
}

test('one list: each holder is one checkbox that names it and says what it is, nothing listed twice', async () => {
  const c = t.client();
  await c.send('assign Fabrikam Expenses to Sales and Bob Kelly');
  const card = (await c.send('details Fabrikam Expenses')).card!;
  expect(checkboxes(card)).toEqual(['Sales — Group · 8 members', 'Bob Kelly — User']);
  const shown = textsOf(card);
  for (const name of ['Sales', 'Bob Kelly'])
    expect(shown.filter((text) => text.includes(name))).toHaveLength(1);
  expect(cardProblems(card)).toEqual([]);
  const french = (await t.client({ locale: 'fr-FR' }).send('détails Fabrikam Expenses')).card!;
  expect(checkboxes(french)).toEqual(['Sales — Groupe · 8 membres', 'Bob Kelly — Utilisateur']);
});

test('main actions come first; Unassign sits under the list it acts on; paging is not a main action', async () => {
  const c = t.client();
  await assignMany(c, 'Northwind Timesheets', 14);
  const card = (await c.send('details Northwind Timesheets')).card!;
  expect(mainButtons(card)).toEqual([
    'Assign licenses',
    'Install this product',
    'Add or remove licenses',
    'History',
    'Assign in chat',
  ]);
  expect(bodyButtons(card)).toEqual(['Unassign', 'Next']);
  const order = (card.body as any[]).map((e) => e.type);
  expect(order.indexOf('ActionSet')).toBe(order.indexOf('Input.ChoiceSet') + 1);
  expect(cardProblems(card)).toEqual([]);
});

test('Previous and Next page both ways with "1–10 of 14", and Unassign takes what is checked on the page', async () => {
  const c = t.client();
  await assignMany(c, 'Contoso CRM', 14);
  const page1 = (await c.send('details Contoso CRM')).card!;
  expect(textsOf(page1)).toContain('1–10 of 14');
  expect(bodyButtons(page1)).toEqual(['Unassign', 'Next']);

  const page2 = (await c.click(page1, 'Next')).replacement!;
  expect(textsOf(page2)).toContain('11–14 of 14');
  expect(bodyButtons(page2)).toEqual(['Unassign', 'Previous']);
  expect(checkboxes(page2)).toHaveLength(4);
  expect(cardProblems(page2)).toEqual([]);

  const back = (await c.click(page2, 'Previous')).replacement!;
  expect(textsOf(back)).toContain('1–10 of 14');
  expect(checkboxes(back)).toEqual(checkboxes(page1));

  const choice = (page2.body as any[]).find((e) => e.type === 'Input.ChoiceSet').choices[0];
  const prepared = await c.click(page2, 'Unassign', { inputs: { principalIds: choice.value } });
  expect(textsOf(prepared.replacement!)).toEqual(
    expect.arrayContaining(['Unassign Contoso CRM?', choice.title.split(' — ')[0]]),
  );

  const french = t.client({ locale: 'fr-FR' });
  const fr1 = (await french.send('détails Contoso CRM')).card!;
  expect(textsOf(fr1)).toContain('1–10 sur 14');
  const fr2 = (await french.click(fr1, 'Suivant')).replacement!;
  expect(bodyButtons(fr2)).toEqual(['Désattribuer', 'Précédent']);
  expect(textsOf((await french.click(fr2, 'Précédent')).replacement!)).toContain('1–10 sur 14');
});

test('an app nobody holds shows no list, no Unassign and no paging', async () => {
  const card = (await t.client().send('details Litware Sondages')).card!;
  expect(textsOf(card)).toContain('Nobody holds this app yet.');
  expect(bodyButtons(card)).toEqual([]);
  expect(checkboxes(card)).toEqual([]);
  expect(mainButtons(card)[0]).toBe('Assign licenses');
});
