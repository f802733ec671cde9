import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, runToExit } from './support/botProcess';

/**
 * `.env` at the package root is loaded by the bot and the CLIs; the environment wins over it. The
 * package is copied to a temporary directory so that its own `.env` is the test's, never a developer's.
 */

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'license-desk-envfile-'));
  for (const folder of ['bot', 'cards', 'scripts']) {
    cpSync(path.join(ROOT, folder), path.join(root, folder), { recursive: true });
  }
  cpSync(path.join(ROOT, 'package.json'), path.join(root, 'package.json'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  writeFileSync(
    path.join(root, '.env'),
    ['# copied from .env.example and edited', 'PORT=70000', `EMBEDDED_COSMOS_DIR=from-env-file`, ''].join(
      '\n',
    ),
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

test('the bot reads a value from .env', async () => {
  const { code, text } = await runToExit({ PORT: undefined }, root);
  expect(code).toBe(2);
  expect(text).toContain('Configuration error: PORT must be a whole number from 0 to 65535 (got "70000")');
});

test('a variable set in the environment wins over .env', async () => {
  const { code, text } = await runToExit({ PORT: '80000' }, root);
  expect(code).toBe(2);
  expect(text).toContain('(got "80000")');
});

test('the CLIs read .env too (npm run reset names the directory from it)', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bot', 'cli', 'reset.ts')], {
    cwd: root,
    // PORT from the environment over the file's invalid one: reset validates the whole configuration.
    env: { ...process.env, EMBEDDED_COSMOS_DIR: undefined, PORT: '0' },
    encoding: 'utf8',
  });
  expect(run.stdout).toContain(`Nothing to delete: ${path.join(root, 'from-env-file')} does not exist.`);
});
