import type {
  Container,
  ItemDefinition,
  JSONObject,
  OperationInput,
  OperationResponse,
  SqlParameter,
} from '@azure/cosmos';
import { tallyCosmosRequest, type CosmosTally } from '../observability/requestScope';
import { NO_TELEMETRY, type Telemetry } from '../observability/telemetry';
import { jitteredBackoffMs, type RetryPolicy } from '../retryPolicy';
import { StorageError } from './storageError';

/**
 * The one way the core talks to Cosmos. Every document lives in its tenant's partition
 * (`/tenantId`); every query is forced to state `c.tenantId = @tenantId` because the embedded server
 * ignores the partition-key option of a query (it returns every tenant's matches). Expected outcomes
 * (404, 409, 412) are values, not exceptions; transient failures are retried here and surface as
 * `StorageError` when they last.
 */

export interface TenantDocument {
  id: string;
  tenantId: string;
}

export interface Stored<T> {
  doc: T;
  etag: string;
}

export type WriteResult<T> =
  { ok: true; doc: T; etag: string } | { ok: false; reason: 'conflict' | 'precondition' | 'notFound' };

export interface WriteOptions {
  /** Write only when the stored document still has this etag (optimistic concurrency). */
  ifMatch?: string;
}

export interface QuerySpec {
  /** Condition ANDed after `c.tenantId = @tenantId`; must not mention `@tenantId` itself. */
  where: string;
  parameters?: SqlParameter[];
  /** A single field of `c`, e.g. `c.seq DESC` (the only ORDER BY both servers accept). */
  orderBy?: string;
}

export interface QueryPage<T> {
  items: T[];
  /** Opaque token for the next page; undefined on the last page. */
  continuation?: string;
}

export type RequestCounts = CosmosTally;

export type WriteKind = 'create' | 'replace' | 'upsert' | 'delete' | 'bulk' | 'batch';

/** One write of a transactional batch (`writeAll`). */
export type BatchWrite =
  | { kind: 'create'; doc: TenantDocument }
  | { kind: 'replace' | 'upsert'; doc: TenantDocument; ifMatch?: string };

/**
 * A transactional batch's outcome: every write applied (their new ETags, in order), or `ok: false`
 * — refused (a condition failed) or failed, possibly after being applied if its answer was lost. The
 * JS SDK reports a refused batch as an error without its status, so the caller reads what decides.
 */
export type BatchResult = { ok: true; etags: string[] } | { ok: false };

/**
 * Test hooks: `beforeWrite` runs before the n-th write request of this store (1-based) is sent,
 * `afterWrite` once it has been acknowledged. Whatever they throw propagates untouched, which is
 * how tests simulate a process dying between two writes.
 */
export interface StoreFaults {
  beforeWrite?(n: number, kind: WriteKind, ids: string[]): void;
  afterWrite?(n: number, kind: WriteKind, ids: string[]): void;
}

export interface DocumentStoreOptions {
  faults?: StoreFaults;
  retry?: Partial<RetryPolicy>;
  /** Counts the requests sent, by operation. */
  telemetry?: Pick<Telemetry, 'cosmosRequest'>;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 50, maxDelayMs: 2000, budgetMs: 8000 };
const TRANSIENT_STATUS = new Set([408, 429, 449, 500, 502, 503, 504]);
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'TimeoutError',
  'EAI_AGAIN',
]);
const BULK_SLICE = 100;
const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts'];

interface CosmosFailure {
  code?: number | string;
  statusCode?: number;
  retryAfterInMs?: number;
  name?: string;
}

function statusOf(error: unknown): number | string | undefined {
  const failure = error as CosmosFailure;
  return failure?.statusCode ?? failure?.code;
}

/**
 * `items.bulk` rethrows a failed request (a whole-request 429 or 503, not one operation's) as a bare
 * `Error('Bulk request errored with: …')` without its status (SDK 4.9), which would read as permanent and
 * end the turn as an unexpected error; its diagnostics still carry the gateway's answer, so the status
 * is put back for the retry and the StorageError to see.
 */
