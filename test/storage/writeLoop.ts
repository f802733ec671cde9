/**
 * Child process for the kill -9 test: starts the embedded server on a data directory and writes
 * forever. Each worker owns its ids, so writes to one id are sequential; the operation for
 * (id, seq) is fixed by `opFor`, so the parent knows what an in-flight write could have been.
 * A line `<id> <seq>` is written to stdout only after the client call for that write resolved.
 */
import fs from 'node:fs';
import type { ItemDefinition } from '@azure/cosmos';
import { startEmbeddedCosmos } from '../../bot/storage/embedded/embeddedCosmosServer';
import { openContainer } from '../../bot/storage/cosmosConnection';
import { opFor, WORKERS, IDS_PER_WORKER } from './writeLoopPlan';

function emit(line: string): void {
  const buffer = Buffer.from(`${line}\n`);
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += fs.writeSync(1, buffer, offset);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}

async function main(): Promise<void> {
  const [dataDir, round] = process.argv.slice(2);
  const cosmos = await startEmbeddedCosmos({ dataDir });
  const container = await openContainer({ ...cosmos, databaseId: 'kill', containerId: 'docs' });
  emit('READY');
  const worker = async (w: number): Promise<void> => {
    const seqs = new Array<number>(IDS_PER_WORKER).fill(0);
    const etags = new Array<string | undefined>(IDS_PER_WORKER);
    for (;;) {
      const j = Math.floor(Math.random() * IDS_PER_WORKER);
      const id = `r${round}-w${w}-${j}`;
      const seq = seqs[j] + 1;
      const doc = { id, tenantId: `t${w % 3}`, v: seq, pad: 'x'.repeat(200) };
      let result: { etag?: string } | undefined;
      switch (opFor(seq)) {
        case 'create':
          result = await container.items.create(doc);
          break;
        case 'upsert':
          result = await container.items.upsert(doc);
          break;
        case 'replace':
          result = await container.item(id, doc.tenantId).replace<ItemDefinition>(doc, {
            accessCondition: { type: 'IfMatch', condition: etags[j] as string },
          });
          break;
        case 'delete':
          await container.item(id, doc.tenantId).delete();
          break;
      }
      etags[j] = result?.etag;
      seqs[j] = seq;
      emit(`${id} ${seq}`);
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
