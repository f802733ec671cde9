/**
 * The Assign licenses page in a real browser (headless Debian chromium through playwright-core),
 * framed by a test page that plays the Teams host for @microsoft/teams-js. The admin types, picks
 * with mouse and keyboard, submits; the test checks what teams-js handed to Teams, then sends it
 * to the bot as Teams would (task/submit) and checks the chat. Screenshots go to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchChromium } from '../harness/chromium';
import { ADELE, SAMPLE_TENANT, textsOf } from '../harness/teamsClient';
import { startTestApp, type TestApp } from '../harness/testApp';
import { BOB_ID, openPane, PANE_ENV, paneUrl, SALES, signPaneToken } from './paneFixtures';
import { hostPage, type HostOptions } from './teamsHost';

// Callbacks given to evaluate() run in the browser; the project itself compiles without the DOM library.
declare const window: any;
declare const document: any;
declare function getComputedStyle(element: unknown): { backgroundColor: string };

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'dialog');

let t: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  t = await startTestApp({ env: PANE_ENV });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});
beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 700, height: 640 } });
  // teams-js refreshes its list of Teams origins from a CDN: offline here, it uses its built-in list.
  await page.route(/res\.cdn\.office\.net/, (route) => route.abort());
});
afterEach(async () => {
  await page.close();
});

/**
 * Serves the host page on `hostOrigin` (the bot's own origin by default: frame-ancestors 'self'
 * lets tests frame it) and returns the dialog's frame once its script has run.
 */
async function openInHost(options: HostOptions, hostOrigin = t.app.url): Promise<Frame> {
  const hostUrl = `${hostOrigin}/__teams-host__`;
  await page.route(hostUrl, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: hostPage(options) }),
  );
  await page.goto(hostUrl);
  const frame = await waitForFrame();
  await frame.waitForFunction(() => document.readyState === 'complete');
  return frame;
}

async function waitForFrame(): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f.url().includes('/dialog/assign'));
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error('the dialog frame never loaded');
}

/** The host has seen the page initialize teams-js (app.initialize, then getContext). */
async function waitForTeams(messages: string[] = ['initialize', 'getContext']) {
  await page.waitForFunction(
    (wanted) => wanted.every((m: string) => (window as any).host.received.includes(m)),
    messages,
  );
}

const submitted = () => page.evaluate(() => (window as any).host.submitted as unknown[][]);
const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

test('type, pick with keyboard and mouse, see the seats, Assign: teams-js submits the selection, the bot assigns', async () => {
  const client = t.client();
  const { url } = await openPane(t, client);
  const frame = await openInHost({ paneUrl: url, tenantId: SAMPLE_TENANT, userObjectId: ADELE.aadObjectId });
  await waitForTeams(['initialize', 'getContext', 'appInitialization.success']);

  await expectText(frame, 'h1', 'Contoso CRM');
  await expectText(frame, '#seats', '25 of 25 seats available (0 assigned)');
  const box = frame.getByRole('combobox', { name: 'Search for users or groups' });
  expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
  const assign = frame.getByRole('button', { name: 'Assign' });
  expect(await assign.isDisabled()).toBe(true);

  // Keyboard: type, the first result is highlighted, Enter picks it.
  await box.pressSequentially('sal');
  const sales = frame.getByRole('option', { name: /Sales/ });
  await sales.waitFor();
  expect(await sales.textContent()).toContain('Group · members: 8');
  expect(await sales.textContent()).toContain('seats: up to 8');
  expect(await box.getAttribute('aria-expanded')).toBe('true');
  expect(await box.getAttribute('aria-activedescendant')).toBe(await sales.getAttribute('id'));
  await box.press('Enter');
  expect(await sales.getAttribute('aria-selected')).toBe('true');
  await shot('pane-en-light-results');

  // Mouse: a user from a second search.
  await box.fill('');
  await box.pressSequentially('bo');
  const bob = frame.getByRole('option', { name: /Bob Kelly/ });
  await bob.waitFor();
  expect(await bob.textContent()).toContain('User · bob@contoso.com');
  await bob.click();

  // A third pick, removed again from the list by its labelled Remove button.
  await box.fill('');
  await box.pressSequentially('megan');
  await frame.getByRole('option', { name: /Megan Bowen/ }).click();
  await frame.getByRole('button', { name: 'Remove Megan Bowen' }).click();

  const picked = frame.locator('#picked li');
  expect(await picked.count()).toBe(2);
  expect(await picked.nth(0).textContent()).toContain('Sales');
  expect(await picked.nth(1).textContent()).toContain('Bob Kelly');
  await expectText(frame, '#total', 'Seats needed: up to 9 · available: 25');
  expect(await frame.locator('#over').isHidden()).toBe(true);
  // The status is written a moment after the click (so a repeated message is read out again): wait for it.
  await expectText(frame, '#status', 'Megan Bowen removed from the selection.');
  await box.press('Escape');
  await shot('pane-en-light-picked');

  await assign.click();
  await page.waitForFunction(() => (window as any).host.submitted.length === 1);
  const [[result, appIds]] = await submitted();
  expect(appIds).toEqual([]);
  expect(result).toEqual({ token: expect.any(String), principalIds: [SALES, BOB_ID] });

  // Teams turns dialog.url.submit into a task/submit invoke to the bot.
  const turn = await client.invoke('task/submit', { data: result, context: { theme: 'default' } });
  expect(turn.status).toBe(200);
  expect(textsOf(turn.card!)).toEqual(
    expect.arrayContaining([
      'Licenses assigned: Contoso CRM',
      'Sales (+8 seats) and Bob Kelly',
      '8 of 25 seats assigned · 17 left',
    ]),
  );
  expect((await t.app.ledger.details(SAMPLE_TENANT, 'contoso-crm')).seatsAssigned).toBe(8);
});

