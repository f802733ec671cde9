/**
 * One bot of the benchmark in a process of its own, so that its memory and CPU are its own:
 * `desk` is License Desk exactly as `npm start` composes it (startApp with the configuration read
 * from the environment), `echo` the floor bot. The driver talks to it over the IPC channel only —
 * request counts, process usage, restoring the tenant between rounds — so nothing of this touches
 * the bot's production paths.
 */
import { readFileSync } from 'node:fs';
import { startApp, type RunningApp } from '../bot/app';
import type { SampleOrganisation } from '../bot/directory/sampleDirectory';
import { loadConfig } from '../bot/config/config';
import { LicenseError } from '../bot/licensing/model';
import { createLogger } from '../bot/logger';
import { startEchoBot, type EchoBotServer } from './echoBot';
import { startFloorBot, type FloorBotServer } from './floorBot';
import { StoreRecorder } from './storeRecorder';
import { TenantsDirectory } from './tenantsDirectory';
import type { BotKind, ProcessUsage, Ready, Reply, Request } from './protocol';

function usage(): ProcessUsage {
  const cpu = process.cpuUsage();
  return {
    rss: process.memoryUsage.rss(),
    maxRss: process.resourceUsage().maxRSS * 1024,
    cpuMicros: cpu.user + cpu.system,
  };
}

async function main(): Promise<void> {
  const kind = process.argv[2] as BotKind;
  if (!process.send) throw new Error('bench/child.ts runs under the benchmark driver (IPC channel)');
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  let desk: RunningApp | undefined;
  let echo: EchoBotServer | undefined;
  let floor: FloorBotServer | undefined;
  let recorder: StoreRecorder | undefined;
  if (kind === 'desk') {
    // Many generated tenants at once (bench/growth.ts), instead of the one sample organisation.
    const organisations = process.env.BENCH_ORGANISATIONS_FILE;
    const directory = organisations
      ? new TenantsDirectory(JSON.parse(readFileSync(organisations, 'utf8')) as SampleOrganisation[])
      : undefined;
    desk = await startApp(config, { logger, ...(directory ? { directory } : {}) });
    recorder = new StoreRecorder(desk.store);
  } else if (kind === 'floor') {
    if (config.cosmos.mode !== 'embedded')
      throw new Error('the floor bot runs on the embedded Cosmos server');
    floor = await startFloorBot({
      port: config.port,
      host: config.host,
      maxBodyBytes: config.maxBodyBytes,
      logger,
      dataDir: config.cosmos.dataDir,
      databaseId: config.cosmos.databaseId,
      containerId: config.cosmos.containerId,
      requestTimeoutMs: config.cosmos.requestTimeoutMs,
    });
  } else if (kind === 'echo') {
    echo = await startEchoBot({
      port: config.port,
      host: config.host,
      maxBodyBytes: config.maxBodyBytes,
      logger,
    });
  } else {
    throw new Error(`unknown bot kind ${kind}`);
  }
  const running = (desk ?? floor ?? echo)!;
  const store = desk?.store ?? floor?.store;
  const embedded = desk?.embedded ?? floor?.embedded;
  const ready: Ready = { type: 'ready', url: running.url };
  process.send(ready);

  const handle = async (request: Request): Promise<Reply> => {
    switch (request.type) {
      case 'usage':
        return { id: request.id, ok: true, usage: usage() };
      case 'counts':
        return {
          id: request.id,
          ok: true,
          // License Desk: the turns' own requests (notice deliveries a change kicks run in the
          // background beside later turns); the floor has no background work.
          counts: desk ? desk.store.requestCounts('inRequests') : floor?.store.requestCounts(),
          traffic: await embedded?.traffic(),
        };
      case 'resetCounts':
        store?.resetCounts();
        recorder?.take();
        return { id: request.id, ok: true };
      case 'calls':
        return { id: request.id, ok: true, calls: recorder?.take() ?? [] };
      case 'script':
        floor?.learn(request.script);
        return { id: request.id, ok: true };
      case 'unassign': {
        // Puts the tenant back as the round found it, through the ledger (not timed, not counted).
        if (!desk) return { id: request.id, ok: true };
        for (const item of request.items) {
          try {
            const confirmation = await desk.ledger.prepareUnassign(
              request.actor,
              item.appId,
              item.principalIds,
            );
            await desk.ledger.confirmUnassign(request.actor, confirmation.confirmationId);
          } catch (error) {
            if (!(error instanceof LicenseError) || error.kind !== 'NothingToUnassign') throw error;
          }
        }
        return { id: request.id, ok: true };
      }
      case 'stop':
        await running.stop();
        return { id: request.id, ok: true };
    }
  };

  process.on('message', (message: Request) => {
    handle(message).then(
      (reply) => {
        process.send!(reply, () => {
          // After `stop` is acknowledged the process exits normally (so --cpu-prof is written).
          if (message.type === 'stop') process.exit(0);
        });
      },
      (error: unknown) =>
        process.send!({ id: message.id, ok: false, error: String((error as Error)?.stack ?? error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

main().catch((error) => {
  console.error('bench child could not start:', error);
  process.exit(1);
});
