import type { RunningApp } from './app';
import type { Logger } from './logger';
import type { TelemetryExport } from './observability/azureMonitor';

export interface GracefulStop {
  app: RunningApp;
  logger: Logger;
  graceSeconds: number;
  telemetry?: TelemetryExport;
}

/** Closing Cosmos and flushing telemetry after the grace period may take this long before we give up. */
const CLOSE_MS = 5000;

/**
 * SIGTERM / SIGINT (a platform restart, a deployment, Ctrl+C): stop accepting requests, let those in
 * flight finish within the grace period — an admin's assign keeps its answer — then close Cosmos and
 * exit 0. Past the grace period the process exits 1 with a line naming what was still running.
 */
export function stopGracefullyOnSignals({ app, logger, graceSeconds, telemetry }: GracefulStop): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const graceMs = graceSeconds * 1000;
    logger.info({ signal, graceSeconds }, 'stopping: no new requests, waiting for those in flight');
    setTimeout(() => {
      logger.error({ signal }, 'could not close storage and telemetry in time: exiting');
      process.exit(1);
    }, graceMs + CLOSE_MS).unref();
    const unfinished = await app.stop({ graceMs });
    if (unfinished.length > 0) {
      const now = performance.now();
      logger.error(
        {
          signal,
          graceSeconds,
          stillRunning: unfinished.map((request) => ({
            ...request.scope,
            method: request.method,
            path: request.path,
            runningMs: Math.round(now - request.startedAt),
          })),
        },
        `stopped after the ${graceSeconds}s grace period with ${unfinished.length} request(s) still running`,
      );
    }
    await telemetry
      ?.shutdown()
      .catch((error: unknown) => logger.warn({ err: error }, 'telemetry flush failed'));
    logger.info({ signal }, 'stopped');
    process.exit(unfinished.length > 0 ? 1 : 0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
