import type { Directory, Principal } from '../directory/directory';
import { groupExpansion, type GroupExpansion, type Holders, type LedgerCache } from './ledgerCache';
import type { AssignmentRecord } from './ledgerDocuments';
import { LicenseError, type PrincipalRef } from './model';

/**
 * Microsoft 365 seat semantics: the users holding an app are its direct users plus the transitive
 * members of its assigned groups, each counted once. Membership is read from the directory at the
 * time of the question (or at most the ledger cache's membership delay before it), so a group that
 * grew shows up as over-assignment.
 */

/**
 * One operation's view of the directory: each principal and group is asked for at most once.
 * With a ledger cache, group expansions are shared between operations for the cache's membership delay.
 */
export class DirectoryView {
  private readonly principals = new Map<string, Promise<Principal | undefined>>();
  private readonly expansions = new Map<string, Promise<GroupExpansion>>();

  constructor(
    private readonly directory: Directory,
    readonly tenantId: string,
    private readonly cache?: LedgerCache,
  ) {}

  principal(id: string): Promise<Principal | undefined> {
    const key = id.toLowerCase();
    let found = this.principals.get(key);
    if (!found) {
      found = this.directory.getPrincipal(this.tenantId, id);
      this.principals.set(key, found);
    }
    return found;
  }

  /** A group's distinct user ids (lowercase, nested groups expanded), and until when they may be reused. */
  expansion(groupId: string): Promise<GroupExpansion> {
    const key = groupId.toLowerCase();
    let found = this.expansions.get(key);
    if (!found) {
      const cached = this.cache?.group(this.tenantId, groupId);
      found = cached
        ? Promise.resolve(cached)
        : this.directory.transitiveUserMembers(this.tenantId, groupId).then((ids) => {
            const cache = this.cache;
            const expansion = groupExpansion(ids, cache?.now() ?? 0, cache?.membershipMs ?? 0);
            cache?.putGroup(this.tenantId, groupId, expansion);
            return expansion;
          });
      this.expansions.set(key, found);
    }
    return found;
  }

  /** Distinct user ids (lowercase) of a group, nested groups expanded. */
  async groupMembers(groupId: string): Promise<readonly string[]> {
    return (await this.expansion(groupId)).members;
  }

  /** Resolves principal ids named by an admin; unknown ids are refused. */
  async resolveAll(ids: string[]): Promise<Principal[]> {
    const unique = [...new Map(ids.map((id) => [id.trim().toLowerCase(), id.trim()])).values()];
    const found = await Promise.all(unique.map((id) => this.principal(id)));
    const missingAt = found.findIndex((principal) => !principal);
    if (missingAt >= 0) throw new LicenseError('PrincipalNotFound', { principalId: unique[missingAt] });
    return [
      ...new Map((found as Principal[]).map((principal) => [principal.id.toLowerCase(), principal])).values(),
    ];
  }

  /** A reference for display; a principal deleted from the directory keeps its id as name. */
  async ref(kind: 'user' | 'group', id: string): Promise<PrincipalRef> {
    const principal = await this.principal(id);
    return { kind, id: principal?.id ?? id, displayName: principal?.displayName ?? id };
  }
}

export const toRef = (principal: Principal): PrincipalRef => ({
  kind: principal.kind,
  id: principal.id,
  displayName: principal.displayName,
});

/** The distinct users (lowercase ids) a set of direct assignments gives the app to. */
export async function holdingUsers(
  assignments: readonly AssignmentRecord[],
  view: DirectoryView,
): Promise<Set<string>> {
  return (await holders(assignments, view)).users as Set<string>;
}

/** The distinct users holding the app, and until when the answer holds (the earliest group expansion's limit). */
export async function holders(
  assignments: readonly AssignmentRecord[],
  view: DirectoryView,
): Promise<Holders> {
  const users = new Set<string>();
  const groups: string[] = [];
  for (const record of assignments) {
    if (record.k === 'u') users.add(record.id.toLowerCase());
    else groups.push(record.id);
  }
  let validUntil = Infinity;
  for (const expansion of await Promise.all(groups.map((id) => view.expansion(id)))) {
    validUntil = Math.min(validUntil, expansion.validUntil);
    for (const user of expansion.members) users.add(user);
  }
  return { users, validUntil };
}

/** Users of one principal: itself for a user, its transitive members for a group. */
export async function usersOf(kind: 'u' | 'g', id: string, view: DirectoryView): Promise<readonly string[]> {
  return kind === 'u' ? [id.toLowerCase()] : view.groupMembers(id);
}

export function seatSummary(seatsPurchased: number, seatsAssigned: number) {
  return {
    seatsPurchased,
    seatsAssigned,
    seatsAvailable: Math.max(0, seatsPurchased - seatsAssigned),
    overAssigned: seatsAssigned > seatsPurchased,
  };
}
