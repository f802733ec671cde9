import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CosmosTraffic, EmbeddedCosmos, EmbeddedCosmosOptions } from './embeddedCosmosServer';

type FromThread =
  | { kind: 'ready'; endpoint: string; key: string; recovery?: EmbeddedCosmos['recovery'] }
  | { kind: 'traffic'; traffic: CosmosTraffic }
  | { kind: 'failed'; message: string }
  | { kind: 'stopped'; message?: string };

/**
 * Starts the embedded Cosmos server (embeddedCosmosServer.ts) on a worker thread of this process.
 * The bot reaches it over loopback HTTP like any Cosmos account; the server's own work (request
 * handling, the journal's writes and fdatasync, its garbage) runs off the event loop that answers
 * Teams, as with Azure Cosmos DB, which runs elsewhere. The server dies with the process.
 *
 * `onExit`: called if the thread ends without being asked to (the store then fails its requests, as
 * with an unreachable Cosmos account, and /readyz says so).
 */
export async function startEmbeddedCosmosInWorker(
  options: EmbeddedCosmosOptions,
  onExit: (reason: string) => void = () => undefined,
): Promise<EmbeddedCosmos & { thread: Worker }> {
  const worker = spawnThread(options);
  let stopping = false;
  const ready = await new Promise<Extract<FromThread, { kind: 'ready' }>>((resolve, reject) => {
    const onMessage = (message: FromThread) => {
      if (message.kind === 'ready') resolve(message);
      else if (message.kind === 'failed') reject(new Error(message.message));
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the embedded Cosmos thread exited with code ${code}`)));
  }).catch(async (error: Error) => {
    await worker.terminate();
    throw error;
  });
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    worker.on('exit', (code) => {
      exited = true;
      if (!stopping) onExit(`exited with code ${code}`);
      resolve();
    }),
  );
  worker.on('error', (error) => onExit(error.message));

  return {
    thread: worker,
    endpoint: ready.endpoint,
    key: ready.key,
    ...(ready.recovery ? { recovery: ready.recovery } : {}),
    traffic: () =>
      new Promise<CosmosTraffic>((resolve, reject) => {
        if (exited) return reject(new Error('the embedded Cosmos thread has exited'));
        const onMessage = (message: FromThread) => {
          if (message.kind !== 'traffic') return;
          worker.off('message', onMessage);
          resolve(message.traffic);
        };
        worker.on('message', onMessage);
        worker.postMessage('traffic');
      }),
    stop: async () => {
      if (stopping) return;
      stopping = true;
      if (exited) return;
      const stopped = new Promise<void>((resolve) =>
        worker.on('message', (message: FromThread) => {
          if (message.kind === 'stopped') resolve();
        }),
      );
      worker.postMessage('stop');
      // A thread that died meanwhile never answers: its exit ends the wait too.
      await Promise.race([stopped, gone]);
      await worker.terminate();
    },
  };
}

/** The thread runs the compiled .js next to this file, or the .ts source through tsx (npm start, jest). */
function spawnThread(options: EmbeddedCosmosOptions): Worker {
  const extension = path.extname(__filename);
  const entry = path.join(__dirname, `threadBody${extension}`);
  if (extension !== '.ts') return new Worker(entry, { workerData: options });
  const tsx = require.resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`, {
    eval: true,
    workerData: options,
  });
}
