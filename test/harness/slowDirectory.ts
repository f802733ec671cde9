import { loadConfig } from '../../bot/config/config';
import { createDirectory, type Directory } from '../../bot/directory';

/**
 * The sample organisation's directory, slow the way Microsoft Graph can be: principal lookups and
 * group expansions answer after `delayMs` (a real timer). Only the ledger asks these, inside an
 * assignment or an unassign preparation, so the command's own work is slow while finding the names
 * and checking the admin's role stay fast.
 */
export function slowSampleDirectory(delayMs: number): Directory {
  const inner = createDirectory(loadConfig({}).directory);
  const later = <T>(answer: () => Promise<T>) =>
    new Promise<void>((resolve) => setTimeout(resolve, delayMs)).then(answer);
  return {
    searchPrincipals: (tenantId, query, options) => inner.searchPrincipals(tenantId, query, options),
    resolvePrincipal: (tenantId, text, options) => inner.resolvePrincipal(tenantId, text, options),
    adminRoles: (tenantId, userId) => inner.adminRoles(tenantId, userId),
    getPrincipal: (tenantId, id) => later(() => inner.getPrincipal(tenantId, id)),
    transitiveUserMembers: (tenantId, groupId) => later(() => inner.transitiveUserMembers(tenantId, groupId)),
  };
}
