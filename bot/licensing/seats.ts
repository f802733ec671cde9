import type { Directory, Principal } from '../directory/directory';
import type { AssignmentRecord } from './ledgerDocuments';
import { LicenseError, type PrincipalRef } from './model';

/**
 * Microsoft 365 seat semantics: the users holding an app are its direct users plus the transitive
 * members of its assigned groups, each counted once. Membership is read from the directory at the
 * time of the question, so a group that grew shows up as over-assignment.
 */

/** One operation's view of the directory: each principal and group is asked for at most once. */
export class DirectoryView {
  private readonly principals = new Map<string, Promise<Principal | undefined>>();
  private readonly members = new Map<string, Promise<string[]>>();

  constructor(
    private readonly directory: Directory,
    readonly tenantId: string,
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

  /** Distinct user ids (lowercase) of a group, nested groups expanded. */
  groupMembers(groupId: string): Promise<string[]> {
    const key = groupId.toLowerCase();
    let found = this.members.get(key);
    if (!found) {
      found = this.directory
        .transitiveUserMembers(this.tenantId, groupId)
        .then((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]);
      this.members.set(key, found);
    }
    return found;
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
  assignments: AssignmentRecord[],
  view: DirectoryView,
): Promise<Set<string>> {
  const users = new Set<string>();
  const groups: string[] = [];
  for (const record of assignments) {
    if (record.k === 'u') users.add(record.id.toLowerCase());
    else groups.push(record.id);
  }
  for (const members of await Promise.all(groups.map((id) => view.groupMembers(id)))) {
    for (const user of members) users.add(user);
  }
  return users;
}

/** Users of one principal: itself for a user, its transitive members for a group. */
export async function usersOf(kind: 'u' | 'g', id: string, view: DirectoryView): Promise<string[]> {
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
