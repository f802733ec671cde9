/**
 * Deletes the embedded Cosmos data directory so the next start begins fresh (and loads the sample
 * organisation again). `npm run reset`; the directory is EMBEDDED_COSMOS_DIR, default `.data/cosmos`,
 * relative to the repository root.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadEnvFile } from '../config/envFile';
import { lockOwner } from '../storage/journal';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function embeddedDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.EMBEDDED_COSMOS_DIR?.trim() || '.data/cosmos';
  return path.isAbsolute(configured) ? configured : path.join(REPO_ROOT, configured);
}

function describe(dir: string): string {
  let files = 0;
  let bytes = 0;
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        files += 1;
        bytes += fs.statSync(full).size;
      }
    }
  };
  walk(dir);
  return `${files} file${files === 1 ? '' : 's'}, ${(bytes / 1024).toFixed(1)} KiB`;
}

export function reset(dir: string, log: (line: string) => void = console.log): number {
  if (!fs.existsSync(dir)) {
    log(`Nothing to delete: ${dir} does not exist.`);
    return 0;
  }
  if (!fs.statSync(dir).isDirectory()) {
    log(`Not deleting ${dir}: it is not a directory.`);
    return 1;
  }
  const owner = lockOwner(dir);
  if (owner !== undefined) {
    log(`Not deleting ${dir}: the bot (process ${owner}) is using it. Stop it first.`);
    return 1;
  }
  log(`Deleting embedded Cosmos data: ${dir} (${describe(dir)})`);
  fs.rmSync(dir, { recursive: true, force: true });
  log('Done. The next start begins with empty data (and loads the sample organisation again).');
  return 0;
}

if (require.main === module) {
  loadEnvFile();
  process.exitCode = reset(embeddedDataDir());
}
