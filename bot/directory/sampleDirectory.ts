import { readFileSync } from 'node:fs';
import {
  ADMIN_ROLE_TEMPLATE_IDS,
  AdminRole,
  Directory,
  DirectoryError,
  DirectoryGroup,
  DirectoryUser,
  Principal,
  SearchOptions,
  normalizeName,
} from './directory';
import { DEFAULT_LIMIT, compareNames, sortRoles } from './principalOrder';

/** The sample organisation file: what Microsoft Graph would say about a small tenant. */
export interface SampleOrganisation {
  tenantId: string;
  organisation: string;
  users: SampleUser[];
  groups: SampleGroup[];
  roleAssignments: SampleRoleAssignment[];
}

export interface SampleUser {
  id: string;
  displayName: string;
  givenName?: string;
  surname?: string;
  userPrincipalName: string;
  mail?: string;
}

export interface SampleGroup {
  id: string;
  displayName: string;
  mail?: string;
  /** Ids of users or of nested groups. */
  members: string[];
}

export interface SampleRoleAssignment {
  roleTemplateId: string;
  principalId: string;
}

/** Reads and validates a sample organisation file; the error names the file and what is wrong. */
export function loadSampleOrganisation(path: string): SampleOrganisation {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Sample organisation file ${path} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`Sample organisation file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const problem = findProblem(parsed);
  if (problem) throw new Error(`Sample organisation file ${path} is invalid: ${problem}`);
  return parsed as SampleOrganisation;
}

function findProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'the top level must be an object';
  if (!isText(value.tenantId)) return '"tenantId" must be a non-empty string';
  if (!isText(value.organisation)) return '"organisation" must be a non-empty string';
  if (!Array.isArray(value.users)) return '"users" must be an array';
  if (!Array.isArray(value.groups)) return '"groups" must be an array';
  if (!Array.isArray(value.roleAssignments)) return '"roleAssignments" must be an array';

  const ids = new Set<string>();
  for (const [i, user] of value.users.entries()) {
    const where = `users[${i}]`;
    if (!isObject(user)) return `${where} must be an object`;
    for (const field of ['id', 'displayName', 'userPrincipalName'])
      if (!isText(user[field])) return `${where}.${field} must be a non-empty string`;
    for (const field of ['givenName', 'surname', 'mail'])
      if (user[field] !== undefined && user[field] !== null && typeof user[field] !== 'string')
        return `${where}.${field} must be a string when present`;
    const id = (user.id as string).toLowerCase();
    if (ids.has(id)) return `${where}.id "${user.id}" is used twice`;
    ids.add(id);
  }
  for (const [i, group] of value.groups.entries()) {
    const where = `groups[${i}]`;
    if (!isObject(group)) return `${where} must be an object`;
    for (const field of ['id', 'displayName'])
      if (!isText(group[field])) return `${where}.${field} must be a non-empty string`;
    if (group.mail !== undefined && group.mail !== null && typeof group.mail !== 'string')
      return `${where}.mail must be a string when present`;
    if (!Array.isArray(group.members) || !group.members.every(isText))
      return `${where}.members must be an array of ids`;
    const id = (group.id as string).toLowerCase();
    if (ids.has(id)) return `${where}.id "${group.id}" is used twice`;
    ids.add(id);
  }
  for (const [i, group] of (value.groups as SampleGroup[]).entries())
    for (const member of group.members)
      if (!ids.has(member.toLowerCase()))
        return `groups[${i}] ("${group.displayName}") has member "${member}", which is neither a user nor a group`;
  for (const [i, assignment] of value.roleAssignments.entries()) {
    const where = `roleAssignments[${i}]`;
    if (!isObject(assignment)) return `${where} must be an object`;
    if (!isText(assignment.roleTemplateId)) return `${where}.roleTemplateId must be a non-empty string`;
    if (!isText(assignment.principalId)) return `${where}.principalId must be a non-empty string`;
    if (!ids.has(assignment.principalId.toLowerCase()))
      return `${where}.principalId "${assignment.principalId}" is neither a user nor a group`;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * The sample organisation served from memory. Everything is indexed once at construction:
 * principals are numbered in contract order (users then groups, by display name), so a search only
 * has to keep the smallest matching numbers; prefixes are found by binary search in a sorted key
 * list; transitive members are expanded on first use and remembered.
 */
export class SampleDirectory implements Directory {
  private readonly tenantId: string;
  private readonly users: DirectoryUser[];
  private readonly groups: SampleGroup[];
  private readonly byId = new Map<string, number>();
  private readonly byExactName = new Map<string, number[]>();
  private readonly prefixKeys: string[];
  private readonly prefixOwners: Int32Array;
  /** Per group: direct user members (user numbers) and nested groups (group numbers). */
  private readonly directUsers: Int32Array[];
  private readonly childGroups: Int32Array[];
  private readonly transitive: (Int32Array | undefined)[];
  private readonly rolesByUser = new Map<number, AdminRole[]>();
  private userMark: Uint32Array;
  private groupMark: Uint32Array;
  private stamp = 0;

  constructor(org: SampleOrganisation) {
    this.tenantId = org.tenantId.toLowerCase();
    const users = inContractOrder(org.users);
    this.groups = inContractOrder(org.groups);
    this.users = users.map((user) =>
      Object.freeze({
        kind: 'user' as const,
        id: user.id,
        displayName: user.displayName,
        userPrincipalName: user.userPrincipalName,
        ...(user.mail ? { mail: user.mail } : {}),
      }),
    );
    const userCount = this.users.length;

    const keys: string[] = [];
    const owners: number[] = [];
    const index = (number: number, id: string, displayName: string, mail?: string, upn?: string) => {
      this.byId.set(id.toLowerCase(), number);
      const name = normalizeName(displayName);
      const exact = new Set([id.toLowerCase(), name]);
      const prefixes = new Set([name, ...name.split(' ')]);
      for (const address of [mail, upn]) {
        if (!address) continue;
        const normalized = normalizeName(address);
        exact.add(normalized);
        prefixes.add(normalized);
      }
      for (const key of exact) {
        const list = this.byExactName.get(key);
        if (list) list.push(number);
        else this.byExactName.set(key, [number]);
      }
      for (const key of prefixes) {
        if (key === '') continue;
        keys.push(key);
        owners.push(number);
      }
    };
    users.forEach((user, i) => index(i, user.id, user.displayName, user.mail, user.userPrincipalName));
    this.groups.forEach((group, i) => index(userCount + i, group.id, group.displayName, group.mail));

    const order = Array.from(keys.keys()).sort((a, b) =>
      keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0,
    );
    this.prefixKeys = order.map((i) => keys[i]);
    this.prefixOwners = Int32Array.from(order, (i) => owners[i]);

    this.directUsers = [];
    this.childGroups = [];
    for (const group of this.groups) {
      const direct: number[] = [];
      const children: number[] = [];
      for (const member of group.members) {
        const number = this.byId.get(member.toLowerCase());
        if (number === undefined) continue;
        if (number < userCount) direct.push(number);
        else children.push(number - userCount);
      }
      this.directUsers.push(Int32Array.from(direct));
      this.childGroups.push(Int32Array.from(children));
    }
    this.transitive = new Array(this.groups.length).fill(undefined);
    this.userMark = new Uint32Array(userCount);
    this.groupMark = new Uint32Array(this.groups.length);

    const roles = new Map<number, Set<AdminRole>>();
    for (const assignment of org.roleAssignments) {
      const role = ADMIN_ROLE_TEMPLATE_IDS[assignment.roleTemplateId.toLowerCase()];
      const number = this.byId.get(assignment.principalId.toLowerCase());
      if (!role || number === undefined || number >= userCount) continue;
      const held = roles.get(number) ?? new Set<AdminRole>();
      held.add(role);
      roles.set(number, held);
    }
    for (const [number, held] of roles) this.rolesByUser.set(number, sortRoles(held));
  }

  async searchPrincipals(tenantId: string, query: string, options?: SearchOptions): Promise<Principal[]> {
    this.checkTenant(tenantId);
    const prefix = normalizeName(query);
    const limit = options?.limit ?? DEFAULT_LIMIT;
    if (prefix === '' || limit <= 0) return [];
    const wantUsers = !options?.kinds || options.kinds.includes('user');
    const wantGroups = !options?.kinds || options.kinds.includes('group');
    const userCount = this.users.length;

    // The smallest `limit` distinct principal numbers among the matching keys, kept sorted.
    const best: number[] = [];
    const keys = this.prefixKeys;
    for (let i = lowerBound(keys, prefix); i < keys.length && keys[i].startsWith(prefix); i++) {
      const number = this.prefixOwners[i];
      if (number < userCount ? !wantUsers : !wantGroups) continue;
      if (best.length === limit && number >= best[limit - 1]) continue;
      let at = best.length;
      while (at > 0 && best[at - 1] > number) at--;
      if (at > 0 && best[at - 1] === number) continue;
      best.splice(at, 0, number);
      if (best.length > limit) best.pop();
    }
    return best.map((number) => this.principalAt(number));
  }

  async getPrincipal(tenantId: string, id: string): Promise<Principal | undefined> {
    this.checkTenant(tenantId);
    const number = this.byId.get(id.trim().toLowerCase());
    return number === undefined ? undefined : this.principalAt(number);
  }

  async resolvePrincipal(tenantId: string, text: string, options?: SearchOptions): Promise<Principal[]> {
    this.checkTenant(tenantId);
    const limit = options?.limit ?? DEFAULT_LIMIT;
    const userCount = this.users.length;
    const matches = [...(this.byExactName.get(normalizeName(text)) ?? [])]
      .filter((number) => !options?.kinds || options.kinds.includes(number < userCount ? 'user' : 'group'))
      .sort((a, b) => a - b);
    return matches.slice(0, Math.max(limit, 0)).map((number) => this.principalAt(number));
  }

  async transitiveUserMembers(tenantId: string, groupId: string): Promise<string[]> {
    this.checkTenant(tenantId);
    const number = this.byId.get(groupId.trim().toLowerCase());
    if (number === undefined || number < this.users.length) return [];
    return Array.from(this.expand(number - this.users.length), (user) => this.users[user].id);
  }

  async memberPath(tenantId: string, groupId: string, userId: string): Promise<Principal[] | undefined> {
    this.checkTenant(tenantId);
    const userCount = this.users.length;
    const start = this.byId.get(groupId.trim().toLowerCase());
    const user = this.byId.get(userId.trim().toLowerCase());
    if (start === undefined || start < userCount || user === undefined || user >= userCount) return undefined;
    // Breadth first: the shortest chain of nested groups, cycles skipped.
    const parent = new Map<number, number>([[start - userCount, -1]]);
    const queue = [start - userCount];
    while (queue.length > 0) {
      const group = queue.shift()!;
      if (this.directUsers[group].includes(user)) {
        const path: Principal[] = [];
        for (let at = group; at !== -1; at = parent.get(at)!) path.unshift(this.principalAt(userCount + at));
        return path;
      }
      for (const child of this.childGroups[group]) {
        if (parent.has(child)) continue;
        parent.set(child, group);
        queue.push(child);
      }
    }
    return undefined;
  }

  async adminRoles(tenantId: string, userId: string): Promise<AdminRole[]> {
    this.checkTenant(tenantId);
    const number = this.byId.get(userId.trim().toLowerCase());
    return number === undefined ? [] : [...(this.rolesByUser.get(number) ?? [])];
  }

  private checkTenant(tenantId: string): void {
    if (tenantId.trim().toLowerCase() !== this.tenantId)
      throw new DirectoryError(
        'TenantNotInDirectory',
        `The organisation ${tenantId} is not in the sample directory.`,
        `The sample directory serves only the organisation ${this.tenantId}.`,
      );
  }

  private principalAt(number: number): Principal {
    const userCount = this.users.length;
    if (number < userCount) return this.users[number];
    const group = this.groups[number - userCount];
    const principal: DirectoryGroup = {
      kind: 'group',
      id: group.id,
      displayName: group.displayName,
      memberCount: this.expand(number - userCount).length,
    };
    if (group.mail) principal.mail = group.mail;
    return principal;
  }

  /**
   * Distinct user numbers reachable from a group, ascending. Marks stamped per call make the walk
   * cycle-safe without allocating sets; a nested group already expanded is reused whole.
   */
  private expand(root: number): Int32Array {
    const known = this.transitive[root];
    if (known) return known;
    if (this.stamp === 0xffffffff) {
      this.userMark.fill(0);
      this.groupMark.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const found: number[] = [];
    const addUser = (user: number) => {
      if (this.userMark[user] !== stamp) {
        this.userMark[user] = stamp;
        found.push(user);
      }
    };
    const stack = [root];
    this.groupMark[root] = stamp;
    while (stack.length > 0) {
      const group = stack.pop() as number;
      const expanded = group === root ? undefined : this.transitive[group];
      if (expanded) {
        expanded.forEach(addUser);
        continue;
      }
      this.directUsers[group].forEach(addUser);
      for (const child of this.childGroups[group]) {
        if (this.groupMark[child] === stamp) continue;
        this.groupMark[child] = stamp;
        stack.push(child);
      }
    }
    const result = Int32Array.from(found).sort();
    this.transitive[root] = result;
    return result;
  }
}

/** Sorted by normalized display name then id; names are normalized once, not per comparison. */
function inContractOrder<T extends { id: string; displayName: string }>(items: T[]): T[] {
  const names = items.map((item) => normalizeName(item.displayName));
  return Array.from(items.keys())
    .sort((a, b) => compareNames(names[a], items[a].id, names[b], items[b].id))
    .map((i) => items[i]);
}

function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
