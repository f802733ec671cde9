import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * Starts the bot as `npm start` does (scripts/start.js: compiled into .cache/start, rebuilt when a
 * source changed), from `root` (default: this repository). A variable given as undefined is removed
 * from the inherited environment.
 */
export function startBot(env: Record<string, string | undefined>, root: string = ROOT): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function output(child: ChildProcess): {
  text: () => string;
  until: (pattern: RegExp) => Promise<RegExpMatchArray>;
} {
  let text = '';
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    waiters.forEach((w) => w());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return {
    text: () => text,
    until: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) resolve(match);
        };
        waiters.push(check);
        child.once('exit', (code) => reject(new Error(`exited with ${code} before ${pattern}: ${text}`)));
        check();
      }),
  };
}

export const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

/** Runs the bot until it exits by itself; returns its exit code and everything it printed. */
export async function runToExit(
  env: Record<string, string | undefined>,
  root?: string,
): Promise<{ code: number | null; text: string }> {
  const child = startBot(env, root);
  const out = output(child);
  try {
    const code = await exitOf(child);
    return { code, text: out.text() };
  } finally {
    child.kill('SIGKILL');
  }
}
