/**
 * Measures what durability costs; prints figures, asserts only correctness (timings vary by disk).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Container } from '@azure/cosmos';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../bot/storage/embedded/embeddedCosmosServer';
import { openContainer } from '../../bot/storage/cosmosConnection';

const names = { databaseId: 'perf', containerId: 'docs' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function fsyncCost(dir: string): { median: number; p95: number } {
  const file = path.join(dir, 'fsync-probe');
  const fd = fs.openSync(file, 'a');
  const line = Buffer.from(`${JSON.stringify({ op: 'put', doc: { id: 'x', pad: 'y'.repeat(300) } })}\n`);
  const times: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    fs.writeSync(fd, line);
    const started = performance.now();
    fs.fdatasyncSync(fd);
    times.push(performance.now() - started);
  }
  fs.closeSync(fd);
  fs.unlinkSync(file);
  times.sort((a, b) => a - b);
  return { median: times[100], p95: times[190] };
}

async function writeLatency(container: Container, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const started = performance.now();
    await container.items.upsert({ id: `seq${i % 50}`, tenantId: 't', i, pad: 'x'.repeat(300) });
    times.push(performance.now() - started);
  }
  return median(times);
}

async function throughput(container: Container, workers: number, perWorker: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < perWorker; i += 1) {
        await container.items.upsert({
          id: `w${w}-${i % 20}`,
          tenantId: `t${w % 4}`,
          i,
          pad: 'x'.repeat(300),
        });
      }
    }),
  );
  return (workers * perWorker) / ((performance.now() - started) / 1000);
}

describe('embedded Cosmos durability: cost', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-perf-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('measures fsync, write latency with and without the journal', async () => {
    const fsync = fsyncCost(dir);
    const results: Record<string, { median: number; opsPerSecond: number; flushes?: number }> = {};
    for (const durable of [false, true]) {
      const cosmos = await startEmbeddedCosmos(durable ? { dataDir: path.join(dir, 'latency') } : {});
      try {
        const container = await openContainer({ ...cosmos, ...names });
        await writeLatency(container, 100); // warm-up
        const med = await writeLatency(container, 1000);
        const before = cosmos.journalStats?.flushes ?? 0;
        const opsPerSecond = await throughput(container, 32, 100);
        results[durable ? 'journal' : 'memory'] = {
          median: med,
          opsPerSecond,
          flushes: cosmos.journalStats ? cosmos.journalStats.flushes - before : undefined,
        };
      } finally {
        await cosmos.stop();
      }
    }
    console.log(
      [
        `fdatasync of one journal line: median ${fsync.median.toFixed(3)} ms, p95 ${fsync.p95.toFixed(3)} ms`,
        `sequential upsert, median: memory only ${results.memory.median.toFixed(3)} ms, ` +
          `with journal ${results.journal.median.toFixed(3)} ms`,
        `32 concurrent writers, 3,200 upserts: memory only ${results.memory.opsPerSecond.toFixed(0)} ops/s, ` +
          `with journal ${results.journal.opsPerSecond.toFixed(0)} ops/s in ${results.journal.flushes} fsyncs ` +
          `(${(3200 / (results.journal.flushes ?? 1)).toFixed(1)} writes per fsync)`,
      ].join('\n'),
    );
    expect(results.journal.flushes).toBeGreaterThan(0);
  });

  it('measures start-up time with 20,000 documents (journal replay, then snapshot)', async () => {
    const dataDir = path.join(dir, 'startup');
    const n = 20_000;
    let cosmos: EmbeddedCosmos = await startEmbeddedCosmos({ dataDir });
    let container = await openContainer({ ...cosmos, ...names });
    const loadStarted = performance.now();
    // Several bulk calls at once: the SDK paces each one, the server takes them in turn.
    await Promise.all(
      Array.from({ length: n / 1000 }, (_, b) =>
        container.items.executeBulkOperations(
          Array.from({ length: 1000 }, (_, k) => {
            const i = b * 1000 + k;
            return {
              operationType: 'Create' as const,
              partitionKey: `tenant${i % 50}`,
              resourceBody: {
                id: `doc${i}`,
                tenantId: `tenant${i % 50}`,
                kind: 'seat',
                appId: `app${i % 7}`,
                userId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
                assignedAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
              },
            };
          }),
        ),
      ),
    );
    const loadMillis = performance.now() - loadStarted;
    const sample = (await container.item('doc12345', 'tenant45').read()).resource;
    await cosmos.stop();
    const journalBytes = fs.statSync(path.join(dataDir, 'journal.jsonl')).size;

    const timings: string[] = [];
    for (const phase of ['journal replay + compaction', 'snapshot only']) {
      const started = performance.now();
      cosmos = await startEmbeddedCosmos({ dataDir });
      const startMillis = performance.now() - started;
      container = await openContainer({ ...cosmos, ...names });
      expect((await container.item('doc12345', 'tenant45').read()).resource).toEqual(sample);
      const r = cosmos.recovery!;
      expect(r.documents).toBe(n);
      timings.push(
        `${phase}: start ${startMillis.toFixed(0)} ms (read+fold+compact ${r.millis.toFixed(0)} ms, ` +
          `load into server ${r.loadMillis.toFixed(0)} ms; ${r.snapshotEntries} snapshot + ${r.journalEntries} journal entries)`,
      );
      await cosmos.stop();
    }
    const snapshotBytes = fs.statSync(path.join(dataDir, 'snapshot.jsonl')).size;
    console.log(
      [
        `${n} documents written in bulk in ${loadMillis.toFixed(0)} ms; journal ${(journalBytes / 1e6).toFixed(1)} MB, ` +
          `snapshot ${(snapshotBytes / 1e6).toFixed(1)} MB`,
        ...timings,
      ].join('\n'),
    );
  });
});
