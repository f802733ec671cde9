// First, before restify loads: see the module for why.
import './quietKnownDeprecation';
import { ConfigError, loadConfig } from './config/config';
import { loadEnvFile } from './config/envFile';
import { startEmbeddedStorage } from './embeddedStorage';
import { loadCardEngine } from '../cards';
import { createLogger } from './logger';
import { stopGracefullyOnSignals } from './shutdown';

/** Process entry: read the configuration, start License Desk, stop cleanly on SIGTERM / SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    loadEnvFile();
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  for (const warning of config.warnings) logger.warn(warning);
  // The embedded server starts on its thread while this one loads the rest of the bot (app.ts).
  const embedded =
    config.cosmos.mode === 'embedded' ? startEmbeddedStorage(config.cosmos, logger) : undefined;
  embedded?.catch(() => undefined); // awaited (and reported) by startApp
  const telemetry = config.applicationInsightsConnectionString
    ? await startAzureMonitor(config.applicationInsightsConnectionString)
    : undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded once the thread is starting
  const { startApp } = require('./app') as typeof import('./app');
  const app = await startApp(config, { logger, embedded });
  // What the first card needs, loaded now rather than before ready (or during the first turn).
  setImmediate(loadCardEngine);
  // From process start, so the figure includes loading the code.
  const seconds = process.uptime().toFixed(2);
  const mode =
    config.cosmos.mode === 'embedded' ? `embedded Cosmos (${config.cosmos.dataDir})` : 'Azure Cosmos DB';
  const auth = config.bot ? 'authenticated' : 'UNAUTHENTICATED local mode — do not expose this port';
  // Written at every level but silent: platforms, scripts and people wait for this line.
  const announce = config.logLevel === 'silent' ? undefined : logger.child({}, { level: 'info' });
  announce?.info(
    { url: `${app.url}/api/messages`, telemetry: telemetry ? 'azure-monitor' : 'off' },
    `License Desk ready in ${seconds}s at ${app.url}/api/messages (${mode}, ${config.directory.source} directory, ${auth}). ` +
      `Chat with it: run "npm run playground" and open http://localhost:56150`,
  );

  stopGracefullyOnSignals({ app, logger, graceSeconds: config.shutdownGraceSeconds, telemetry });
}

/** Loaded only when configured: the OpenTelemetry API alone is some 40 modules to load. */
function startAzureMonitor(connectionString: string) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const monitor = require('./observability/azureMonitor') as typeof import('./observability/azureMonitor');
  return monitor.startAzureMonitor(connectionString);
}

main().catch((error) => {
  console.error('License Desk could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
