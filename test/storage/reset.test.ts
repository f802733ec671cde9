import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { embeddedDataDir, reset } from '../../bot/cli/reset';
import { startEmbeddedCosmos } from '../../bot/storage/embeddedCosmos';

describe('npm run reset', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-reset-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('resolves EMBEDDED_COSMOS_DIR against the repository root, default .data/cosmos', () => {
    const repo = path.resolve(__dirname, '..', '..');
    expect(embeddedDataDir({})).toBe(path.join(repo, '.data', 'cosmos'));
    expect(embeddedDataDir({ EMBEDDED_COSMOS_DIR: 'tmp/db' })).toBe(path.join(repo, 'tmp', 'db'));
    expect(embeddedDataDir({ EMBEDDED_COSMOS_DIR: root })).toBe(root);
  });

  it('says what it deletes, deletes it, and leaves a running server alone', async () => {
    const dir = path.join(root, 'cosmos');
    const lines: string[] = [];
    const cosmos = await startEmbeddedCosmos({ dataDir: dir });
    expect(reset(dir, (l) => lines.push(l))).toBe(1);
    expect(fs.existsSync(dir)).toBe(true);
    await cosmos.stop();

    expect(reset(dir, (l) => lines.push(l))).toBe(0);
    expect(fs.existsSync(dir)).toBe(false);
    expect(lines[0]).toMatch(/Not deleting .*in use|is using it/);
    expect(lines[1]).toContain(`Deleting embedded Cosmos data: ${dir}`);
    expect(reset(dir, (l) => lines.push(l))).toBe(0);
    expect(lines.at(-1)).toMatch(/Nothing to delete/);
  });
});
