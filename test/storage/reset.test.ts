/**
 * `npm run reset` runs as a child process from a copy of the package in a temp directory (so that the
 * package root it protects is that copy, and a wrong refusal could never reach this repository),
 * with a temp home directory.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { planReset } from '../../bot/cli/reset';
import { startEmbeddedCosmos } from '../../bot/storage/embedded/embeddedCosmosServer';
import { LOCK_FILE } from '../../bot/storage/embedded/journal';

const REPO = path.resolve(__dirname, '..', '..');
const TSX = path.join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs');

let root: string;
let pkg: string;
let home: string;

interface Run {
  code: number;
  out: string;
}

async function runReset(env: Record<string, string>, args: string[] = []): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [TSX, path.join(pkg, 'bot', 'cli', 'reset.ts'), ...args],
      { cwd: os.tmpdir(), env: { PATH: process.env.PATH!, HOME: home, ...env } },
    );
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

/** Every file under `dir`, relative, sorted: what "left intact" is compared with. */
function tree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
}

/** A real store: the embedded server writes its snapshot and journal, then stops. */
async function makeStore(dir: string): Promise<string[]> {
  const cosmos = await startEmbeddedCosmos({ dataDir: dir });
  await cosmos.stop();
  return tree(dir);
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'license-desk-reset-'));
  pkg = path.join(root, 'pkg');
  home = path.join(root, 'home');
  fs.cpSync(path.join(REPO, 'bot'), path.join(pkg, 'bot'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(pkg, 'package.json'));
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(pkg, 'node_modules'));
  fs.mkdirSync(path.join(pkg, '.git'));
  fs.writeFileSync(path.join(pkg, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  fs.mkdirSync(path.join(pkg, 'data', 'sample'), { recursive: true });
  fs.writeFileSync(path.join(pkg, 'data', 'sample', 'catalog.json'), '{}\n');
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(home, '.profile'), '# mine\n');
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('npm run reset', () => {
  it('deletes the store files with --yes, in the default .data/cosmos of the package root', async () => {
    const dir = path.join(pkg, '.data', 'cosmos');
    expect(await makeStore(dir)).toEqual(expect.arrayContaining(['journal.jsonl', 'snapshot.jsonl']));
    const run = await runReset({}, ['--yes']);
    expect(run).toMatchObject({ code: 0 });
    expect(run.out).toContain(`Deleting the embedded Cosmos store in ${fs.realpathSync(pkg)}/.data/cosmos`);
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.existsSync(path.join(pkg, '.git', 'HEAD'))).toBe(true);
    expect(await runReset({}, ['--yes'])).toMatchObject({
      code: 0,
      out: expect.stringMatching(/Nothing to delete/),
    });
  });

  it('without --yes says what it would delete, deletes nothing and exits non-zero (HOME missing too)', async () => {
    const dir = path.join(root, 'store-no-yes');
    const before = await makeStore(dir);
    const run = await runReset({ EMBEDDED_COSMOS_DIR: dir, HOME: path.join(root, 'no-such-home') });
    expect(run.code).toBe(1);
    expect(run.out).toMatch(
      /This would delete the embedded Cosmos store in .*journal\.jsonl.*snapshot\.jsonl/,
    );
    expect(run.out).toContain('npm run reset -- --yes');
    expect(tree(dir)).toEqual(before);
  });

  it('refuses a directory that holds anything besides the store, naming it, and leaves it intact', async () => {
    const dir = path.join(root, 'store-and-more');
    await makeStore(dir);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me\n');
    fs.mkdirSync(path.join(dir, 'backup'));
    const before = tree(dir);
    const run = await runReset({ EMBEDDED_COSMOS_DIR: dir }, ['--yes']);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/holds more than the embedded Cosmos store: backup\/, notes\.txt/);
    expect(tree(dir)).toEqual(before);
  });

  it('refuses the package root (EMBEDDED_COSMOS_DIR=.), a folder above it, and data/ with the sample in it', async () => {
    const before = tree(pkg).filter((f) => !f.startsWith('node_modules'));
    const [dot, parent, data] = await Promise.all([
      runReset({ EMBEDDED_COSMOS_DIR: '.' }, ['--yes']),
      runReset({ EMBEDDED_COSMOS_DIR: '..' }, ['--yes']),
      runReset({ EMBEDDED_COSMOS_DIR: 'data' }, ['--yes']),
    ]);
    expect(dot).toMatchObject({ code: 1, out: expect.stringMatching(/it holds License Desk itself/) });
    expect(parent).toMatchObject({ code: 1, out: expect.stringMatching(/it holds License Desk itself/) });
    expect(data).toMatchObject({
      code: 1,
      out: expect.stringMatching(/data holds more than the embedded Cosmos store: sample\//),
    });
    expect(tree(pkg).filter((f) => !f.startsWith('node_modules'))).toEqual(before);
  });

  it('refuses the home directory and leaves it intact', async () => {
    const run = await runReset({ EMBEDDED_COSMOS_DIR: home }, ['--yes']);
    expect(run).toMatchObject({ code: 1, out: expect.stringMatching(/it is the home directory/) });
    expect(tree(home)).toEqual(['.profile']);
  });

  it('refuses / (decided before anything is touched)', () => {
    expect(planReset('/')).toEqual({ action: 'refuse', reason: '/: it is the root of the file system' });
  });

  it('refuses a store a running bot holds', async () => {
    const dir = path.join(root, 'store-in-use');
    const cosmos = await startEmbeddedCosmos({ dataDir: dir });
    try {
      const run = await runReset({ EMBEDDED_COSMOS_DIR: dir }, ['--yes']);
      expect(run).toMatchObject({
        code: 1,
        out: expect.stringContaining(`(process ${process.pid}) is using`),
      });
      expect(tree(dir)).toContain(LOCK_FILE);
    } finally {
      await cosmos.stop();
    }
  });

  it('refuses when the data is in Azure Cosmos DB, and an unknown argument', async () => {
    const azure = await runReset({ COSMOS_ENDPOINT: 'https://contoso.documents.azure.com' }, ['--yes']);
    expect(azure).toMatchObject({ code: 1, out: expect.stringMatching(/COSMOS_ENDPOINT is set/) });
    expect(await runReset({}, ['--force'])).toMatchObject({
      code: 2,
      out: expect.stringMatching(/unknown argument --force/),
    });
  });
});
