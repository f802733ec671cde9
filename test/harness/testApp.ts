import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startApp, type RunningApp, type StartOptions } from '../../bot/app';
import { loadConfig } from '../../bot/config/config';
import { createLogger } from '../../bot/logger';
import { LoopbackConnector } from './loopbackConnector';
import { TeamsTestClient, type ClientOptions } from './teamsClient';

export interface TestApp {
  app: RunningApp;
  connector: LoopbackConnector;
  /** Every log line the bot wrote, parsed. */
  logs: Record<string, unknown>[];
  /** The raw log text, to scan for secrets. */
  logText(): string;
  dataDir: string;
  client(options?: ClientOptions): TeamsTestClient;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Keep using this embedded data directory (restarts); a fresh one otherwise. */
  dataDir?: string;
  start?: Partial<Omit<StartOptions, 'logger'>>;
}

/**
 * License Desk on a free port with a fresh embedded Cosmos server (through the real client and
 * protocol), the sample organisation, and a loopback Bot Framework connector.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'license-desk-test-'));
  const config = loadConfig({ PORT: '0', EMBEDDED_COSMOS_DIR: dataDir, LOG_LEVEL: 'info', ...options.env });
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const app = await startApp(config, { logger: createLogger(config.logLevel, sink), ...options.start });
  const connector = await new LoopbackConnector().start();
  return {
    app,
    connector,
    get logs() {
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    logText: () => lines.join('\n'),
    dataDir,
    client: (clientOptions) => new TeamsTestClient(app.url, connector, clientOptions),
    async stop() {
      await connector.stop();
      await app.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
