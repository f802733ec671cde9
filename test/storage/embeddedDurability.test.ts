import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Container, ItemDefinition } from '@azure/cosmos';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../bot/storage/embedded/embeddedCosmosServer';
import { openContainer } from '../../bot/storage/cosmosConnection';
import { JOURNAL_FILE, SNAPSHOT_FILE } from '../../bot/storage/embedded/journal';

interface Doc extends ItemDefinition {
  id: string;
  tenantId: string;
}

const names = { databaseId: 'license-desk', containerId: 'licenses' };

async function open(dataDir: string, extra: { compactAfterBytes?: number } = {}) {
  const cosmos = await startEmbeddedCosmos({ dataDir, ...extra });
  const container = await openContainer({ ...cosmos, ...names });
  return { cosmos, container };
}

async function allDocs(container: Container): Promise<Doc[]> {
  const { resources } = await container.items.readAll<Doc>().fetchAll();
  return resources.sort((a, b) => a.id.localeCompare(b.id));
}

describe('embedded Cosmos with a data directory', () => {
  let dataDir: string;
  let cosmos: EmbeddedCosmos | undefined;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-durable-'));
  });
  afterEach(async () => {
    await cosmos?.stop();
    cosmos = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives back exactly the same documents after a restart, and does not journal a 412', async () => {
    let container: Container;
    ({ cosmos, container } = await open(dataDir));
    const created = await container.items.create({ id: 'a', tenantId: 't1', seats: 1 });
    await container.items.upsert({ id: 'b', tenantId: 't1', seats: 2 });
    await container.items.upsert({ id: 'b', tenantId: 't1', seats: 3 });
    await container.items.create({ id: 'gone', tenantId: 't2' });
    await container
      .item('a', 't1')
      .replace<Doc>(
        { id: 'a', tenantId: 't1', seats: 10 },
        { accessCondition: { type: 'IfMatch', condition: created.etag } },
      );
    await container.item('b', 't1').patch([
      { op: 'incr', path: '/seats', value: 5 },
      { op: 'add', path: '/note', value: 'patched' },
    ]);
    await container.item('gone', 't2').delete();
    const bulk = await container.items.executeBulkOperations([
      { operationType: 'Create', resourceBody: { id: 'c', tenantId: 't2', n: 1 }, partitionKey: 't2' },
      { operationType: 'Create', resourceBody: { id: 'd', tenantId: 't2', n: 1 }, partitionKey: 't2' },
      { operationType: 'Upsert', resourceBody: { id: 'e', tenantId: 't3', n: 1 }, partitionKey: 't3' },
      {
        operationType: 'Replace',
        id: 'c',
        resourceBody: { id: 'c', tenantId: 't2', n: 2 },
        partitionKey: 't2',
      },
      { operationType: 'Delete', id: 'd', partitionKey: 't2' },
      { operationType: 'Create', resourceBody: { id: 'a', tenantId: 't1' }, partitionKey: 't1' }, // 409
    ]);
    expect(bulk.map((r) => r.response?.statusCode ?? r.error?.code)).toEqual([201, 201, 201, 200, 204, 409]);
    // Same id in another partition is another document.
    await container.items.create({ id: 'c', tenantId: 't9', other: true });

    const journalFile = path.join(dataDir, JOURNAL_FILE);
    const journalBefore = fs.readFileSync(journalFile, 'utf8');
    await expect(
      container
        .item('a', 't1')
        .replace<Doc>(
          { id: 'a', tenantId: 't1', seats: 666, stale: true },
          { accessCondition: { type: 'IfMatch', condition: created.etag } },
        ),
    ).rejects.toMatchObject({ code: 412 });
    await expect(container.items.create({ id: 'a', tenantId: 't1', dup: true })).rejects.toMatchObject({
      code: 409,
    });
    expect(fs.readFileSync(journalFile, 'utf8')).toBe(journalBefore);

    const before = await allDocs(container);
    const etagOfA = before.find((d) => d.id === 'a')?._etag as string;
    await cosmos.stop();

    ({ cosmos, container } = await open(dataDir));
    const after = await allDocs(container);
    // Same ids, contents, ETags and timestamps.
    expect(after).toEqual(before);
    expect(after.map((d) => `${d.id}/${d.tenantId}`)).toEqual(['a/t1', 'b/t1', 'c/t2', 'c/t9', 'e/t3']);
    expect(after.find((d) => d.id === 'a')).toMatchObject({ seats: 10 });
    expect(after.find((d) => d.id === 'b')).toMatchObject({ seats: 8, note: 'patched' });
    // An ETag read before the restart still guards a write after it.
    await container
      .item('a', 't1')
      .replace<Doc>(
        { id: 'a', tenantId: 't1', seats: 11 },
        { accessCondition: { type: 'IfMatch', condition: etagOfA } },
      );
    await expect(
      container
        .item('a', 't1')
        .replace<Doc>(
          { id: 'a', tenantId: 't1', seats: 12 },
          { accessCondition: { type: 'IfMatch', condition: etagOfA } },
        ),
    ).rejects.toMatchObject({ code: 412 });
  });

  it('persists container and database deletion', async () => {
    let container: Container;
    ({ cosmos, container } = await open(dataDir));
    await container.items.create({ id: 'x', tenantId: 't' });
    await container.delete();
    await cosmos.stop();

    ({ cosmos, container } = await open(dataDir)); // recreates the container: empty
    expect(await allDocs(container)).toEqual([]);
    await container.items.create({ id: 'y', tenantId: 't' });
    await container.database.delete();
    await cosmos.stop();

    ({ cosmos, container } = await open(dataDir));
    expect(await allDocs(container)).toEqual([]);
  });

  it('ignores a torn last journal line (a crash in the middle of an append)', async () => {
    let container: Container;
    ({ cosmos, container } = await open(dataDir));
    await container.items.create({ id: 'kept', tenantId: 't' });
    await cosmos.stop();
    cosmos = undefined;
    fs.appendFileSync(path.join(dataDir, JOURNAL_FILE), '{"op":"put","db":"license-desk","coll":"licen');

    ({ cosmos, container } = await open(dataDir));
    expect(cosmos.recovery?.ignoredTailLines).toBe(1);
    expect((await allDocs(container)).map((d) => d.id)).toEqual(['kept']);
    // The torn tail is gone: later appends are not stuck behind it.
    expect(fs.readFileSync(path.join(dataDir, JOURNAL_FILE), 'utf8')).toBe('');
    await container.items.create({ id: 'later', tenantId: 't' });
    await cosmos.stop();
    ({ cosmos, container } = await open(dataDir));
    expect((await allDocs(container)).map((d) => d.id)).toEqual(['kept', 'later']);
  });

  it('refuses to start on a journal damaged in the middle', async () => {
    let container: Container;
    ({ cosmos, container } = await open(dataDir));
    await container.items.create({ id: 'a', tenantId: 't' });
    await cosmos.stop();
    cosmos = undefined;
    const good = '{"op":"del","db":"license-desk","coll":"licenses","id":"a","pk":"t"}\n';
    fs.appendFileSync(path.join(dataDir, JOURNAL_FILE), `{"op":"put",garbage\n${good}`);
    await expect(startEmbeddedCosmos({ dataDir })).rejects.toThrow(/line \d+ is damaged/);
  });

  it('refuses a second server on the same data directory', async () => {
    ({ cosmos } = await open(dataDir));
    await expect(startEmbeddedCosmos({ dataDir })).rejects.toThrow(/in use by process/);
  });

  it('compacts the journal into a snapshot at start and while running, keeping the data', async () => {
    let container: Container;
    ({ cosmos, container } = await open(dataDir));
    for (let i = 0; i < 50; i += 1) await container.items.upsert({ id: `doc${i % 10}`, tenantId: 't', i });
    const before = await allDocs(container);
    await cosmos.stop();
    const journalFile = path.join(dataDir, JOURNAL_FILE);
    const grown = fs.statSync(journalFile).size;
    expect(grown).toBeGreaterThan(10_000);

    ({ cosmos, container } = await open(dataDir));
    expect(fs.statSync(journalFile).size).toBe(0);
    expect(fs.statSync(path.join(dataDir, SNAPSHOT_FILE)).size).toBeLessThan(grown / 2);
    expect(await allDocs(container)).toEqual(before);
    await cosmos.stop();

    // While running: a small threshold makes the server compact every few writes.
    ({ cosmos, container } = await open(dataDir, { compactAfterBytes: 4_000 }));
    for (let i = 0; i < 60; i += 1)
      await container.items.upsert({ id: `doc${i % 20}`, tenantId: 't', i, more: true });
    // Sequential writes: the journal passes 4 kB, and then the snapshot's size, again and again.
    expect(cosmos.journalStats?.compactions).toBeGreaterThanOrEqual(2);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => container.items.upsert({ id: `par${i}`, tenantId: 't', i })),
    );
    // However the concurrent writes were grouped into flushes, the journal stays near the larger of
    // the threshold and the snapshot (a compaction follows the flush that passes it).
    const bound = Math.max(4_000, fs.statSync(path.join(dataDir, SNAPSHOT_FILE)).size);
    expect(fs.statSync(journalFile).size).toBeLessThan(bound + 4_000);
    const expected = await allDocs(container);
    await cosmos.stop();
    ({ cosmos, container } = await open(dataDir));
    expect(await allDocs(container)).toEqual(expected);
  });
});
