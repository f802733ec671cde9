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
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, run: () => T): T {
  return storage.run(scope, run);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
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
