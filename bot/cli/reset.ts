/**
 * `npm run reset -- --yes`: deletes the embedded Cosmos server's store (its snapshot, journal and lock
 * files) so that the next start begins empty and loads the sample organisation again. The directory
 * is the bot's own (EMBEDDED_COSMOS_DIR from the validated configuration, default `.data/cosmos` in
 * the package root).
 *
 * Because that directory is a setting, and a setting can be wrong, it deletes the store's files and
 * nothing else: it refuses a directory that holds anything else (naming what), the package root and
 * every folder above it, `/` and the home directory, and a store a running bot holds. Without `--yes`
 * it only says what it would delete.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, REPO_ROOT } from '../config/config';
import { loadEnvFile } from '../config/envFile';
import { lockOwner, STORE_FILES } from '../storage/embedded/journal';

export type ResetPlan =
  | { action: 'nothing'; reason: string }
  | { action: 'refuse'; reason: string }
  | { action: 'delete'; dir: string; files: string[] };

const realpath = (dir: string): string => fs.realpathSync.native(dir);
/** The home directory may not exist (HOME=/nonexistent for service accounts): then nothing is in it. */
const realpathIfExists = (dir: string): string => (fs.existsSync(dir) ? realpath(dir) : path.resolve(dir));

/** True when `dir` is `inner` or one of its ancestors. */
function contains(dir: string, inner: string): boolean {
  const relative = path.relative(dir, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function protectedReason(dir: string): string | undefined {
  if (path.parse(dir).root === dir) return 'it is the root of the file system';
  if (dir === realpathIfExists(os.homedir())) return 'it is the home directory';
  if (contains(dir, realpath(REPO_ROOT))) return `it holds License Desk itself (${REPO_ROOT})`;
  return undefined;
}

function listed(names: string[]): string {
  const shown = names.slice(0, 10).join(', ');
  return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
}

/** Decides what a reset of `configuredDir` would do, without changing anything. */
export function planReset(configuredDir: string): ResetPlan {
  if (!fs.existsSync(configuredDir)) {
    return { action: 'nothing', reason: `${configuredDir} does not exist` };
  }
  if (!fs.statSync(configuredDir).isDirectory()) {
    return { action: 'refuse', reason: `${configuredDir} is not a directory` };
  }
  const dir = realpath(configuredDir);
  const guarded = protectedReason(dir);
  if (guarded) return { action: 'refuse', reason: `${configuredDir}: ${guarded}` };
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const others = entries
    .filter((entry) => !entry.isFile() || !STORE_FILES.includes(entry.name))
    .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name));
  if (others.length > 0) {
    return {
      action: 'refuse',
      reason:
        `${configuredDir} holds more than the embedded Cosmos store: ${listed(others)}. ` +
        'Is EMBEDDED_COSMOS_DIR right?',
    };
  }
  const owner = lockOwner(dir);
  if (owner !== undefined) {
    return {
      action: 'refuse',
      reason: `the bot (process ${owner}) is using ${configuredDir}. Stop it first`,
    };
  }
  const files = entries.map((entry) => entry.name).sort();
  if (files.length === 0) return { action: 'nothing', reason: `${configuredDir} is empty` };
  return { action: 'delete', dir, files };
}

function size(dir: string, files: string[]): string {
  const bytes = files.reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Carries out a plan when `yes`; returns the process exit code. */
export function reset(
  configuredDir: string,
  yes: boolean,
  log: (line: string) => void = console.log,
): number {
  const plan = planReset(configuredDir);
  if (plan.action === 'nothing') {
    log(`Nothing to delete: ${plan.reason}.`);
    return 0;
  }
  if (plan.action === 'refuse') {
    log(`Not deleting anything: ${plan.reason}.`);
    return 1;
  }
  const what = `the embedded Cosmos store in ${plan.dir}: ${plan.files.join(', ')} (${size(plan.dir, plan.files)})`;
  if (!yes) {
    log(`This would delete ${what}.`);
    log('Run `npm run reset -- --yes` to delete them.');
    return 1;
  }
  log(`Deleting ${what}`);
  for (const name of plan.files) fs.rmSync(path.join(plan.dir, name), { force: true });
  try {
    fs.rmdirSync(plan.dir);
  } catch {
    // Something appeared in it meanwhile, or it is a mount point: the directory stays, empty of the store.
  }
  log('Done. The next start begins with empty data (and loads the sample organisation again).');
  return 0;
}

export function main(argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  const unknown = argv.filter((arg) => arg !== '--yes');
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown[0]}; usage: npm run reset [-- --yes]`);
    return 2;
  }
  let cosmos;
  try {
    cosmos = loadConfig(env).cosmos;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 2;
  }
  if (cosmos.mode !== 'embedded') {
    console.error(
      'Not deleting anything: COSMOS_ENDPOINT is set, so the data is in that Cosmos DB account; ' +
        'reset only deletes the embedded server store.',
    );
    return 1;
  }
  return reset(cosmos.dataDir, argv.includes('--yes'));
}

if (require.main === module) {
  loadEnvFile();
  process.exitCode = main(process.argv.slice(2));
}
