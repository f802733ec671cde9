/*
 * The embedded Cosmos-compatible server (run in-process by tests, on a worker thread by the app:
 * threadLauncher.ts). Over 400 lines because it is one request pipeline: the library's route table,
 * the write classification and the journaling around it must be read together.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import Account from '@vercel/cosmosdb-server/lib/account';
import routes from '@vercel/cosmosdb-server/lib/routes';
import batchDocuments from '@vercel/cosmosdb-server/lib/handler/batch-documents';
import createCollection from '@vercel/cosmosdb-server/lib/handler/create-collection';
import createDatabase from '@vercel/cosmosdb-server/lib/handler/create-database';
import createDocument from '@vercel/cosmosdb-server/lib/handler/create-document';
import createUdf from '@vercel/cosmosdb-server/lib/handler/create-user-defined-function';
import deleteCollection from '@vercel/cosmosdb-server/lib/handler/delete-collection';
import deleteDatabase from '@vercel/cosmosdb-server/lib/handler/delete-database';
import deleteDocument from '@vercel/cosmosdb-server/lib/handler/delete-document';
import deleteUdf from '@vercel/cosmosdb-server/lib/handler/delete-user-defined-function';
import patchDocument from '@vercel/cosmosdb-server/lib/handler/patch-document';
import replaceCollection from '@vercel/cosmosdb-server/lib/handler/replace-collection';
import replaceDocument from '@vercel/cosmosdb-server/lib/handler/replace-document';
import replaceUdf from '@vercel/cosmosdb-server/lib/handler/replace-user-defined-function';
import upsertDocument from '@vercel/cosmosdb-server/lib/handler/upsert-document';
import upsertUdf from '@vercel/cosmosdb-server/lib/handler/upsert-user-defined-function';
import { parsePartitionKey } from '@vercel/cosmosdb-server/lib/utils/get-partition-from-header';
import { runAtomicBatch } from './atomicBatch';
import { Journal, type JournalEntry, type RecoveryStats, type Resource, type StoreState } from './journal';

const IDLE_CONNECTION_MS = 4 * 60 * 1000;

/** The embedded server's key is not checked; this is the well-known emulator key shape. */
export const EMBEDDED_COSMOS_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export interface EmbeddedCosmos {
  endpoint: string;
  key: string;
  stop(): Promise<void>;
  /** With `dataDir`: what was recovered at start and how long it took. */
  recovery?: RecoveryStats & { loadMillis: number };
  /** With `dataDir`: appends so far (one fdatasync per flush; a flush may cover several writes). */
  journalStats?: Journal['stats'];
  /** Requests and body bytes served since start (what Azure Cosmos DB's Request Units follow). */
  traffic(): Promise<CosmosTraffic>;
}

/** What the embedded server has served since it started, counted where the bytes cross the wire. */
export interface CosmosTraffic {
  requests: number;
  /** Request bodies received: the documents written, the operations of bulk requests, queries. */
  bytesIn: number;
  /** Response bodies sent: the documents read, and those a write returns. */
  bytesOut: number;
}

export interface EmbeddedCosmosOptions {
  /** Loopback port; 0 picks a free one. */
  port?: number;
  /**
   * Directory that makes the data durable. Every write the server accepts is journaled there and
   * flushed to disk before it is answered; at start the data is loaded back before this resolves.
   * Without it the server keeps everything in memory only.
   */
  dataDir?: string;
  /** Journal size that triggers a compaction while running (default 64 MiB). */
  compactAfterBytes?: number;
}

/*
 * The server's own request pipeline is reproduced here (from @vercel/cosmosdb-server 1.0.1,
 * lib/index.js generateRequestHandler) so that we own the in-memory account: the journal reads the
 * resulting state from it and the replay loads documents back with their ETags and timestamps. The
 * route handlers themselves are the library's, unchanged. The only addition: a successful write is
 * journaled before `res.end`.
 */

type Handler = (
  account: Account,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  params: Params,
) => unknown;
type Params = Record<string, string>;
type Body = { [field: string]: unknown } | unknown[] | undefined;
type Kind = 'doc' | 'docDelete' | 'batch' | 'db' | 'coll' | 'udf';

