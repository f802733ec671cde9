import type { TokenCredential } from '@azure/identity';
import type { Client } from '@microsoft/microsoft-graph-client';
import { LRUCache } from 'lru-cache';
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
import {
  GRAPH_BASE_URL,
  GRAPH_VERSION,
  createGraphClient,
  isNotFound,
  toDirectoryError,
} from './graphTransport';
import { DEFAULT_LIMIT, comparePrincipals, sortRoles } from './principalOrder';

export interface GraphDirectoryOptions {
  /** The app-only credential for a customer organisation. */
  credentialFor: (tenantId: string) => TokenCredential;
  /** Graph's root, e.g. https://graph.microsoft.us for a national cloud (default: global Graph). */
  baseUrl?: string;
  /** How long answers are reused (default 60 s). */
  cacheTtlMs?: number;
  /** Retries after 429 / 503 / 504 (default 4). */
  maxRetries?: number;
  /** The longest Retry-After worth waiting for (default 10 s). */
  maxRetryAfterSeconds?: number;
  /** Time allowed for one question, retries included (default 30 s). */
  timeoutMs?: number;
}

/** The application permissions each kind of question needs, named in errors. */
const PERMISSION = {
  users: 'User.Read.All',
  groups: 'GroupMember.Read.All',
  members: 'GroupMember.Read.All',
  roles: 'RoleManagement.Read.Directory',
} as const;

const USER_FIELDS = 'id,displayName,userPrincipalName,mail';
const GROUP_FIELDS = 'id,displayName,mail';
const PAGE_SIZE = 999;

interface GraphUser {
  id: string;
  displayName: string | null;
  userPrincipalName: string;
  mail?: string | null;
}

interface GraphGroup {
  id: string;
  displayName: string | null;
  mail?: string | null;
}

interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

interface RoleAssignment {
  roleDefinitionId: string;
  directoryScopeId?: string;
}

/** Cached answers are wrapped so that "not found" can be cached too. */
type Cached = { value: unknown };

/**
 * The directory of a customer organisation, read from Microsoft Graph with the bot's app-only
 * permissions. Answers are kept for a minute per tenant so a conversation does not ask Graph
 * again for every message; concurrent identical questions share one request.
 */
export class GraphDirectory implements Directory {
  private readonly baseUrl: string;
  private readonly clients: LRUCache<string, Client>;
  private readonly answers: LRUCache<string, Cached, () => Promise<Cached>>;

  constructor(private readonly options: GraphDirectoryOptions) {
    this.baseUrl = new URL(options.baseUrl ?? GRAPH_BASE_URL).origin;
    this.clients = new LRUCache({ max: 1000 });
    this.answers = new LRUCache<string, Cached, () => Promise<Cached>>({
      ttl: options.cacheTtlMs ?? 60_000,
      // Sized by the number of ids held, so a few 50,000-member groups cannot exhaust memory.
      maxSize: 2_000_000,
      sizeCalculation: (entry) => (Array.isArray(entry.value) ? entry.value.length + 1 : 1),
      fetchMethod: (_key, _stale, { context }) => context(),
    });
  }

  async searchPrincipals(tenantId: string, query: string, options?: SearchOptions): Promise<Principal[]> {
    const text = query.replace(/\s+/g, ' ').trim();
    const limit = options?.limit ?? DEFAULT_LIMIT;
    if (normalizeName(text) === '' || limit <= 0) return [];
    const top = Math.min(limit, PAGE_SIZE);
    const [users, groups] = await Promise.all([
      wants(options, 'user')
        ? this.cached(tenantId, `search-users|${top}|${normalizeName(text)}`, () =>
            this.searchUsers(tenantId, text, top),
          )
        : [],
      wants(options, 'group')
        ? this.cached(tenantId, `search-groups|${top}|${normalizeName(text)}`, () =>
            this.searchGroups(tenantId, text, top),
          )
        : [],
    ]);
    const principals = [...users, ...(await this.withMemberCounts(tenantId, groups))];
    return principals.sort(comparePrincipals).slice(0, limit);
  }

  async getPrincipal(tenantId: string, id: string): Promise<Principal | undefined> {
    const wanted = id.trim().toLowerCase();
    if (wanted === '') return undefined;
    const found = await this.cached(tenantId, `principal|${wanted}`, async () => {
      const path = encodeURIComponent(wanted);
      // /users/{x} also accepts a UPN; only an object id counts as an id here.
      const [user, group] = await Promise.all([
        this.getOrNone<GraphUser>(tenantId, `/users/${path}?$select=${USER_FIELDS}`, PERMISSION.users),
        this.getOrNone<GraphGroup>(tenantId, `/groups/${path}?$select=${GROUP_FIELDS}`, PERMISSION.groups),
      ]);
      if (user && user.id.toLowerCase() === wanted) return toUser(user);
      if (group && group.id.toLowerCase() === wanted) return toGroupWithoutCount(group);
      return undefined;
    });
    if (!found) return undefined;
    return found.kind === 'group' ? (await this.withMemberCounts(tenantId, [found]))[0] : found;
  }

