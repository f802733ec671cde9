/**
 * Rotating DIALOG_TOKEN_SECRET without breaking panes already open: during the rotation the bot
 * signs with the new secret and accepts tokens of either, over real HTTP.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../bot/config/config';
import { PaneTokens } from '../../bot/assignPane/paneToken';
import { startTestApp, type TestApp } from '../harness/testApp';
import { openPane, OTHER_SECRET, paneUrl, signPaneToken } from './paneFixtures';

const OLD_SECRET = randomBytes(32).toString('hex');
const NEW_SECRET = randomBytes(32).toString('hex');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    env: { DIALOG_TOKEN_SECRET: NEW_SECRET, DIALOG_TOKEN_SECRET_PREVIOUS: OLD_SECRET },
  });
});
afterAll(async () => {
  await t.stop();
});

const search = (token: string) =>
  fetch(`${t.app.url}/api/dialog/principals?q=sales`, { headers: { authorization: `Bearer ${token}` } });

test('a pane signed with the previous secret or the new one is served; any other is refused', async () => {
  for (const secret of [OLD_SECRET, NEW_SECRET]) {
    const token = signPaneToken({}, { secret });
    expect((await fetch(paneUrl(t, token))).status).toBe(200);
    expect((await search(token)).status).toBe(200);
  }
  const forged = signPaneToken({}, { secret: OTHER_SECRET });
  expect((await fetch(paneUrl(t, forged))).status).toBe(401);
  expect((await search(forged)).status).toBe(401);
});

test('new panes are signed with the new secret only', async () => {
  const { token } = await openPane(t, t.client());
  expect(new PaneTokens(NEW_SECRET).verify(token).ok).toBe(true);
  expect(new PaneTokens(OLD_SECRET).verify(token).ok).toBe(false);
});

test('DIALOG_TOKEN_SECRET_PREVIOUS is read and checked like the secret itself', () => {
  expect(loadConfig({ DIALOG_TOKEN_SECRET_PREVIOUS: OLD_SECRET }).dialogTokenSecretPrevious).toBe(OLD_SECRET);
  expect(loadConfig({}).dialogTokenSecretPrevious).toBeUndefined();
  expect(() => loadConfig({ DIALOG_TOKEN_SECRET_PREVIOUS: 'short' })).toThrow(ConfigError);
  expect(() => loadConfig({ DIALOG_TOKEN_SECRET_PREVIOUS: 'short' })).toThrow(
    'DIALOG_TOKEN_SECRET_PREVIOUS must be at least 32 characters when set',
  );
});
