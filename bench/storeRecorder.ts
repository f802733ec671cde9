/**
 * Records the Cosmos requests License Desk's DocumentStore makes during a benchmark phase, so that
 * the storage floor (floorBot.ts) can make exactly the same ones: same kinds, same ids, the same
 * documents written. Installed by the benchmark's child process on License Desk's own store object
 * (its public methods wrapped): nothing of it is in the bot's code.
 */
import { requestScopeFields } from '../bot/observability/requestScope';
import type { BatchWrite, DocumentStore, QuerySpec, TenantDocument } from '../bot/storage/documentStore';

/** One call of the store's public interface, as the floor replays it. */
export type StoreCall =
  | { op: 'read'; tenantId: string; id: string }
  | { op: 'readMany'; tenantId: string; ids: string[] }
  | { op: 'create'; doc: TenantDocument }
  | { op: 'replace' | 'upsert'; doc: TenantDocument; ifMatch: boolean }
  | { op: 'delete'; tenantId: string; id: string; ifMatch: boolean }
  | { op: 'upsertMany'; tenantId: string; docs: TenantDocument[] }
  | { op: 'writeAll'; tenantId: string; writes: BatchWrite[] }
  | { op: 'query'; tenantId: string; spec: QuerySpec; pageSize: number };

export class StoreRecorder {
  private calls: StoreCall[] = [];

  constructor(store: DocumentStore) {
    // Only the turns' own calls: a notice delivery a change kicks runs in the background (no request scope).
    const record = (call: StoreCall) => {
      if ('requestId' in requestScopeFields()) this.calls.push(call);
    };
    const read = store.read.bind(store);
    const readMany = store.readMany.bind(store);
    const create = store.create.bind(store);
    const replace = store.replace.bind(store);
    const upsert = store.upsert.bind(store);
    const remove = store.delete.bind(store);
    const upsertMany = store.upsertMany.bind(store);
    const writeAll = store.writeAll.bind(store);
    const queryPage = store.queryPage.bind(store);
    Object.assign(store, {
      read: (tenantId: string, id: string) => (record({ op: 'read', tenantId, id }), read(tenantId, id)),
      readMany: (tenantId: string, ids: string[]) => (
        record({ op: 'readMany', tenantId, ids }),
        readMany(tenantId, ids)
      ),
      create: (doc: TenantDocument) => (record({ op: 'create', doc }), create(doc)),
      replace: (doc: TenantDocument, options: { ifMatch?: string } = {}) => (
        record({ op: 'replace', doc, ifMatch: !!options.ifMatch }),
        replace(doc, options)
      ),
      upsert: (doc: TenantDocument, options: { ifMatch?: string } = {}) => (
        record({ op: 'upsert', doc, ifMatch: !!options.ifMatch }),
        upsert(doc, options)
      ),
      delete: (tenantId: string, id: string, options: { ifMatch?: string } = {}) => (
        record({ op: 'delete', tenantId, id, ifMatch: !!options.ifMatch }),
        remove(tenantId, id, options)
      ),
      upsertMany: (tenantId: string, docs: TenantDocument[]) => (
        record({ op: 'upsertMany', tenantId, docs }),
        upsertMany(tenantId, docs)
      ),
      writeAll: (tenantId: string, writes: BatchWrite[]) => (
        record({ op: 'writeAll', tenantId, writes }),
        writeAll(tenantId, writes)
      ),
      queryPage: (tenantId: string, spec: QuerySpec, page: { pageSize: number; continuation?: string }) => (
        record({ op: 'query', tenantId, spec, pageSize: page.pageSize }),
        queryPage(tenantId, spec, page)
      ),
    });
  }

  /** The calls since the last take, in the order they were made. */
  take(): StoreCall[] {
    const calls = this.calls;
    this.calls = [];
    return calls;
  }
}
