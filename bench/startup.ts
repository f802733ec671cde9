/**
 * Start-up time: wall clock from spawning the start command until License Desk prints its ready
 * line, then a clean SIGTERM. Either `npm start` (compiled by esbuild into .cache/start, as the
 * README says) or the bot compiled by tsc (`tsc -p tsconfig.build.json` into a temporary directory,
 * `node <build>/bot/index.js`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from './bots';

export interface StartupRun {
  /** From spawn to the ready line, ms. */
  wallMs: number;
  /** The figure the bot printed itself (process uptime), seconds. */
  printed?: number;
}

export async function timeStartup(
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<StartupRun> {
  const start = performance.now();
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    // Its own process group: npm → sh → node all get the SIGTERM.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  try {
    return await new Promise<StartupRun>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ready line after ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /License Desk ready in ([\d.]+)s/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve({ wallMs: performance.now() - start, printed: Number(match[1]) });
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${command} ${args.join(' ')} exited (${code}) before ready:\n${output}`));
      });
    });
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Compiles the bot with the project's build configuration into a temporary directory, with
 * node_modules and data linked from the repository and the bot's non-TypeScript files copied. tsc emits even when it reports type errors
 * (work in progress elsewhere in the tree): the build counts when the entry points were written,
 * and the complaints are returned alongside.
 */
export function buildBot(): { dir: string; complaints?: string } | { error: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'license-desk-build-'));
  const tsc = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
  const result = spawnSync(tsc, ['-p', 'tsconfig.build.json', '--outDir', dir, '--sourceMap', 'false'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  const complaints = `${result.stdout}${result.stderr}`.trim().slice(0, 2000);
  const entries = ['bot/index.js', 'bench/child.js'].map((entry) => path.join(dir, entry));
  if (!entries.every((entry) => existsSync(entry))) return { error: complaints || 'tsc wrote nothing' };
  // tsc copies only what TypeScript imports: the dialog page's files are read from disk at run time.
  cpSync(path.join(REPO_ROOT, 'bot'), path.join(dir, 'bot'), {
    recursive: true,
    filter: (source) => statSync(source).isDirectory() || !source.endsWith('.ts'),
  });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  symlinkSync(path.join(REPO_ROOT, 'data'), path.join(dir, 'data'));
  return { dir, complaints: result.status === 0 ? undefined : complaints };
}
