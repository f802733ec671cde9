import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What is known about the HTTP request being served, wherever the code runs on its behalf: every log
 * line written during a request carries its id, and once the activity is read its tenant, activity id
 * and command, so a warning deep in the ledger can be traced to the request that caused it.
 */
export interface RequestScope {
  requestId: string;
  tenantId?: string;
  activityId?: string;
  /** The command intent, card verb, invoke or activity type: never the user's text. */
  command?: string;
  /** Cosmos DB requests made on the request's behalf (the store counts them), for its log line. */
  cosmos?: CosmosTally;
}

/** Cosmos DB requests by kind: point reads, writes, queries (each page), bulk requests. */
export interface CosmosTally {
  reads: number;
  writes: number;
  queries: number;
  bulk: number;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, run: () => T): T {
  return storage.run(scope, run);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/**
 * Runs work a request started but that is not the request's own (a background job kicked by a turn):
 * its log lines and Cosmos requests are not counted as the request's, which may have ended long before.
 */
export function outsideRequestScope<T>(run: () => T): T {
  return storage.exit(run);
}

/** Counts one Cosmos request for the request being served; false when none is (background work). */
export function tallyCosmosRequest(kind: keyof CosmosTally): boolean {
  const scope = storage.getStore();
  if (!scope) return false;
  scope.cosmos ??= { reads: 0, writes: 0, queries: 0, bulk: 0 };
  scope.cosmos[kind]++;
  return true;
}

/** The scope's fields for a log line (pino mixin): only those that are known. */
export function requestScopeFields(): Partial<RequestScope> {
  const scope = storage.getStore();
  if (!scope) return {};
  const fields: Partial<RequestScope> = { requestId: scope.requestId };
  if (scope.tenantId) fields.tenantId = scope.tenantId;
  if (scope.activityId) fields.activityId = scope.activityId;
  if (scope.command) fields.command = scope.command;
  return fields;
}
