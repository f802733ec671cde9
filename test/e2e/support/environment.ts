import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocaleProxy, type LocaleProxy } from './localeProxy';
import { withCurrentUser } from './playgroundConfig';
import { GuardedProcess } from './processes';

export const REPO_ROOT = path.join(__dirname, '..', '..', '..');
export const ARTIFACTS_ROOT = path.join(REPO_ROOT, 'test-artifacts', 'e2e');

/** The sample organisation as the repo's .m365agentsplayground.yml plays it. */
export const TENANT_ID = '6babcaad-604b-40ac-a9d7-9fd97c0b779f';
export const BOT_ID = '28:7c1d9e2a-4b3f-4a5e-9d6c-1f2e3a4b5c6d';
export const BOT_NAME = 'License Desk';
export const ADELE = { id: 'a0c00001-0000-4000-8000-000000000001', name: 'Adele Vance' }; // License admin
export const BOB = { id: 'a0c00004-0000-4000-8000-000000000004', name: 'Bob Kelly' }; // no admin role
export const PERSONAL_CHAT = 'a:license-desk-personal-chat-adele';
export const GROUP_CHAT = '19:license-desk-group-chat@thread.v2';
export const GROUP_CHAT_NAME = 'License admins';
export const CHANNEL = '19:license-desk-licensing-channel@thread.tacv2';
export const CHANNEL_NAME = 'Licensing';

const BOT_READY_MS = 90_000;
const PLAYGROUND_READY_MS = 60_000;

export interface EnvironmentOptions {
  /** Names the artifacts folder: test-artifacts/e2e/<name>/. */
  name: string;
  /** The playground's current user (an aadObjectId of the repo's playground config); Adele by default. */
  currentUserId?: string;
  /** The locale the client sends (through a locale proxy, see localeProxy.ts); en-US by default. */
  locale?: string;
  /** Extra environment variables of the bot process (e.g. TYPING_DELAY_MS). */
  botEnv?: Record<string, string>;
}

export interface Environment {
  /** http://127.0.0.1:<port> of the bot. */
  botUrl: string;
  /** http://127.0.0.1:<port> of the playground (web client and its HTTP/WebSocket API). */
  playgroundUrl: string;
  artifacts: string;
  bot: GuardedProcess;
  playground: GuardedProcess;
  proxy?: LocaleProxy;
  /** The playground's resolved configuration (GET /_internal/v1/testConfig). */
  testConfig: any;
  stop(): Promise<void>;
}

/**
 * License Desk started as `npm start` starts it (node scripts/start.js, embedded Cosmos in a fresh
 * temporary directory, sample organisation) and the Microsoft 365 Agents Playground against it,
 * offline, both on free ports. stop() leaves no process, port or temporary directory behind; the
 * processes' output is written to the artifacts folder.
 */
export async function startEnvironment(options: EnvironmentOptions): Promise<Environment> {
  const artifacts = path.join(ARTIFACTS_ROOT, options.name);
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `license-desk-e2e-${options.name}-`));
  const started: { bot?: GuardedProcess; playground?: GuardedProcess; proxy?: LocaleProxy } = {};

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await Promise.all([started.playground?.stop(), started.bot?.stop(), started.proxy?.stop()]);
      if (started.bot) fs.writeFileSync(path.join(artifacts, 'bot.log'), started.bot.output);
      if (started.playground)
        fs.writeFileSync(path.join(artifacts, 'playground.log'), started.playground.output);
      fs.rmSync(tmp, { recursive: true, force: true });
    })());

  try {
    const bot = new GuardedProcess(process.execPath, ['scripts/start.js'], {
      name: 'bot',
      cwd: REPO_ROOT,
      env: {
        ...cleanEnv(),
        PORT: '0',
        EMBEDDED_COSMOS_DIR: path.join(tmp, 'cosmos'),
        LOG_LEVEL: 'warn',
        ...options.botEnv,
      },
    });
    started.bot = bot;
    const ready = await bot.waitForOutput(
      /License Desk ready in \S+ at (http:\/\/127\.0\.0\.1:\d+)\/api\/messages/,
      BOT_READY_MS,
    );
    const botUrl = ready[1];
    let endpoint = `${botUrl}/api/messages`;
    if (options.locale) {
      started.proxy = await startLocaleProxy(endpoint, options.locale);
      endpoint = started.proxy.endpoint;
    }

    const playgroundDir = path.join(tmp, 'playground');
    fs.mkdirSync(playgroundDir);
    let yml = fs.readFileSync(path.join(REPO_ROOT, '.m365agentsplayground.yml'), 'utf8');
    if (options.currentUserId) yml = withCurrentUser(yml, options.currentUserId);
    const configPath = path.join(playgroundDir, '.m365agentsplayground.yml');
    fs.writeFileSync(configPath, yml);
    const playgroundCli = require.resolve('@microsoft/m365agentsplayground/cli.js', { paths: [REPO_ROOT] });
    // Port 0: the system picks a free port and the playground prints it ("Listening on <port>").
    const playground = new GuardedProcess(
      process.execPath,
      [playgroundCli, '-e', endpoint, '-c', 'msteams', '-p', '0', '--disable-telemetry'],
      {
        name: 'playground',
        cwd: playgroundDir,
        env: {
          ...cleanEnv(),
          TEAMSAPPTESTER_BROWSER: 'none',
          APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
          M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
          M365_AGENTS_PLAYGROUND_LOGFILE: path.join(playgroundDir, 'playground.log'),
        },
      },
    );
    started.playground = playground;
    const listening = await playground.waitForOutput(/Listening on (\d+)/, PLAYGROUND_READY_MS);
    const playgroundUrl = `http://127.0.0.1:${listening[1]}`;
    await waitForPing(playgroundUrl, playground, PLAYGROUND_READY_MS);
    const testConfig: any = await (await fetch(`${playgroundUrl}/_internal/v1/testConfig`)).json();
    const expectedUser = options.currentUserId ?? ADELE.id;
    if (testConfig?.config?.currentUser?.aadObjectId !== expectedUser) {
      throw new Error(
        `the playground plays ${JSON.stringify(testConfig?.config?.currentUser)}, not ${expectedUser}`,
      );
    }
    return { botUrl, playgroundUrl, artifacts, bot, playground, proxy: started.proxy, testConfig, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The environment without variables that would change what the bot or the playground does. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (
      /^(Microsoft|COSMOS_|EMBEDDED_COSMOS_|GRAPH_|DIRECTORY_|SAMPLE_|BOT_|TEAMSAPPTESTER_|M365_AGENTS_)/.test(
        name,
      ) ||
      ['PORT', 'HOST', 'PUBLIC_BASE_URL', 'LOG_LEVEL', 'TYPING_DELAY_MS', 'NODE_OPTIONS'].includes(name)
    ) {
      delete env[name];
    }
  }
  return env;
}

async function waitForPing(url: string, playground: GuardedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/_debug/ping`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (playground.hasExited) throw new Error(`the playground exited:\n${playground.tail()}`);
    if (Date.now() > deadline)
      throw new Error(`the playground does not answer /_debug/ping:\n${playground.tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
