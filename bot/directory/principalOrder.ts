import { AdminRole, Principal, normalizeName } from './directory';

/**
 * The order the directory contract promises for results: users first, then groups, each by
 * normalized display name, ties broken by id so every implementation answers identically.
 */
export function comparePrincipals(a: Principal, b: Principal): number {
  if (a.kind !== b.kind) return a.kind === 'user' ? -1 : 1;
  return compareNames(normalizeName(a.displayName), a.id, normalizeName(b.displayName), b.id);
}

export function compareNames(nameA: string, idA: string, nameB: string, idB: string): number {
  if (nameA !== nameB) return nameA < nameB ? -1 : 1;
  if (idA !== idB) return idA < idB ? -1 : 1;
  return 0;
}

const ROLE_ORDER: AdminRole[] = ['GlobalAdministrator', 'LicenseAdministrator', 'UserAdministrator'];

export function sortRoles(roles: Iterable<AdminRole>): AdminRole[] {
  const held = new Set(roles);
  return ROLE_ORDER.filter((role) => held.has(role));
}

export const DEFAULT_LIMIT = 10;
