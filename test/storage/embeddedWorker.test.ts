import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { startEmbeddedCosmos } from '../../bot/storage/embedded/embeddedCosmosServer';
import { startEmbeddedCosmosInWorker } from '../../bot/storage/embedded/threadLauncher';
import { openContainer } from '../../bot/storage/cosmosConnection';
import { JOURNAL_FILE } from '../../bot/storage/embedded/journal';

/**
 * The app runs the embedded server on a worker thread (bot/storage/embedded/threadLauncher.ts): the same
 * server, data directory and protocol, off the event loop that answers Teams.
 */
const names = { databaseId: 'license-desk', containerId: 'licenses' };
let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-worker-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('serves the real client from a worker thread; what it acknowledged is in the data directory', async () => {
  expect(isMainThread).toBe(true);
  const exits: string[] = [];
  const threaded = await startEmbeddedCosmosInWorker({ dataDir }, (reason) => exits.push(reason));
  const container = await openContainer({ ...threaded, ...names });
  await container.items.create({ id: 'a', tenantId: 't', n: 1 });
  const { resource, etag } = await container.item('a', 't').read<{ n: number }>();
  expect(resource?.n).toBe(1);
  await expect(
    container
      .item('a', 't')
      .replace(
        { id: 'a', tenantId: 't', n: 2 },
        { accessCondition: { type: 'IfMatch', condition: 'stale' } },
      ),
  ).rejects.toMatchObject({ code: 412 });
  await container
    .item('a', 't')
    .replace({ id: 'a', tenantId: 't', n: 2 }, { accessCondition: { type: 'IfMatch', condition: etag! } });
  await threaded.stop();
  expect(exits).toEqual([]); // asked to stop: not reported as a failure

  // The same data directory opened in this thread: the thread journaled every acknowledged write.
  const inline = await startEmbeddedCosmos({ dataDir });
  try {
    const reopened = await openContainer({ ...inline, ...names });
    expect((await reopened.item('a', 't').read<{ n: number }>()).resource?.n).toBe(2);
  } finally {
    await inline.stop();
  }
});

test('a data directory the server refuses stops the start with the server’s reason', async () => {
  const first = await startEmbeddedCosmos({ dataDir });
  await first.stop();
  fs.appendFileSync(path.join(dataDir, JOURNAL_FILE), '{"op":"put",garbage\n{"op":"dbdel","db":"x"}\n');
  await expect(startEmbeddedCosmosInWorker({ dataDir })).rejects.toThrow(/line \d+ is damaged/);
});

test('a thread that dies is reported once, and stopping afterwards does not wait for it', async () => {
  const exits: string[] = [];
  const threaded = await startEmbeddedCosmosInWorker({ dataDir }, (reason) => exits.push(reason));
  await threaded.thread.terminate();
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(exits).toEqual([expect.stringMatching(/exited with code/)]);
  await threaded.stop(); // resolves (a hang fails the test by its timeout)
  expect(exits).toHaveLength(1);
});

test('counts the body bytes it receives and sends, as the benchmark reports them per command', async () => {
  const threaded = await startEmbeddedCosmosInWorker({ dataDir });
  try {
    const container = await openContainer({ ...threaded, ...names });
    const before = await threaded.traffic();
    const big = 'x'.repeat(20_000);
    await container.items.create({ id: 'big', tenantId: 't', big });
    const written = await threaded.traffic();
    expect(written.requests).toBe(before.requests + 1);
    expect(written.bytesIn - before.bytesIn).toBeGreaterThan(20_000);
    expect(written.bytesIn - before.bytesIn).toBeLessThan(20_200);
    await container.item('big', 't').read();
    const read = await threaded.traffic();
    expect(read.bytesIn).toBe(written.bytesIn); // a read sends no body
    expect(read.bytesOut - written.bytesOut).toBeGreaterThan(20_000);
  } finally {
    await threaded.stop();
  }
});
