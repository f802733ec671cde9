import { parentPort, workerData } from 'node:worker_threads';
import { startEmbeddedCosmos, type EmbeddedCosmosOptions } from './embeddedCosmosServer';

/**
 * The body of the embedded Cosmos server's worker thread (started by threadLauncher.ts): starts
 * the server with the options it was given, says where it listens, and stops it when told to.
 */
async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('threadBody.ts runs only as a worker thread');
  try {
    const cosmos = await startEmbeddedCosmos(workerData as EmbeddedCosmosOptions);
    port.on('message', (message: unknown) => {
      if (message === 'traffic') {
        void cosmos.traffic().then((traffic) => port.postMessage({ kind: 'traffic', traffic }));
        return;
      }
      if (message !== 'stop') return;
      cosmos.stop().then(
        () => port.postMessage({ kind: 'stopped' }),
        (error: Error) => port.postMessage({ kind: 'stopped', message: error.message }),
      );
    });
    port.postMessage({
      kind: 'ready',
      endpoint: cosmos.endpoint,
      key: cosmos.key,
      recovery: cosmos.recovery,
    });
  } catch (error) {
    port.postMessage({ kind: 'failed', message: (error as Error).message });
  }
}

void main();
