import type { Container } from '@azure/cosmos';
import { StorageError } from '../../bot/storage/storageError';
import { DocumentStore } from '../../bot/storage/documentStore';
import { newTenant, useCosmosFixture } from './harness';

const fixture = useCosmosFixture();

interface Note {
  id: string;
  tenantId: string;
  type: string;
  n: number;
}

test('expected outcomes are values: 404, 409 and 412', async () => {
  const store = fixture.store();
  const tenantId = newTenant();
  expect(await store.read(tenantId, 'missing')).toBeUndefined();
  const created = await store.create<Note>({ id: 'a', tenantId, type: 'note', n: 1 });
  expect(created.ok).toBe(true);
  expect(await store.create<Note>({ id: 'a', tenantId, type: 'note', n: 2 })).toEqual({
    ok: false,
    reason: 'conflict',
  });
  const read = await store.read<Note>(tenantId, 'a');
  expect(read?.doc).toEqual({ id: 'a', tenantId, type: 'note', n: 1 });
  const replaced = await store.replace<Note>({ ...read!.doc, n: 2 }, { ifMatch: read!.etag });
  expect(replaced.ok).toBe(true);
  expect(await store.replace<Note>({ ...read!.doc, n: 3 }, { ifMatch: read!.etag })).toEqual({
    ok: false,
    reason: 'precondition',
  });
  expect(await store.upsert<Note>({ ...read!.doc, n: 3 }, { ifMatch: read!.etag })).toEqual({
    ok: false,
    reason: 'precondition',
  });
  expect(await store.delete(tenantId, 'a', { ifMatch: read!.etag })).toEqual({
    ok: false,
    reason: 'precondition',
  });
  expect((await store.delete(tenantId, 'a')).ok).toBe(true);
  expect(await store.delete(tenantId, 'a')).toEqual({ ok: false, reason: 'notFound' });
  expect(await store.read(newTenant(), 'a')).toBeUndefined();
});

test('bulk reads and upserts, and paged queries confined to the tenant', async () => {
  const store = fixture.store();
  const [tenantId, other] = [newTenant(), newTenant()];
  const notes = (t: string) =>
    Array.from({ length: 130 }, (_, n) => ({ id: `note:${n}`, tenantId: t, type: 'note', n }));
  await store.upsertMany(tenantId, notes(tenantId));
  await store.upsertMany(other, notes(other));
  expect(store.requestCounts()).toEqual({ reads: 0, writes: 0, queries: 0, bulk: 4 });

  const found = await store.readMany<Note>(tenantId, ['note:1', 'note:129', 'nope']);
  expect([...found.keys()].sort()).toEqual(['note:1', 'note:129']);
  expect(found.get('note:1')?.doc.n).toBe(1);

  const seen: number[] = [];
  let continuation: string | undefined;
  do {
    const page = await store.queryPage<Note>(
      tenantId,
      {
        where: 'c.type = @type AND c.n >= @from',
        parameters: [
          { name: '@type', value: 'note' },
          { name: '@from', value: 100 },
        ],
        orderBy: 'c.n DESC',
      },
      { pageSize: 12, continuation },
    );
    expect(page.items.length).toBeLessThanOrEqual(12);
    expect(page.items.every((doc) => doc.tenantId === tenantId)).toBe(true);
    seen.push(...page.items.map((doc) => doc.n));
    continuation = page.continuation;
  } while (continuation);
  expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => 129 - i));
  await expect(store.upsertMany(tenantId, notes(other))).rejects.toThrow(/another tenant/);
});

test('fault hooks see every write and what they throw propagates untouched', async () => {
  const seen: string[] = [];
  const store = fixture.store({
    faults: {
      beforeWrite: (n, kind, ids) => {
        seen.push(`${n}:${kind}:${ids.join()}`);
        if (n === 3) throw new Error('killed');
      },
    },
  });
  const tenantId = newTenant();
  await store.create({ id: 'x', tenantId });
  await store.upsertMany(tenantId, [{ id: 'y', tenantId }]);
  await expect(store.delete(tenantId, 'x')).rejects.toThrow('killed');
  expect(seen).toEqual(['1:create:x', '2:bulk:y', '3:delete:x']);
  expect(await store.read(tenantId, 'x')).toBeDefined();
});

/** A container whose reads fail with the given status codes, then answer. */
function flakyContainer(failures: (number | string)[]): Container {
  const item = () => ({
    read: async () => {
      const failure = failures.shift();
      if (failure !== undefined) throw Object.assign(new Error('flaky'), { code: failure });
      return { statusCode: 200, resource: { id: 'a', tenantId: 't', _etag: 'e1' }, etag: 'e1' };
    },
  });
  return { item } as unknown as Container;
}

test('transient failures are retried with backoff; lasting ones become StorageUnavailable', async () => {
  const retry = { baseDelayMs: 1, maxDelayMs: 4 };
  const recovers = new DocumentStore(flakyContainer([503, 429, 'ECONNRESET']), { retry });
  expect((await recovers.read('t', 'a'))?.doc).toEqual({ id: 'a', tenantId: 't' });
  const down = new DocumentStore(flakyContainer([503, 503, 503, 503, 503, 503]), { retry });
  await expect(down.read('t', 'a')).rejects.toEqual(new StorageError('503'));
  const refused = new DocumentStore(flakyContainer([400]), { retry });
  await expect(refused.read('t', 'a')).rejects.toThrow('flaky');
});