test('French, in the dark theme, following Teams when the theme changes', async () => {
  const { url } = await openPane(t, t.client({ locale: 'fr-FR' }), {
    appId: 'litware-sondages',
    theme: 'dark',
  });
  const frame = await openInHost({ paneUrl: url, theme: 'dark', locale: 'fr-fr' });
  await waitForTeams();
  const theme = () => frame.evaluate(() => document.documentElement.getAttribute('data-theme'));
  expect(await frame.evaluate(() => document.documentElement.lang)).toBe('fr');
  expect(await theme()).toBe('dark');
  expect(await frame.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(41, 41, 41)');

  const box = frame.getByRole('combobox', { name: 'Rechercher des utilisateurs ou des groupes' });
  await box.pressSequentially('ven');
  const ventes = frame.getByRole('option', { name: /Ventes France/ });
  await ventes.waitFor();
  expect(await ventes.textContent()).toContain('Groupe · membres : 4');
  await box.press('Enter');
  await box.fill('');
  await box.pressSequentially('sal');
  await frame.getByRole('option', { name: /Sales/ }).click();
  // 12 seats at most for 5 left: the page warns, the bot will decide.
  await expectText(frame, '#total', 'Licences nécessaires : jusqu’à 12 · disponibles : 5');
  expect(await frame.locator('#over').isVisible()).toBe(true);
  await box.press('Escape');
  await shot('pane-fr-dark');

  await page.evaluate(() => (window as any).host.setTheme('default'));
  await frame.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'default');
  expect(await frame.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
    'rgb(255, 255, 255)',
  );
  await shot('pane-fr-light');
  await page.evaluate(() => (window as any).host.setTheme('contrast'));
  await frame.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'contrast');
  await shot('pane-fr-contrast');
});

test('the theme from Teams context wins over the one in the URL', async () => {
  const { url } = await openPane(t, t.client(), { theme: 'default' });
  const frame = await openInHost({ paneUrl: url, theme: 'dark' });
  await waitForTeams();
  await frame.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'dark');
});

test('Cancel closes the dialog without a selection', async () => {
  const { url } = await openPane(t, t.client());
  const frame = await openInHost({ paneUrl: url });
  await waitForTeams();
  await frame.getByRole('combobox').pressSequentially('sal');
  await frame.getByRole('option', { name: /Sales/ }).click();
  await frame.getByRole('button', { name: 'Cancel' }).click();
  await page.waitForFunction(() => (window as any).host.submitted.length === 1);
  const [[result, appIds]] = await submitted();
  expect(result ?? null).toBeNull();
  expect(appIds).toEqual([]);
});

test('an expired or forged token: the page says so and offers only Close', async () => {
  const expired = signPaneToken({}, { at: Date.now() - 20 * 60 * 1000 });
  let frame = await openInHost({ paneUrl: paneUrl(t, expired) });
  await waitForTeams(['initialize']);
  const alert = frame.getByRole('alert');
  expect(await alert.textContent()).toBe(
    'This Assign licenses pane has expired. Nothing was assigned: close it and select Assign licenses again.',
  );
  expect(await frame.getByRole('combobox').count()).toBe(0);
  await shot('pane-expired');
  await frame.getByRole('button', { name: 'Close' }).click();
  await page.waitForFunction(() => (window as any).host.submitted.length === 1);

  const forged = `${signPaneToken().split('.')[0]}.${'A'.repeat(43)}`;
  frame = await openInHost({ paneUrl: paneUrl(t, forged) });
  expect(await frame.getByRole('alert').textContent()).toContain(
    'This Assign licenses pane is not valid for you',
  );
  await shot('pane-forged');
});

test('a token that expires while the pane is open: the next search is refused and the page stops', async () => {
  const shortLived = signPaneToken({}, { ttlMs: 2500 });
  const frame = await openInHost({ paneUrl: paneUrl(t, shortLived) });
  await waitForTeams();
  const box = frame.getByRole('combobox');
  await box.pressSequentially('bob');
  await frame.getByRole('option', { name: /Bob Kelly/ }).click();
  await page.waitForTimeout(2700);
  await box.fill('');
  await box.pressSequentially('sal');
  const alert = frame.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toContain('has expired');
  expect(await box.isDisabled()).toBe(true);
  expect(await frame.getByRole('button', { name: 'Assign' }).isDisabled()).toBe(true);
  await shot('pane-expired-while-open');
});

test('a page that is not Teams (nor the bot) cannot frame the pane', async () => {
  const { url } = await openPane(t, t.client());
  // Same machine, another origin (localhost is not 127.0.0.1): only frame-ancestors stands in the way.
  const intruder = `http://localhost:${t.app.port}/__teams-host__`;
  await page.route(intruder, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: hostPage({ paneUrl: url }) }),
  );
  const requested = page.waitForRequest((request) => request.url().includes('/dialog/assign'));
  await page.goto(intruder);
  await requested;
  // The same host page on the bot's origin hears from teams-js within a second (tests above).
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => (window as any).host.received)).toEqual([]);
  for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
    expect(await frame.locator('#search').count()).toBe(0);
  }
});

async function expectText(frame: Frame, selector: string, text: string) {
  await frame.waitForFunction(
    ([s, want]) => document.querySelector(s)?.textContent?.trim() === want,
    [selector, text] as const,
    { timeout: 5000 },
  );
}
