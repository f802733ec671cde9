import { startTestApp, type TestApp } from '../harness/testApp';
import { actionsOf, BOB, textsOf } from '../harness/teamsClient';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

test('health and readiness answer', async () => {
  expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
  const ready = await fetch(`${t.app.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready' });
});

test('help answers with a card listing the commands, for anyone: admins every one, others what they may do', async () => {
  const turn = await t.client().send('help');
  expect(turn.status).toBe(200);
  expect(turn.card?.version).toBe('1.5');
  const texts = textsOf(turn.card!);
  expect(texts).toEqual(
    expect.arrayContaining(['licenses', 'assign Contoso CRM to Sales group, bob@contoso.com']),
  );
  const member = textsOf((await t.client({ user: BOB }).send('help')).card);
  expect(member).toEqual(expect.arrayContaining(['request Contoso CRM: for the Q3 review', 'my licenses']));
});

test('licenses lists every sample app with seats purchased, assigned and available', async () => {
  const turn = await t.client().send('licenses');
  const texts = textsOf(turn.card!);
  expect(texts).toEqual(
    expect.arrayContaining(['Contoso CRM', 'Fabrikam Expenses', 'Northwind Timesheets', 'Litware Sondages']),
  );
  expect(texts).toContain('0 of 25 assigned · 25 available');
  expect(actionsOf(turn.card!).filter((a) => a.title === 'Details')).toHaveLength(4);
});