  async resolvePrincipal(tenantId: string, text: string, options?: SearchOptions): Promise<Principal[]> {
    const folded = text.replace(/\s+/g, ' ').trim();
    const wanted = normalizeName(folded);
    const limit = options?.limit ?? DEFAULT_LIMIT;
    if (wanted === '' || limit <= 0) return [];
    const literal = `'${folded.replace(/'/g, "''")}'`;
    const byId = isObjectId(folded) ? ` or id eq ${literal}` : '';
    const top = Math.min(limit, PAGE_SIZE);
    const [users, groups] = await Promise.all([
      wants(options, 'user')
        ? this.cached(tenantId, `resolve-users|${top}|${wanted}`, async () => {
            const filter = `userPrincipalName eq ${literal} or mail eq ${literal} or displayName eq ${literal}${byId}`;
            const users = await this.getAllPages<GraphUser>(
              tenantId,
              `/users?$filter=${encodeURIComponent(filter)}&$select=${USER_FIELDS}&$top=${top}&$count=true`,
              PERMISSION.users,
              true,
              top,
            );
            return users.map(toUser);
          })
        : [],
      wants(options, 'group')
        ? this.cached(tenantId, `resolve-groups|${top}|${wanted}`, async () => {
            const filter = `displayName eq ${literal} or mail eq ${literal}${byId}`;
            const groups = await this.getAllPages<GraphGroup>(
              tenantId,
              `/groups?$filter=${encodeURIComponent(filter)}&$select=${GROUP_FIELDS}&$top=${top}&$count=true`,
              PERMISSION.groups,
              true,
              top,
            );
            return groups.map(toGroupWithoutCount);
          })
        : [],
    ]);
    // Graph compares case-insensitively; the contract also ignores accents and spacing.
    const exact = (principal: Principal) =>
      [
        principal.id,
        principal.displayName,
        principal.mail,
        principal.kind === 'user' && principal.userPrincipalName,
      ]
        .filter((value): value is string => typeof value === 'string')
        .some((value) => normalizeName(value) === wanted);
    const principals = [
      ...users.filter(exact),
      ...(await this.withMemberCounts(tenantId, groups.filter(exact))),
    ];
    return principals.sort(comparePrincipals).slice(0, limit);
  }

  async transitiveUserMembers(tenantId: string, groupId: string): Promise<string[]> {
    const members = await this.members(tenantId, groupId);
    return [...members];
  }

  async adminRoles(tenantId: string, userId: string): Promise<AdminRole[]> {
    const id = userId.trim().toLowerCase();
    if (id === '') return [];
    return this.cached(tenantId, `roles|${id}`, async () => {
      const filter = encodeURIComponent(`principalId eq '${id.replace(/'/g, "''")}'`);
      const assignments = await this.getAllPages<RoleAssignment>(
        tenantId,
        `/roleManagement/directory/roleAssignments?$filter=${filter}&$select=roleDefinitionId,directoryScopeId`,
        PERMISSION.roles,
      );
      // A role scoped to an administrative unit does not make an admin of the organisation.
      const roles = assignments
        .filter((assignment) => (assignment.directoryScopeId ?? '/') === '/')
        .map((assignment) => ADMIN_ROLE_TEMPLATE_IDS[assignment.roleDefinitionId.toLowerCase()])
        .filter((role): role is AdminRole => role !== undefined);
      return sortRoles(roles);
    });
  }

