import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { openContainer } from '../../../bot/storage/cosmosConnection';
import { DocumentStore } from '../../../bot/storage/documentStore';
import { EMBEDDED_COSMOS_KEY } from '../../../bot/storage/embedded/embeddedCosmosServer';
import { LicenseLedger } from '../../../bot/licensing/ledger';
import { createDirectory } from '../../../bot/directory';

/**
 * License Desk as the real process `npm start` runs (scripts/start.js: the bot compiled, in that
 * same process, so a SIGKILL hits the bot itself), on its own core. Its log lines are collected;
 * its embedded Cosmos listens on a known port so the test can look at the data with a second
 * ledger, as another instance would.
 */

const REPO = path.join(__dirname, '..', '..', '..');

export interface ChildBot {
  url: string;
  cosmosPort: number;
  process: ChildProcess;
  /** Parsed pino lines (stdout). */
  logs(): Record<string, unknown>[];
  /** Everything the process wrote, stdout and stderr, as is. */
  output(): string;
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<string>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ChildBotOptions {
  dataDir: string;
  /** Same port on a restart, so the test's connections find it again. */
  port?: number;
  cosmosPort?: number;
  env?: Record<string, string>;
}

export async function startChildBot(options: ChildBotOptions): Promise<ChildBot> {
  const cosmosPort = options.cosmosPort ?? (await freePort());
  const child = spawn(process.execPath, [path.join(REPO, 'scripts', 'start.js')], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH,
      PORT: String(options.port ?? 0),
      EMBEDDED_COSMOS_DIR: options.dataDir,
      EMBEDDED_COSMOS_PORT: String(cosmosPort),
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let raw = '';
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    raw += chunk.toString();
    pending += chunk.toString();
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    lines.push(...complete.filter(Boolean));
  });
  child.stderr!.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  const exited = new Promise<string>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? String(code))),
  );

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`License Desk did not start:\n${raw}`)), 30_000);
    const poll = setInterval(() => {
      const ready = /ready in [\d.]+s at (http:\/\/[\d.]+:\d+)\/api\/messages/.exec(raw);
      if (ready) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(ready[1]);
      }
    }, 20);
    void exited.then((how) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`License Desk exited (${how}) before it was ready:\n${raw}`));
    });
  });

  return {
    url,
    cosmosPort,
    process: child,
    logs: () =>
      lines.flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    output: () => raw,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A second ledger on the child's embedded Cosmos: reads (and seeds) what the bot sees. */
export async function ledgerOn(cosmosPort: number): Promise<{ ledger: LicenseLedger; store: DocumentStore }> {
  const container = await openContainer({
    endpoint: `http://127.0.0.1:${cosmosPort}`,
    key: EMBEDDED_COSMOS_KEY,
    databaseId: 'license-desk',
    containerId: 'licenses',
  });
  const store = new DocumentStore(container);
  const directory = createDirectory({
    source: 'sample',
    sampleFile: path.join(REPO, 'data', 'sample', 'directory.json'),
  });
  return { ledger: new LicenseLedger({ store, directory }), store };
}
