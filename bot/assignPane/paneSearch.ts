import type { Directory, Principal } from '../directory/directory';

/**
 * The users and groups an admin can pick while typing, for both forms of the Assign licenses
 * pane (the dialog page and the card's typeahead). Teams shows at most 15 typeahead choices.
 */

export const MAX_RESULTS = 15;
const MAX_QUERY_LENGTH = 100;

/** A search result as the pane shows it: who, and the most seats picking them can use. */
export interface PaneResult {
  id: string;
  kind: 'user' | 'group';
  displayName: string;
  /** Users: e-mail address or UPN. */
  email?: string;
  /** Groups: distinct users in the group, nested groups included. */
  memberCount?: number;
  /**
   * Seats this pick uses at most: one for a user, one per member for a group. Members who
   * already hold the app use none; the ledger counts exactly when assigning.
   */
  maxSeats: number;
}

/** The query as typed, tidied; empty when there is nothing worth searching. */
export function cleanQuery(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  return raw.replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
}

export function toPaneResult(principal: Principal): PaneResult {
  return principal.kind === 'user'
    ? {
        id: principal.id,
        kind: 'user',
        displayName: principal.displayName,
        email: principal.mail ?? principal.userPrincipalName,
        maxSeats: 1,
      }
    : {
        id: principal.id,
        kind: 'group',
        displayName: principal.displayName,
        memberCount: principal.memberCount,
        maxSeats: principal.memberCount,
      };
}

/** Users first, then groups, as the directory orders them; `skip` pages through. */
export async function searchPane(
  directory: Directory,
  tenantId: string,
  rawQuery: unknown,
  options: { skip?: number; top?: number } = {},
): Promise<PaneResult[]> {
  const query = cleanQuery(rawQuery);
  if (!query) return [];
  const skip = Math.min(Math.max(0, Math.floor(options.skip ?? 0)), 60);
  const top = Math.min(Math.max(1, Math.floor(options.top ?? MAX_RESULTS)), MAX_RESULTS);
  const found = await directory.searchPrincipals(tenantId, query, { limit: skip + top });
  return found.slice(skip, skip + top).map(toPaneResult);
}