const WRITES = new Map<unknown, Kind>([
  [createDocument, 'doc'],
  [upsertDocument, 'doc'],
  [replaceDocument, 'doc'],
  [patchDocument, 'doc'],
  [deleteDocument, 'docDelete'],
  [batchDocuments, 'batch'],
  [createDatabase, 'db'],
  [deleteDatabase, 'db'],
  [createCollection, 'coll'],
  [replaceCollection, 'coll'],
  [deleteCollection, 'coll'],
  [createUdf, 'udf'],
  [upsertUdf, 'udf'],
  [replaceUdf, 'udf'],
  [deleteUdf, 'udf'],
]);

/** A resource without the fields the server sets itself (destructured: `delete` slows objects). */
function stripSystem(resource: Resource): Resource {
  const { _rid: _r, _self: _s, _etag: _e, _ts: _t, ...rest } = resource;
  return rest as Resource;
}

function partitionKeyPath(collectionDef: { partitionKey?: { paths?: string[] } } | undefined): string[] {
  const first = collectionDef?.partitionKey?.paths?.[0];
  if (!first) return ['id'];
  const segments = first.slice(1).split('/');
  return segments.length === 1 && segments[0] === '_partitionKey' ? ['id'] : segments;
}

function valueAt(segments: string[], doc: unknown): unknown {
  let value = doc;
  for (const segment of segments) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function headerPartitionKey(value: unknown, id: string): unknown {
  try {
    return parsePartitionKey(value as string, id);
  } catch {
    return undefined;
  }
}

/** The state of one document right now: put if present, del if not. */
function docEntry(account: Account, db: string, coll: string, id: string, pk: unknown): JournalEntry {
  const collection = account.database(db).collection(coll);
  const doc = collection.read() ? (collection.document(id, pk).read() as Resource | undefined) : undefined;
  return doc ? { op: 'put', db, coll, pk, doc } : { op: 'del', db, coll, id, pk };
}

function docEntryFor(account: Account, db: string, coll: string, doc: Resource): JournalEntry {
  const def = account.database(db).collection(coll).read() as
    { partitionKey?: { paths?: string[] } } | undefined;
  return docEntry(account, db, coll, doc.id, valueAt(partitionKeyPath(def), doc));
}

/**
 * Journal entries for a write the server accepted, read from the account after the write. Reading
 * the current state (rather than copying the response) keeps the journal right even if two writes
 * to one document finish their handlers in one order and reach this point in the other.
 */
function entriesFor(
  kind: Kind,
  account: Account,
  req: http.IncomingMessage,
  params: Params,
  body: Body,
  requestBody: unknown,
): JournalEntry[] {
  const { dbId, collId } = params;
  const resource = (body && !Array.isArray(body) ? body : {}) as Partial<Resource>;
  switch (kind) {
    case 'doc': {
      const id = resource.id ?? params.docId;
      if (typeof id !== 'string') return [];
      return [docEntryFor(account, dbId, collId, { ...resource, id })];
    }
    case 'docDelete':
      return [
        docEntry(
          account,
          dbId,
          collId,
          params.docId,
          headerPartitionKey(req.headers['x-ms-documentdb-partitionkey'], params.docId),
        ),
      ];
    case 'batch': {
      const results = Array.isArray(body) ? (body as { statusCode?: number; resourceBody?: Resource }[]) : [];
      const inputs = Array.isArray(requestBody)
        ? (requestBody as { operationType?: string; id?: string; partitionKey?: string }[])
        : [];
      const entries: JournalEntry[] = [];
      results.forEach((result, i) => {
        const input = inputs[i];
        const status = result?.statusCode ?? 500;
        if (status >= 300 || !input || input.operationType === 'Read') return;
        if (result.resourceBody?.id) entries.push(docEntryFor(account, dbId, collId, result.resourceBody));
        else if (typeof input.id === 'string')
          entries.push(
            docEntry(account, dbId, collId, input.id, headerPartitionKey(input.partitionKey, input.id)),
          );
      });
      return entries;
    }
    case 'db': {
      const db = dbId ?? resource.id;
      if (typeof db !== 'string') return [];
      const def = account.database(db).read() as Resource | undefined;
      return [def ? { op: 'db', db, def } : { op: 'dbdel', db }];
    }
    case 'coll': {
      const coll = collId ?? resource.id;
      if (typeof coll !== 'string') return [];
      const def = account.database(dbId).collection(coll).read() as Resource | undefined;
      return [def ? { op: 'coll', db: dbId, coll, def } : { op: 'colldel', db: dbId, coll }];
    }
    case 'udf': {
      const id = params.udfId ?? resource.id;
      if (typeof id !== 'string') return [];
      const def = account.database(dbId).collection(collId).userDefinedFunction(id).read() as
        Resource | undefined;
      return [
        def ? { op: 'udf', db: dbId, coll: collId, def } : { op: 'udfdel', db: dbId, coll: collId, id },
      ];
    }
  }
}

const isTrue = (header: string | string[] | undefined) =>
  [header].flat().some((value) => value?.toLowerCase() === 'true');

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A request whose body was already read, readable again by the library's handler. */
function replayable(req: http.IncomingMessage, raw: Buffer): http.IncomingMessage {
  return Object.assign(Readable.from([raw]), {
    headers: req.headers,
    method: req.method,
    url: req.url,
  }) as unknown as http.IncomingMessage;
}

/** Counter the server used to mint a resource id (its `_rid`), per resource type; 0 if unknown. */
const RID_COUNTER = {
  db: (rid: Buffer) => (rid.length >= 4 ? (rid.readUInt32BE(0) >>> 8) & 0x7fffff : 0),
  coll: (rid: Buffer) => (rid.length >= 8 ? rid.readUInt32BE(4) & 0x7fffffff : 0),
  item: (rid: Buffer) => (rid.length >= 16 ? rid.readInt32LE(8) : 0),
};

interface RidCounter {
  _ridCount: number;
}

/**
 * Creates a saved resource again through the server's own collection, so indexes and unique keys
 * are rebuilt the normal way, then gives it back its ETag and timestamp, and (by presetting the
 * collection's id counter) its `_rid`/`_self`: a restored resource is the one that was saved.
 */
function restore<T>(
  items: RidCounter,
  saved: Resource,
  counter: (rid: Buffer) => number,
  create: (data: Resource) => T,
): T {
  const n = typeof saved._rid === 'string' ? counter(Buffer.from(saved._rid, 'base64')) : 0;
  const next = items._ridCount;
  if (n > 0) items._ridCount = n - 1;
  const created = create(stripSystem(saved));
  items._ridCount = Math.max(next, items._ridCount);
  const target = created as Record<string, unknown>;
  if (saved._etag !== undefined) target._etag = saved._etag;
  if (saved._ts !== undefined) target._ts = saved._ts;
  return created;
}

/** Loads a folded state into a fresh account. */
function loadState(account: Account, state: StoreState): void {
  for (const [db, dbState] of state) {
    if (!dbState.def) {
      console.error(`embedded cosmos: database ${db} has data but no definition in the journal; skipped`);
      continue;
    }
    restore(account.databases, dbState.def, RID_COUNTER.db, (d) => account.databases.create(d));
    const database = account.database(db);
    for (const [coll, collState] of dbState.colls) {
      if (!collState.def) {
        console.error(`embedded cosmos: container ${db}/${coll} has data but no definition; skipped`);
        continue;
      }
      restore(database.collections, collState.def, RID_COUNTER.coll, (d) => database.collections.create(d));
      const collection = database.collection(coll);
      const udfs = collection.userDefinedFunctions;
      for (const def of collState.udfs.values()) {
        restore(udfs, def, RID_COUNTER.item, (d) => udfs.create(d as Resource & { body: string }));
      }
      const documents = collection.documents;
      for (const { doc } of collState.docs.values()) {
        restore(documents, doc, RID_COUNTER.item, (d) => documents.create(d));
      }
    }
  }
}

/** Starts a Cosmos-compatible server on loopback; durable when `dataDir` is given. */
export async function startEmbeddedCosmos(options: EmbeddedCosmosOptions = {}): Promise<EmbeddedCosmos> {
  const opened = options.dataDir
    ? await Journal.open(options.dataDir, { compactAfterBytes: options.compactAfterBytes })
    : undefined;
  const journal = opened?.journal;
  const keepAlive = true;
  /** Created once the port is known (the account advertises it), before any request is served. */
  const live: { account?: Account } = {};
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const traffic: CosmosTraffic = { requests: 0, bytesIn: 0, bytesOut: 0 };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    await ready;
    traffic.requests++;
    // The client sends every body with its length; counted from the header, the body is left unread here.
    traffic.bytesIn += Number(req.headers['content-length'] ?? 0) || 0;
    const current = live.account as Account;
    const route = routes(req) as [Params, Handler] | undefined;
    let body: Body;
    if (route) {
      const [params, handler] = route;
      const kind = journal ? WRITES.get(handler) : undefined;
      if (kind && journal?.failed) {
        res.statusCode = 503;
        body = {
          code: 'ServiceUnavailable',
          message: `embedded data directory unusable: ${journal.failed.message}`,
        };
      } else {
        let input = req;
        let requestBody: unknown;
        const atomic = handler === batchDocuments && isTrue(req.headers['x-ms-cosmos-batch-atomic']);
        if (kind === 'batch' || atomic) {
          const raw = await readBody(req);
          input = replayable(req, raw);
          try {
            requestBody = JSON.parse(raw.toString());
          } catch {
            requestBody = undefined;
          }
        }
        try {
          if (atomic) {
            // All or nothing, as on Azure Cosmos DB (the library's handler would keep earlier operations).
            const answer = runAtomicBatch(current, params.dbId, params.collId, requestBody);
            res.statusCode = answer.status;
            body = answer.body as Body;
          } else {
            body = (await handler(current, input, res, params)) as Body;
          }
        } catch (err) {
          console.error(err);
          body = { message: (err as Error).message };
          res.statusCode = 500;
        }
        if (res.statusCode > 399 && !(body as { message?: unknown }).message) {
          (body as { message?: unknown }).message = '';
        }
        if (kind && journal && res.statusCode >= 200 && res.statusCode < 300) {
          try {
            await journal.commit(entriesFor(kind, current, req, params, body, requestBody));
          } catch (err) {
            console.error('embedded cosmos: could not journal an accepted write', err);
            res.statusCode = 500;
            body = {
              code: 'InternalServerError',
              message: `the write could not be saved: ${(err as Error).message}`,
            };
          }
        }
      }
    } else {
      res.statusCode = 400;
      body = { message: 'no route' };
    }
    const etag = (body as { _etag?: unknown } | undefined)?._etag;
    if (body && etag) {
      res.setHeader('etag', etag as string);
    }
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-location', `https://${req.headers.host}${req.url}`);
    res.setHeader('connection', keepAlive ? 'keep-alive' : 'close');
    res.setHeader('x-ms-activity-id', randomUUID());
    res.setHeader('x-ms-request-charge', '1');
    if (req.headers['x-ms-documentdb-populatequerymetrics']) {
      res.setHeader(
        'x-ms-documentdb-query-metrics',
        'totalExecutionTimeInMs=0.00;queryCompileTimeInMs=0.00;queryLogicalPlanBuildTimeInMs=0.00;queryPhysicalPlanBuildTimeInMs=0.00;queryOptimizationTimeInMs=0.00;VMExecutionTimeInMs=0.00;indexLookupTimeInMs=0.00;documentLoadTimeInMs=0.00;systemFunctionExecuteTimeInMs=0.00;userFunctionExecuteTimeInMs=0.00;retrievedDocumentCount=0;retrievedDocumentSize=0;outputDocumentCount=1;outputDocumentSize=0;writeOutputTimeInMs=0.00;indexUtilizationRatio=0.00',
      );
    }
    if (req.headers['a-im'] && res.statusCode === 200) {
      if (req.headers['if-none-match']) {
        res.statusCode = 304;
      }
      res.setHeader('etag', '1');
    }
    // A delete answers no body (JSON.stringify gives undefined).
    const out: string | undefined = JSON.stringify(body);
    if (out) traffic.bytesOut += Buffer.byteLength(out);
    res.end(out);
  };

  const server = http.createServer({ keepAlive } as http.ServerOptions, (req, res) => {
    handle(req, res).catch((err) => {
      console.error(err);
      if (!res.writableEnded) {
        res.statusCode = 500;
        res.end('');
      }
    });
  });
  // Node closes a connection idle for 5 s by default, racing the client's next request on it
  // ("socket hang up", which the SDK's bulk path reports without a code, so it is not retried).
  // Idle connections are kept as long as Azure Cosmos DB's gateway keeps them (minutes).
  server.keepAliveTimeout = IDLE_CONNECTION_MS;
  server.headersTimeout = IDLE_CONNECTION_MS + 1000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    await journal?.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const account = new Account('127.0.0.1', port);
  live.account = account;
  let loadMillis = 0;
  if (journal) {
    const started = performance.now();
    try {
      loadState(account, journal.state);
    } catch (err) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await journal.close();
      throw err;
    }
    loadMillis = performance.now() - started;
  }
  markReady();

  return {
    endpoint: `http://127.0.0.1:${port}`,
    key: EMBEDDED_COSMOS_KEY,
    ...(opened ? { recovery: { ...opened.recovery, loadMillis }, journalStats: opened.journal.stats } : {}),
    traffic: () => Promise.resolve({ ...traffic }),
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
      await journal?.close();
    },
  };
}
