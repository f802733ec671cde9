import type { CosmosConfig } from './config/config';
import type { Logger } from './logger';
import type { EmbeddedCosmos } from './storage/embedded/embeddedCosmosServer';
import { startEmbeddedCosmosInWorker } from './storage/embedded/threadLauncher';
import { embeddedListenFailure } from './startFailures';

type EmbeddedSettings = Extract<CosmosConfig, { mode: 'embedded' }>;

/**
 * Starts the embedded Cosmos server on its thread. Light to import on purpose: index.ts calls it
 * before loading the rest of the bot, so the server's own start (its modules, replaying the journal)
 * runs on the other thread while this one loads botbuilder, restify and the cards.
 */
export function startEmbeddedStorage(settings: EmbeddedSettings, logger: Logger): Promise<EmbeddedCosmos> {
  return startEmbeddedCosmosInWorker({ port: settings.port, dataDir: settings.dataDir }, (reason) =>
    logger.error({ reason }, 'the embedded Cosmos server stopped: storage is unavailable'),
  ).catch((error: Error) => {
    throw embeddedListenFailure(error, settings.port);
  });
}
