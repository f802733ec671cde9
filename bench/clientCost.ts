/**
 * What one Cosmos request costs the bot's own process: the @azure/cosmos client (request building,
 * signing, diagnostics, Node's HTTP client, JSON) with the embedded server in another process, so
 * that the CPU counted here is the client's alone (as with Azure Cosmos DB, which runs elsewhere).
 *
 *   npx tsx bench/clientCost.ts          # or: npm run bench:client
 *
 * Prints the median over 5 runs of 1,000 sequential requests each, per kind and document size.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openContainer } from '../bot/storage/cosmosConnection';
import { EMBEDDED_COSMOS_KEY, startEmbeddedCosmos } from '../bot/storage/embedded/embeddedCosmosServer';

const REQUESTS = 1000;
const RUNS = 5;

async function serve(dataDir: string): Promise<void> {
  const cosmos = await startEmbeddedCosmos({ dataDir });
  process.send?.(cosmos.endpoint);
}

async function measure(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'license-desk-client-cost-'));
  const server = fork(__filename, ['--serve', dataDir], { stdio: 'inherit' });
  try {
    const endpoint = await new Promise<string>((resolve) =>
      server.once('message', (m) => resolve(String(m))),
    );
    const container = await openContainer({
      endpoint,
      key: EMBEDDED_COSMOS_KEY,
      databaseId: 'license-desk',
      containerId: 'licenses',
    });
    console.log(
      `${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; server in pid ${server.pid}`,
    );
    for (const bytes of [1_000, 18_000]) {
      const doc = { id: `doc-${bytes}`, tenantId: 't', payload: 'x'.repeat(bytes) };
      await container.items.upsert(doc);
      const item = container.item(doc.id, 't');
      const kinds: [string, () => Promise<unknown>][] = [
        ['point read', () => item.read()],
        ['replace', () => item.replace(doc)],
      ];
      for (const [kind, request] of kinds) {
        const cpu: number[] = [];
        const wall: number[] = [];
        for (let i = 0; i < 200; i++) await request(); // warm-up
        for (let run = 0; run < RUNS; run++) {
          const cpuStart = process.cpuUsage();
          const started = performance.now();
          for (let i = 0; i < REQUESTS; i++) await request();
          const used = process.cpuUsage(cpuStart);
          cpu.push((used.user + used.system) / 1000 / REQUESTS);
          wall.push((performance.now() - started) / REQUESTS);
        }
        console.log(
          `${kind.padEnd(10)} ${String(bytes).padStart(6)} B: client CPU ${median(cpu).toFixed(2)} ms, ` +
            `wall ${median(wall).toFixed(2)} ms per request (median of ${RUNS} × ${REQUESTS})`,
        );
      }
    }
  } finally {
    server.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const serveAt = process.argv.indexOf('--serve');
(serveAt >= 0 ? serve(process.argv[serveAt + 1]) : measure()).catch((error) => {
  console.error(error);
  process.exit(1);
});
