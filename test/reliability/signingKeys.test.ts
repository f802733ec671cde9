import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHECK_FAILED_BODY } from '../../bot/teams/adapter';
import { LoopbackConnector } from '../harness/loopbackConnector';
import { TeamsTestClient } from '../harness/teamsClient';
import { BotFrameworkAuthority, channelToken, signingKey } from './support/botFrameworkAuthority';
import { startChildBot, type ChildBot } from './support/childBot';

/**
 * Authentication on, and the Bot Framework's OpenID metadata (the signing keys) cannot be fetched:
 * the caller gets a 500 with a body that says nothing of our internals, the operator a structured
 * error naming the request. Nothing of the request runs.
 */

const APP_ID = '3c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f';
const key = signingKey('unreachable-key');
let authority: BotFrameworkAuthority;
let connector: LoopbackConnector;
let bot: ChildBot;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'license-desk-keys-'));
  [authority, connector] = await Promise.all([
    new BotFrameworkAuthority(() => [key.publicJwk]).start(),
    new LoopbackConnector().start(),
  ]);
  const metadataUrl = authority.metadataUrl;
  // The authority goes away: its address now refuses connections.
  await authority.stop();
  bot = await startChildBot({
    dataDir,
    env: {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: `password-${randomBytes(8).toString('hex')}`,
      DIALOG_TOKEN_SECRET: randomBytes(32).toString('hex'),
      PUBLIC_BASE_URL: 'https://licensedesk.contoso.test',
      ALLOW_EMBEDDED_COSMOS: 'true',
      ALLOW_SAMPLE_DATA: 'true',
      HOST: '127.0.0.1',
      BOT_OPENID_METADATA_URL: metadataUrl,
    },
  });
});

afterAll(async () => {
  await bot?.stop();
  await connector?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('signing keys unreachable: a generic 500 to the caller, a structured error in the log', async () => {
  const token = channelToken(APP_ID, connector.url, key);
  const client = new TeamsTestClient(bot.url, connector, { authorization: `Bearer ${token}` });
  const turn = await client.post(client.activity({ type: 'message', text: 'licenses' }), undefined, {
    'x-request-id': 'keys-down-1',
  });
  expect(turn.status).toBe(500);
  expect(turn.body).toBe(CHECK_FAILED_BODY);
  expect(JSON.stringify(turn.body)).not.toMatch(/openid|127\.0\.0\.1|ECONNREFUSED|fetch|Error/i);
  expect(turn.replies).toHaveLength(0);

  await new Promise((resolve) => setTimeout(resolve, 100));
  const error = bot.logs().find((line) => line.level === 50 && line.requestId === 'keys-down-1');
  expect(error).toEqual(
    expect.objectContaining({
      msg: expect.stringContaining('signing keys'),
      status: 500,
      err: expect.objectContaining({ message: expect.any(String) }),
    }),
  );
  expect(bot.logs()).toContainEqual(
    expect.objectContaining({ msg: 'request', requestId: 'keys-down-1', status: 500 }),
  );
});