function withBulkStatus(error: unknown): never {
  const failure = error as CosmosFailure & {
    diagnostics?: { clientSideRequestStatistics?: { gatewayStatistics?: { statusCode?: number }[] } };
  };
  const answered = failure?.diagnostics?.clientSideRequestStatistics?.gatewayStatistics?.at(-1)?.statusCode;
  if (statusOf(error) === undefined && answered !== undefined)
    throw Object.assign(failure, { code: answered });
  throw error;
}

function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  if (typeof status === 'number') return TRANSIENT_STATUS.has(status);
  if (typeof status === 'string') return TRANSIENT_CODES.has(status);
  return (error as CosmosFailure)?.name === 'TimeoutError';
}

function withoutSystemFields<T>(resource: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...resource };
  for (const field of SYSTEM_FIELDS) delete copy[field];
  return copy as T;
}

const ifMatch = (options: WriteOptions) =>
  options.ifMatch ? { accessCondition: { type: 'IfMatch', condition: options.ifMatch } } : {};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DocumentStore {
  private readonly counts: RequestCounts = { reads: 0, writes: 0, queries: 0, bulk: 0 };
  /** Those made on behalf of HTTP requests (turns), not by background jobs or start-up. */
  private readonly inRequests: RequestCounts = { reads: 0, writes: 0, queries: 0, bulk: 0 };
  private writesSent = 0;
  private readonly retry: RetryPolicy;
  private readonly telemetry: Pick<Telemetry, 'cosmosRequest'>;
  faults: StoreFaults;

  constructor(
    private readonly container: Container,
    options: DocumentStoreOptions = {},
  ) {
    this.faults = options.faults ?? {};
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.telemetry = options.telemetry ?? NO_TELEMETRY;
  }

  /** Requests sent since creation (or the last reset), by kind: all of them, or only the turns' own. */
  requestCounts(which: 'all' | 'inRequests' = 'all'): RequestCounts {
    return { ...(which === 'all' ? this.counts : this.inRequests) };
  }

  private count(kind: keyof RequestCounts): void {
    this.counts[kind]++;
    if (tallyCosmosRequest(kind)) this.inRequests[kind]++;
  }

  resetCounts(): void {
    for (const tally of [this.counts, this.inRequests]) {
      tally.reads = 0;
      tally.writes = 0;
      tally.queries = 0;
      tally.bulk = 0;
    }
  }

  async read<T extends TenantDocument>(tenantId: string, id: string): Promise<Stored<T> | undefined> {
    this.count('reads');
    const response = await this.withRetry('read', () =>
      this.container.item(id, tenantId).read<ItemDefinition>(),
    );
    if (response.statusCode === 404 || !response.resource) return undefined;
    return { doc: withoutSystemFields<T>(response.resource), etag: response.etag };
  }

  /** Point reads of many documents of one tenant, 100 per bulk request; missing ids are absent. */
  async readMany<T extends TenantDocument>(tenantId: string, ids: string[]): Promise<Map<string, Stored<T>>> {
    const found = new Map<string, Stored<T>>();
    const operations: OperationInput[] = ids.map((id) => ({
      operationType: 'Read',
      id,
      partitionKey: tenantId,
    }));
    for (const result of await this.bulk(operations)) {
      const body = result.resourceBody;
      if (result.statusCode === 200 && body) {
        const doc = withoutSystemFields<T>(body as Record<string, unknown>);
        found.set(doc.id, { doc, etag: result.eTag ?? '' });
      } else if (result.statusCode !== 404) {
        throw new StorageError(String(result.statusCode));
      }
    }
    return found;
  }

  async create<T extends TenantDocument>(doc: T): Promise<WriteResult<T>> {
    return this.write('create', [doc.id], async () => {
      const response = await this.container.items.create(doc as unknown as ItemDefinition);
      return { doc, etag: response.etag };
    });
  }

  async replace<T extends TenantDocument>(doc: T, options: WriteOptions = {}): Promise<WriteResult<T>> {
    return this.write('replace', [doc.id], async () => {
      const response = await this.container
        .item(doc.id, doc.tenantId)
        .replace(doc as unknown as ItemDefinition, ifMatch(options));
      return { doc, etag: response.etag };
    });
  }

  async upsert<T extends TenantDocument>(doc: T, options: WriteOptions = {}): Promise<WriteResult<T>> {
    return this.write('upsert', [doc.id], async () => {
      const response = await this.container.items.upsert(doc as unknown as ItemDefinition, ifMatch(options));
      return { doc, etag: response.etag };
    });
  }

  async delete(
    tenantId: string,
    id: string,
    options: WriteOptions = {},
  ): Promise<WriteResult<{ id: string }>> {
    return this.write('delete', [id], async () => {
      await this.container.item(id, tenantId).delete(ifMatch(options));
      return { doc: { id }, etag: '' };
    });
  }

  /** Idempotent upserts of many documents of one tenant, 100 per bulk request (not atomic). */
  async upsertMany(tenantId: string, docs: TenantDocument[]): Promise<void> {
    if (docs.length === 0) return;
    if (docs.some((doc) => doc.tenantId !== tenantId))
      throw new Error('upsertMany: documents of another tenant');
    const ids = docs.map((doc) => doc.id);
    const n = ++this.writesSent;
    this.faults.beforeWrite?.(n, 'bulk', ids);
    const operations: OperationInput[] = docs.map((doc) => ({
      operationType: 'Upsert',
      resourceBody: doc as unknown as JSONObject,
      partitionKey: tenantId,
    }));
    const failed = (await this.bulk(operations)).find((result) => result.statusCode >= 300);
    if (failed) throw new StorageError(String(failed.statusCode));
    this.faults.afterWrite?.(n, 'bulk', ids);
  }

  /**
   * Writes documents of one tenant in one transactional batch: all of them or none (Azure Cosmos DB
   * runs a batch within a partition as a transaction; the embedded server does too, atomicBatch.ts).
   * At most 100 writes. Not retried here: after a failure only a read tells whether it was applied.
   */
  async writeAll(tenantId: string, writes: BatchWrite[]): Promise<BatchResult> {
    if (writes.some((write) => write.doc.tenantId !== tenantId))
      throw new Error('writeAll: documents of another tenant');
    this.count('writes');
    const ids = writes.map((write) => write.doc.id);
    const n = ++this.writesSent;
    this.faults.beforeWrite?.(n, 'batch', ids);
    const operations: OperationInput[] = writes.map((write) => ({
      operationType: write.kind === 'create' ? 'Create' : write.kind === 'replace' ? 'Replace' : 'Upsert',
      ...(write.kind === 'replace' ? { id: write.doc.id } : {}),
      resourceBody: write.doc as unknown as JSONObject,
      partitionKey: tenantId,
      ...(write.kind !== 'create' && write.ifMatch ? { ifMatch: write.ifMatch } : {}),
    })) as OperationInput[];
    let result: BatchResult;
    try {
      this.telemetry.cosmosRequest('batch');
      const response = await this.container.items.batch(operations, tenantId);
      const results = response.result ?? [];
      const applied =
        response.code !== undefined &&
        response.code < 300 &&
        results.length === writes.length &&
        results.every((one) => one.statusCode < 300);
      result = applied ? { ok: true, etags: results.map((one) => one.eTag ?? '') } : { ok: false };
    } catch {
      result = { ok: false };
    }
    this.faults.afterWrite?.(n, 'batch', ids);
    return result;
  }

  /**
   * Sends operations of one partition in requests of at most 100, retrying a request while any of
   * its operations failed transiently. `items.bulk` is used rather than `executeBulkOperations`,
   * which waits a full second before sending a partial batch (SDK 4.9): too slow for a chat answer.
   */
  private async bulk(operations: OperationInput[]): Promise<OperationResponse[]> {
    const slices: OperationInput[][] = [];
    for (let i = 0; i < operations.length; i += BULK_SLICE) slices.push(operations.slice(i, i + BULK_SLICE));
    const answers = await Promise.all(
      slices.map((slice) => {
        this.count('bulk');
        return this.withRetry('bulk', async () => {
          const results = await this.container.items
            .bulk(slice, { continueOnError: true })
            .catch(withBulkStatus);
          const transient = results.find((result) => TRANSIENT_STATUS.has(result.statusCode));
          if (transient)
            throw Object.assign(new Error('bulk operation failed'), { code: transient.statusCode });
          return results;
        });
      }),
    );
    return answers.flat();
  }

  /** One page of a parameterized query, always confined to the tenant. */
  async queryPage<T extends TenantDocument>(
    tenantId: string,
    spec: QuerySpec,
    page: { pageSize: number; continuation?: string },
  ): Promise<QueryPage<T>> {
    const parameters = spec.parameters ?? [];
    if (parameters.some((parameter) => parameter.name === '@tenantId') || /@tenantId\b/.test(spec.where)) {
      throw new Error('queryPage: @tenantId is bound by the store, not by the caller');
    }
    const query = {
      query:
        `SELECT * FROM c WHERE c.tenantId = @tenantId AND (${spec.where})` +
        (spec.orderBy ? ` ORDER BY ${spec.orderBy}` : ''),
      parameters: [{ name: '@tenantId', value: tenantId }, ...parameters],
    };
    this.count('queries');
    const response = await this.withRetry('query', () =>
      this.container.items
        .query<ItemDefinition>(query, {
          partitionKey: tenantId,
          maxItemCount: page.pageSize,
          continuationToken: page.continuation,
        })
        .fetchNext(),
    );
    const items = response.resources
      .map((resource) => withoutSystemFields<T>(resource as unknown as Record<string, unknown>))
      .filter((doc) => doc.tenantId === tenantId);
    return { items, continuation: response.hasMoreResults ? response.continuationToken : undefined };
  }

  /**
   * The tenants whose partition holds a document with this id: the one query that crosses
   * partitions (fan-out on Azure Cosmos DB; a full scan on the embedded server). For background jobs
   * only, never a turn.
   */
  async tenantsHolding(id: string): Promise<string[]> {
    const tenants: string[] = [];
    let continuation: string | undefined;
    do {
      this.count('queries');
      const response = await this.withRetry('query', () =>
        this.container.items
          .query<{ tenantId: string }>(
            { query: 'SELECT c.tenantId FROM c WHERE c.id = @id', parameters: [{ name: '@id', value: id }] },
            { maxItemCount: 1000, continuationToken: continuation },
          )
          .fetchNext(),
      );
      tenants.push(...response.resources.map((resource) => resource.tenantId));
      continuation = response.hasMoreResults ? response.continuationToken : undefined;
    } while (continuation);
    return tenants;
  }

  private async write<T>(
    kind: WriteKind,
    ids: string[],
    send: () => Promise<{ doc: T; etag: string }>,
  ): Promise<WriteResult<T>> {
    this.count('writes');
    const n = ++this.writesSent;
    this.faults.beforeWrite?.(n, kind, ids);
    let result: WriteResult<T>;
    try {
      const written = await this.withRetry(kind, send);
      result = { ok: true, doc: written.doc, etag: written.etag };
    } catch (error) {
      const status = statusOf(error);
      if (status === 409) result = { ok: false, reason: 'conflict' };
      else if (status === 412) result = { ok: false, reason: 'precondition' };
      else if (status === 404) result = { ok: false, reason: 'notFound' };
      else throw error;
    }
    this.faults.afterWrite?.(n, kind, ids);
    return result;
  }

  /** Sends a request (counted by operation for the metrics, each attempt), retrying transient failures. */
  private async withRetry<R>(operation: string, send: () => Promise<R>): Promise<R> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      this.telemetry.cosmosRequest(operation);
      try {
        return await send();
      } catch (error) {
        if (!isTransient(error)) throw error;
        if (attempt >= this.retry.attempts || Date.now() - started >= this.retry.budgetMs) {
          throw new StorageError(String(statusOf(error) ?? 'timeout'));
        }
        const hinted = (error as CosmosFailure).retryAfterInMs ?? 0;
        await sleep(Math.max(hinted, jitteredBackoffMs(this.retry, attempt)));
      }
    }
  }
}