  private async members(tenantId: string, groupId: string): Promise<readonly string[]> {
    const id = groupId.trim().toLowerCase();
    if (id === '') return [];
    return this.cached(tenantId, `members|${id}`, async () => {
      try {
        const users = await this.getAllPages<{ id: string }>(
          tenantId,
          `/groups/${encodeURIComponent(id)}/transitiveMembers/microsoft.graph.user?$select=id&$top=${PAGE_SIZE}`,
          PERMISSION.members,
        );
        return [...new Set(users.map((user) => user.id))];
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
    });
  }

  private async memberCount(tenantId: string, groupId: string): Promise<number> {
    const id = groupId.toLowerCase();
    const listed = this.answers.get(this.key(tenantId, `members|${id}`));
    if (listed) return (listed.value as string[]).length;
    return this.cached(tenantId, `member-count|${id}`, async () => {
      const text = await this.get<string | number>(
        tenantId,
        `/groups/${encodeURIComponent(id)}/transitiveMembers/microsoft.graph.user/$count`,
        PERMISSION.members,
        true,
      );
      // Graph answers $count as text/plain, sometimes behind a byte-order mark.
      const count = Number(
        String(text)
          .replace(/^\uFEFF/, '')
          .trim(),
      );
      if (!Number.isInteger(count)) throw new Error(`Graph answered "${text}" for a member count`);
      return count;
    });
  }

  private async withMemberCounts(tenantId: string, groups: DirectoryGroup[]): Promise<DirectoryGroup[]> {
    return Promise.all(
      groups.map(async (group) => ({ ...group, memberCount: await this.memberCount(tenantId, group.id) })),
    );
  }

  private async searchUsers(tenantId: string, text: string, top: number): Promise<DirectoryUser[]> {
    const search = searchClauses(text, ['displayName', 'mail', 'userPrincipalName']);
    const users = await this.getAllPages<GraphUser>(
      tenantId,
      `/users?$search=${search}&$select=${USER_FIELDS}&$orderby=displayName&$top=${top}&$count=true`,
      PERMISSION.users,
      true,
      top,
    );
    return users.map(toUser);
  }

  private async searchGroups(tenantId: string, text: string, top: number): Promise<DirectoryGroup[]> {
    const search = searchClauses(text, ['displayName', 'mail']);
    const groups = await this.getAllPages<GraphGroup>(
      tenantId,
      `/groups?$search=${search}&$select=${GROUP_FIELDS}&$orderby=displayName&$top=${top}&$count=true`,
      PERMISSION.groups,
      true,
      top,
    );
    return groups.map(toGroupWithoutCount);
  }

  /** Items of a listing, following @odata.nextLink until the end or until `wanted` items are in. */
  private async getAllPages<T>(
    tenantId: string,
    path: string,
    permission: string,
    advanced = false,
    wanted = Infinity,
  ): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    while (next && items.length < wanted) {
      const page: GraphPage<T> = await this.get<GraphPage<T>>(tenantId, next, permission, advanced);
      items.push(...page.value);
      next = page['@odata.nextLink'] && this.relativeLink(page['@odata.nextLink']);
    }
    return items.slice(0, wanted);
  }

  /** A paging link made relative to the configured Graph; a link elsewhere is refused, never followed. */
  private relativeLink(link: string): string {
    const root = `${this.baseUrl}/${GRAPH_VERSION}/`;
    if (link.startsWith(root)) return `/${link.slice(root.length)}`;
    throw new DirectoryError(
      'DirectoryUnavailable',
      'Microsoft Graph answered with a paging link to another place.',
      `Expected a link under ${root}, got ${link}.`,
    );
  }

  private async getOrNone<T>(tenantId: string, path: string, permission: string): Promise<T | undefined> {
    try {
      return await this.get<T>(tenantId, path, permission);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * One GET. `advanced` marks Graph's advanced queries ($search, $count, combined filters),
   * which need the eventual-consistency header. Errors other than "not found" become
   * DirectoryErrors here; "not found" is left for the caller to decide.
   */
  private async get<T>(tenantId: string, path: string, permission: string, advanced = false): Promise<T> {
    const request = this.client(tenantId)
      .api(path)
      .option('signal', AbortSignal.timeout(this.options.timeoutMs ?? 30_000));
    if (advanced) request.header('ConsistencyLevel', 'eventual');
    try {
      return (await request.get()) as T;
    } catch (error) {
      if (isNotFound(error)) throw error;
      throw toDirectoryError(error, permission);
    }
  }

  private client(tenantId: string): Client {
    const key = tenantId.trim().toLowerCase();
    let client = this.clients.get(key);
    if (!client) {
      client = createGraphClient(this.options.credentialFor(key), {
        baseUrl: this.baseUrl,
        maxRetries: this.options.maxRetries ?? 4,
        maxRetryAfterSeconds: this.options.maxRetryAfterSeconds ?? 10,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  private key(tenantId: string, question: string): string {
    return `${tenantId.trim().toLowerCase()}|${question}`;
  }

  private async cached<T>(tenantId: string, question: string, load: () => Promise<T>): Promise<T> {
    const entry = await this.answers.fetch(this.key(tenantId, question), {
      context: async () => ({ value: await load() }),
    });
    return (entry as Cached).value as T;
  }
}

function wants(options: SearchOptions | undefined, kind: 'user' | 'group'): boolean {
  return !options?.kinds || options.kinds.includes(kind);
}

/** `"displayName:ab" OR "mail:ab"`: Graph matches the start of each word of displayName, the start of the others. */
function searchClauses(text: string, fields: string[]): string {
  const term = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return encodeURIComponent(fields.map((field) => `"${field}:${term}"`).join(' OR '));
}

function isObjectId(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}

function toUser(user: GraphUser): DirectoryUser {
  const principal: DirectoryUser = {
    kind: 'user',
    id: user.id,
    displayName: user.displayName ?? user.userPrincipalName,
    userPrincipalName: user.userPrincipalName,
  };
  if (user.mail) principal.mail = user.mail;
  return principal;
}

function toGroupWithoutCount(group: GraphGroup): DirectoryGroup {
  const principal: DirectoryGroup = {
    kind: 'group',
    id: group.id,
    displayName: group.displayName ?? group.id,
    memberCount: 0,
  };
  if (group.mail) principal.mail = group.mail;
  return principal;
}
