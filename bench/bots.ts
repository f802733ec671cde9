/** Starts a bot of the benchmark in its own process (bench/child.ts) and talks to it over IPC. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RequestCounts } from '../bot/storage/documentStore';
import type { CosmosTraffic } from '../bot/storage/embedded/embeddedCosmosServer';
import type { FloorScript } from './floorBot';
import type { StoreCall } from './storeRecorder';
import type { BotKind, ProcessUsage, Ready, Reply, Request, UnassignItem } from './protocol';

export const REPO_ROOT = path.resolve(__dirname, '..');

type Pending = { resolve: (reply: Reply) => void; reject: (error: Error) => void };
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class BotProcess {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private exited?: string;

  private constructor(
    readonly kind: BotKind,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (message: Reply) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      waiting.resolve(message);
    });
    child.on('exit', (code, signal) => {
      this.exited = `exited (${signal ?? code})`;
      for (const waiting of this.pending.values()) waiting.reject(new Error(`${kind} bot ${this.exited}`));
      this.pending.clear();
    });
  }

  /**
   * Spawns `node <buildDir>/bench/child.js <kind>` (the compiled bot), or without a build
   * `node --import tsx bench/child.ts <kind>`, with `env` added to this process's environment, and
   * resolves when the bot listens. `nodeArgs` go before the script (--cpu-prof).
   */
  static async start(
    kind: BotKind,
    env: Record<string, string>,
    options: { nodeArgs?: string[]; buildDir?: string } = {},
  ): Promise<BotProcess> {
    const script = options.buildDir
      ? [path.join(options.buildDir, 'bench', 'child.js')]
      : ['--import', 'tsx', path.join(REPO_ROOT, 'bench', 'child.ts')];
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...script, kind], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${kind} bot exited (${code}) before ready`));
      child.once('exit', onExit);
      child.once('message', (message: Ready) => {
        child.off('exit', onExit);
        if (message.type === 'ready') resolve(message.url);
        else reject(new Error(`${kind} bot said ${JSON.stringify(message)} before ready`));
      });
    });
    return new BotProcess(kind, url, child);
  }

  private async request(body: WithoutId<Request>): Promise<Reply & { ok: true }> {
    if (this.exited) throw new Error(`${this.kind} bot ${this.exited}`);
    const id = this.nextId++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...body, id } as Request);
    });
    if (!reply.ok) throw new Error(`${this.kind} bot: ${reply.error}`);
    return reply;
  }

  async usage(): Promise<ProcessUsage> {
    return (await this.request({ type: 'usage' })).usage!;
  }

  /**
   * Cosmos requests of the bot's DocumentStore since the last reset, and what its embedded server has
   * received and sent since it started (both undefined for echo).
   */
  async counts(): Promise<{ counts?: RequestCounts; traffic?: CosmosTraffic }> {
    const { counts, traffic } = await this.request({ type: 'counts' });
    return { counts, traffic };
  }

  /** License Desk's store calls since the last reset of the counts. */
  async calls(): Promise<StoreCall[]> {
    return (await this.request({ type: 'calls' })).calls ?? [];
  }

  /** Tells the storage floor what to do for a command. */
  async script(script: FloorScript): Promise<void> {
    await this.request({ type: 'script', script });
  }

  async resetCounts(): Promise<void> {
    await this.request({ type: 'resetCounts' });
  }

  async unassign(actor: { tenantId: string; userId: string; name: string }, items: UnassignItem[]) {
    await this.request({ type: 'unassign', actor, items });
  }

  /** kill -9: the process dies mid-work, nothing flushed (the notice fan-out resumes after it). */
  async kill(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** Stops the server and waits for the process to exit. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.request({ type: 'stop' }).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
