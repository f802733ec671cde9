import type Account from '@vercel/cosmosdb-server/lib/account';
import type ItemObject from '@vercel/cosmosdb-server/lib/account/item-object';
import * as operations from '@vercel/cosmosdb-server/lib/handler/_document-operations';
import type { OperationResult } from '@vercel/cosmosdb-server/lib/handler/_document-operations';
import { parsePartitionKey } from '@vercel/cosmosdb-server/lib/utils/get-partition-from-header';

/**
 * A transactional batch (`x-ms-cosmos-batch-atomic: true`) as Azure Cosmos DB runs it: all of its
 * operations or none. The library's own batch handler applies operations one by one and leaves the
 * earlier ones applied when a later one fails; this runs the library's same per-operation code, then
 * on a failure puts back what the earlier operations changed. It runs synchronously from first
 * operation to last undo, so no other request sees a half-applied batch.
 *
 * The answer follows Azure Cosmos DB: the failed operation has its status, every other one 424
 * (failed dependency), and the response's status is the failed operation's.
 */

interface BatchInput {
  operationType?: string;
  id?: string;
  partitionKey?: string;
  ifMatch?: string;
  resourceBody?: { id?: string } & Record<string, unknown>;
}

export interface BatchAnswer {
  status: number;
  body: unknown;
}

const RUN: Record<string, (collection: never, input: never) => OperationResult> = {
  Create: operations.createOperation,
  Upsert: operations.upsertOperation,
  Read: operations.readOperation,
  Delete: operations.deleteOperation,
  Replace: operations.replaceOperation,
};

export function runAtomicBatch(account: Account, dbId: string, collId: string, body: unknown): BatchAnswer {
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) return { status: 404, body: {} };
  if (!Array.isArray(body)) return { status: 400, body: { message: 'Invalid request body' } };
  const inputs = body as BatchInput[];
  const unknown = inputs.find((input) => !input || !RUN[input.operationType ?? '']);
  if (unknown) {
    return {
      status: 400,
      body: { message: `Operation type '${unknown?.operationType}' is not supported in Batch.` },
    };
  }

  // What each operation's document was before it ran (undefined: absent), to put it back.
  const before: { id: string; partition: unknown; doc: ItemObject | undefined }[] = [];
  const results: OperationResult[] = [];
  for (const input of inputs) {
    const id = input.id ?? input.resourceBody?.id;
    let partition: unknown;
    try {
      partition = parsePartitionKey(input.partitionKey as string, id as string);
    } catch {
      partition = undefined;
    }
    if (typeof id === 'string' && input.operationType !== 'Read') {
      before.push({ id, partition, doc: collection.document(id, partition as never).read() ?? undefined });
    }
    const result = RUN[input.operationType!](collection as never, input as never);
    results.push(result);
    if (result.statusCode >= 400) {
      undo(collection, before);
      return {
        status: result.statusCode,
        body: inputs.map((_, i) =>
          i === results.length - 1
            ? { statusCode: result.statusCode, requestCharge: 0, ...messageOf(result) }
            : { statusCode: 424, requestCharge: 0 },
        ),
      };
    }
  }
  return {
    status: 200,
    body: results.map((result) => ({
      statusCode: result.statusCode,
      requestCharge: 1,
      eTag: result.body ? (result.body as { _etag?: string })._etag : undefined,
      resourceBody: result.body,
    })),
  };
}

function messageOf(result: OperationResult): { message?: string } {
  const message = (result.body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? { message } : {};
}

/** Puts documents back as they were, newest change first (the stored objects themselves: same ETag and timestamp). */
function undo(
  collection: ReturnType<ReturnType<Account['database']>['collection']>,
  changed: { id: string; partition: unknown; doc: ItemObject | undefined }[],
): void {
  const documents = collection.documents as unknown as {
    delete(id: string, partition: unknown): void;
    _set(data: ItemObject): ItemObject;
  };
  for (const { id, partition, doc } of [...changed].reverse()) {
    if (collection.document(id, partition as never).read()) documents.delete(id, partition);
    if (doc) documents._set(doc);
  }
}
