import type {
  BatchResult,
  BatchWrite,
  DocumentStore,
  QueryPage,
  QuerySpec,
  Stored,
  TenantDocument,
  WriteOptions,
  WriteResult,
} from '../storage/documentStore';
import { StorageError } from '../storage/storageError';
import { LicenseError } from './model';

/**
 * The document store as the licensing core uses it: the one place where a storage failure becomes
 * the licensing error the user is told about (`StorageUnavailable`, with the status). Requests are
 * passed through one for one, so request counts are the store's.
 */
export class LicensingStore {
  constructor(private readonly store: DocumentStore) {}

  read<T extends TenantDocument>(tenantId: string, id: string): Promise<Stored<T> | undefined> {
    return mapped(this.store.read<T>(tenantId, id));
  }

  readMany<T extends TenantDocument>(tenantId: string, ids: string[]): Promise<Map<string, Stored<T>>> {
    return mapped(this.store.readMany<T>(tenantId, ids));
  }

  create<T extends TenantDocument>(doc: T): Promise<WriteResult<T>> {
    return mapped(this.store.create(doc));
  }

  replace<T extends TenantDocument>(doc: T, options?: WriteOptions): Promise<WriteResult<T>> {
    return mapped(this.store.replace(doc, options));
  }

  upsert<T extends TenantDocument>(doc: T, options?: WriteOptions): Promise<WriteResult<T>> {
    return mapped(this.store.upsert(doc, options));
  }

  delete(tenantId: string, id: string, options?: WriteOptions): ReturnType<DocumentStore['delete']> {
    return mapped(this.store.delete(tenantId, id, options));
  }

  writeAll(tenantId: string, writes: BatchWrite[]): Promise<BatchResult> {
    return mapped(this.store.writeAll(tenantId, writes));
  }

  upsertMany(tenantId: string, docs: TenantDocument[]): Promise<void> {
    return mapped(this.store.upsertMany(tenantId, docs));
  }

  tenantsHolding(id: string): Promise<string[]> {
    return mapped(this.store.tenantsHolding(id));
  }

  queryPage<T extends TenantDocument>(
    tenantId: string,
    query: QuerySpec,
    page: { pageSize: number; continuation?: string },
  ): Promise<QueryPage<T>> {
    return mapped(this.store.queryPage<T>(tenantId, query, page));
  }
}

async function mapped<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof StorageError) throw new LicenseError('StorageUnavailable', { status: error.status });
    throw error;
  }
}
