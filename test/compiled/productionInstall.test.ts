/**
 * The compiled build as a production install runs it: `npm run build`, then a folder holding what a
 * deployment holds (package.json, dist/, data/, appPackage/, scripts/) with only the runtime
 * `dependencies` in node_modules (as `npm ci --omit=dev` leaves them: no tsx), run from another
 * working directory. The bot starts with `node dist/bot/index.js` on the embedded default, answers
 * /healthz and `help`; `npm run catalog`, `npm run package` and `npm run reset` run compiled.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { LoopbackConnector } from '../harness/loopbackConnector';
import { TeamsTestClient, textsOf } from '../harness/teamsClient';
import { freePort } from '../reliability/support/childBot';

const REPO = path.resolve(__dirname, '..', '..');
const APP_ID = '3f2a9c1e-5b7d-4e8f-9a01-23456789abcd';

let root: string;
let install: string;
let elsewhere: string;
let bot: ChildProcess | undefined;
let output = '';
let connector: LoopbackConnector | undefined;

interface Run {
  code: number;
  out: string;
}

async function run(
  file: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, {
      cwd,
      env: { PATH: process.env.PATH!, HOME: root, ...env },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: `${failed.stdout}${failed.stderr}` };
  }
}

const npmRun = (script: string, args: string[], env: Record<string, string> = {}) =>
  run('npm', ['run', '--silent', script, '--', ...args], install, env);

/** A deployment's files, with node_modules holding only the runtime dependencies of package.json. */
function makeInstall(): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const item of ['package.json', 'dist', 'data', 'scripts/launch.js']) {
    fs.cpSync(path.join(REPO, item), path.join(install, item), { recursive: true });
  }
  for (const file of ['manifest.json', 'fr.json', 'color.png', 'outline.png']) {
    fs.cpSync(path.join(REPO, 'appPackage', file), path.join(install, 'appPackage', file));
  }
  for (const name of Object.keys(pkg.dependencies)) {
    const link = path.join(install, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(REPO, 'node_modules', name), link);
  }
}

async function untilReady(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (bot?.exitCode !== null) throw new Error(`the compiled bot exited:\n${output}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the compiled bot did not become ready:\n${output}`);
}

beforeAll(async () => {
  const build = await run('npm', ['run', 'build'], REPO);
  if (build.code !== 0) throw new Error(`npm run build failed:\n${build.out}`);
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'license-desk-dist-')));
  install = path.join(root, 'app');
  elsewhere = path.join(root, 'elsewhere');
  fs.mkdirSync(elsewhere);
  makeInstall();
}, 120_000);

afterAll(async () => {
  await connector?.stop();
  if (bot && bot.exitCode === null) {
    bot.kill('SIGKILL');
    await new Promise((resolve) => bot!.once('exit', resolve));
  }
  fs.rmSync(root, { recursive: true, force: true });
});

test('the compiled bot starts, answers /healthz and help; the compiled catalog, package and reset tools run', async () => {
  expect(fs.existsSync(path.join(install, 'node_modules', 'tsx'))).toBe(false);
  const [port, cosmosPort] = [await freePort(), await freePort()];
  bot = spawn(process.execPath, [path.join(install, 'dist', 'bot', 'index.js')], {
    cwd: elsewhere,
    env: {
      PATH: process.env.PATH!,
      HOME: root,
      PORT: String(port),
      EMBEDDED_COSMOS_PORT: String(cosmosPort),
      CATALOG_CACHE_SECONDS: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  bot.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await untilReady(url);

  // The store and the sample come from the package root, not from dist/ nor the working directory.
  const dataDir = path.join(install, '.data', 'cosmos');
  expect(fs.readdirSync(dataDir)).toEqual(expect.arrayContaining(['journal.jsonl', 'snapshot.jsonl']));
  expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });

  connector = await new LoopbackConnector().start();
  const client = new TeamsTestClient(url, connector);
  const help = await client.send('help');
  expect(help.status).toBe(200);
  expect(textsOf(help.card!).join('\n')).toMatch(/assign/i);

  const catalog = JSON.parse(fs.readFileSync(path.join(install, 'data', 'sample', 'catalog.json'), 'utf8'));
  catalog.apps.push({ ...catalog.apps[0], appId: 'tailspin-surveys', name: 'Tailspin Surveys' });
  const catalogFile = path.join(root, 'catalog.json');
  fs.writeFileSync(catalogFile, JSON.stringify(catalog));
  const loaded = await npmRun('catalog', [catalogFile], {
    COSMOS_ENDPOINT: `http://127.0.0.1:${cosmosPort}`,
    COSMOS_KEY: 'embedded',
  });
  expect(loaded).toMatchObject({ code: 0, out: expect.stringContaining('added tailspin-surveys') });
  const list = await client.send('licenses');
  expect(textsOf(list.card!).join('\n')).toContain('Tailspin Surveys');

  const packaged = await npmRun('package', [], { MicrosoftAppId: APP_ID, BOT_DOMAIN: 'desk.contoso.com' });
  expect(packaged).toMatchObject({
    code: 0,
    out: expect.stringContaining('Wrote appPackage/build/appPackage.zip'),
  });
  const zip = unzipSync(fs.readFileSync(path.join(install, 'appPackage', 'build', 'appPackage.zip')));
  expect(Object.keys(zip).sort()).toEqual(['color.png', 'fr.json', 'manifest.json', 'outline.png']);
  const manifest = JSON.parse(Buffer.from(zip['manifest.json']).toString('utf8'));
  const { version } = JSON.parse(fs.readFileSync(path.join(install, 'package.json'), 'utf8'));
  expect(manifest).toMatchObject({ version, developer: { privacyUrl: 'https://desk.contoso.com/privacy' } });
  expect((await fetch(`${url}/privacy`)).status).toBe(200);

  bot.kill('SIGTERM');
  await new Promise((resolve) => bot!.once('exit', resolve));
  const reset = await npmRun('reset', ['--yes']);
  expect(reset).toMatchObject({
    code: 0,
    out: expect.stringContaining(`Deleting the embedded Cosmos store in ${dataDir}`),
  });
  expect(fs.existsSync(dataDir)).toBe(false);
}, 60_000);
