import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Container } from '@azure/cosmos';
import { openContainer } from '../../bot/storage/cosmosConnection';
import { DocumentStore } from '../../bot/storage/documentStore';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../bot/storage/embedded/embeddedCosmosServer';

/**
 * A transactional batch on the embedded server is all or nothing, as on Azure Cosmos DB (the
 * library's own handler keeps the operations before a failed one): the ledger commits a head and
 * its seat summary that way.
 */
const names = { databaseId: 'license-desk', containerId: 'licenses' };
let dataDir: string;
let cosmos: EmbeddedCosmos;
let container: Container;
let store: DocumentStore;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-batch-'));
  cosmos = await startEmbeddedCosmos({ dataDir });
  container = await openContainer({ ...cosmos, ...names });
  store = new DocumentStore(container);
});
afterEach(async () => {
  container.database.client.dispose();
  await cosmos.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('all writes applied, each with its new ETag', async () => {
  const head = await store.create({ id: 'head', tenantId: 't', n: 1 });
  if (!head.ok) throw new Error('setup');
  const written = await store.writeAll('t', [
    { kind: 'replace', doc: { id: 'head', tenantId: 't', n: 2 } as never, ifMatch: head.etag },
    { kind: 'upsert', doc: { id: 'summary', tenantId: 't', n: 2 } as never },
  ]);
  expect(written.ok).toBe(true);
  const [headNow, summary] = await Promise.all([store.read('t', 'head'), store.read('t', 'summary')]);
  expect(written).toEqual({ ok: true, etags: [headNow!.etag, summary!.etag] });
  expect(headNow!.doc).toMatchObject({ n: 2 });
});

test('a failed condition leaves every document as it was, ETags included, also after a restart', async () => {
  const head = await store.create({ id: 'head', tenantId: 't', n: 1 });
  const summary = await store.create({ id: 'summary', tenantId: 't', n: 1 });
  if (!head.ok || !summary.ok) throw new Error('setup');
  // The summary's write comes first and succeeds on its own; the head's IfMatch fails.
  const written = await store.writeAll('t', [
    { kind: 'upsert', doc: { id: 'summary', tenantId: 't', n: 2 } as never },
    { kind: 'create', doc: { id: 'extra', tenantId: 't' } as never },
    { kind: 'replace', doc: { id: 'head', tenantId: 't', n: 2 } as never, ifMatch: '"stale"' },
  ]);
  expect(written).toEqual({ ok: false });
  const check = async (reader: DocumentStore) => {
    expect(await reader.read('t', 'summary')).toEqual({
      doc: { id: 'summary', tenantId: 't', n: 1 },
      etag: summary.etag,
    });
    expect(await reader.read('t', 'head')).toEqual({
      doc: { id: 'head', tenantId: 't', n: 1 },
      etag: head.etag,
    });
    expect(await reader.read('t', 'extra')).toBeUndefined();
  };
  await check(store);

  // Nothing of the refused batch was journaled either.
  container.database.client.dispose();
  await cosmos.stop();
  cosmos = await startEmbeddedCosmos({ dataDir });
  container = await openContainer({ ...cosmos, ...names });
  await check(new DocumentStore(container));
});

test('the refusal answers as Azure Cosmos DB does: the failed operation’s status, 424 for the others', async () => {
  await store.create({ id: 'head', tenantId: 't', n: 1 });
  const response = await fetch(`${cosmos.endpoint}/dbs/${names.databaseId}/colls/${names.containerId}/docs`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-ms-cosmos-is-batch-request': 'true',
      'x-ms-cosmos-batch-atomic': 'true',
      'x-ms-documentdb-partitionkey': '["t"]',
    },
    body: JSON.stringify([
      { operationType: 'Upsert', partitionKey: '["t"]', resourceBody: { id: 'a', tenantId: 't' } },
      { operationType: 'Create', partitionKey: '["t"]', resourceBody: { id: 'head', tenantId: 't' } },
    ]),
  });
  expect(response.status).toBe(409);
  expect(((await response.json()) as { statusCode: number }[]).map((one) => one.statusCode)).toEqual([
    424, 409,
  ]);
  expect(await store.read('t', 'a')).toBeUndefined();
});
