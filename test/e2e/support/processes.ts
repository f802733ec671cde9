import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

const REAPER = path.join(__dirname, 'reaper.js');

/** Every process started by this test file and not stopped yet: the exit hook's last resort. */
const running = new Set<GuardedProcess>();
process.once('exit', () => {
  for (const guarded of running) guarded.killNow();
});

export interface StartOptions {
  /** A name for messages and artifacts: "bot", "playground". */
  name: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * A command run under reaper.js: in a process group of its own that dies with this test process,
 * even when the test crashes or the jest worker is killed. Output is kept for readiness checks and
 * for the artifacts of a failed run.
 */
export class GuardedProcess {
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private text = '';
  private group: number | undefined;
  private readonly listeners = new Set<() => void>();
  readonly exited: Promise<number | null>;

  constructor(
    command: string,
    args: string[],
    readonly options: StartOptions,
  ) {
    this.child = spawn(process.execPath, [REAPER, command, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    running.add(this);
    const collect = (chunk: Buffer) => {
      this.text += chunk.toString();
      const match = /\[reaper\] process group (\d+)/.exec(this.text);
      if (match) this.group = Number(match[1]);
      for (const listener of this.listeners) listener();
    };
    this.child.stdout.on('data', collect);
    this.child.stderr.on('data', collect);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code) => {
        running.delete(this);
        for (const listener of this.listeners) listener();
        resolve(code);
      });
    });
  }

  /** Everything the process printed so far (stdout and stderr, interleaved). */
  get output(): string {
    return this.text;
  }

  /** The id of the command's process group, once the reaper has said it. */
  get processGroup(): number | undefined {
    return this.group;
  }

  get hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Resolves with the first match of `pattern` in the output; rejects on exit or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.text);
        if (match) return finish(() => resolve(match));
        if (this.hasExited) {
          return finish(() =>
            reject(new Error(`${this.options.name} exited before printing ${pattern}:\n${this.tail()}`)),
          );
        }
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new Error(`${this.options.name}: no ${pattern} after ${timeoutMs} ms:\n${this.tail()}`)),
          ),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        settle();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** The last lines of output, for error messages. */
  tail(lines = 30): string {
    return this.text.trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Stops the whole process group (SIGTERM, then SIGKILL) and waits until it is gone. */
  async stop(timeoutMs = 15000): Promise<void> {
    if (!this.hasExited) this.child.stdin.end();
    const timer = setTimeout(() => this.killNow(), timeoutMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Synchronous last resort: SIGKILL to the command's group and to the reaper. Only while the reaper
   * runs: once it has exited it has killed the group itself, and the id may belong to someone else.
   */
  killNow(): void {
    if (this.hasExited) return;
    signalGroup(this.group, 'SIGKILL');
    this.child.kill('SIGKILL');
  }
}

function signalGroup(group: number | undefined, signal: NodeJS.Signals): void {
  if (!group) return;
  try {
    process.kill(-group, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}

/** Whether any process of the group is still alive. */
export function groupIsAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}
