import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exitOf, output, ROOT, startBot } from './support/botProcess';

/**
 * `npm start` (scripts/start.js) runs the sources compiled into .cache/start/<fingerprint>/: built
 * by `npm install` (the `prepare` script), reused while no source changes, built again by the start
 * as soon as one does. On a copy of the package, so that the builds looked at are the test's own.
 */

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'license-desk-start-script-'));
  for (const item of ['bot', 'cards', 'scripts', 'data', 'package.json']) {
    cpSync(path.join(ROOT, item), path.join(root, item), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const builds = () => readdirSync(path.join(root, '.cache', 'start')).sort();

async function startUntilReady(): Promise<string> {
  const child = startBot({ PORT: '0', EMBEDDED_COSMOS_PORT: '0', EMBEDDED_COSMOS_DIR: 'store' }, root);
  const out = output(child);
  try {
    await out.until(/License Desk ready in/);
    return out.text();
  } finally {
    child.kill('SIGTERM');
    await exitOf(child);
  }
}

test('npm install builds, the start reuses that build, and a changed source is built again', async () => {
  const prepare = spawnSync('npm', ['run', '--silent', 'prepare'], { cwd: root, encoding: 'utf8' });
  expect(prepare.status).toBe(0);
  expect(builds()).toEqual([expect.stringMatching(/^[0-9a-f]{16}$/)]);
  const [first] = builds();
  const builtAt = statSync(path.join(root, '.cache', 'start', first)).mtimeMs;

  await startUntilReady();
  expect(builds()).toEqual([first]);
  expect(statSync(path.join(root, '.cache', 'start', first)).mtimeMs).toBe(builtAt);

  appendFileSync(path.join(root, 'bot', 'index.ts'), "\nconsole.error('edited since the last build');\n");
  const text = await startUntilReady();
  expect(text).toContain('edited since the last build');
  expect(builds()).toHaveLength(2);
  expect(builds()).toContain(first);
}, 60_000);
