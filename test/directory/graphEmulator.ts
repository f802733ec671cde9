import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import type { SampleOrganisation, SampleUser } from '../../bot/directory/sampleDirectory';

/**
 * A loopback server that answers the Microsoft Graph requests the directory makes, from a sample
 * organisation: the same JSON shapes, `@odata.nextLink` paging, advanced queries that demand
 * `ConsistencyLevel: eventual`, 429 with Retry-After and Graph's 403 error body on demand.
 * It computes its answers on its own (no code shared with SampleDirectory), so agreement between
 * the two directories means something.
 */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  consistencyLevel?: string;
}

export interface EmulatorBehaviour {
  /** Largest page the server returns, whatever $top asks (Graph may return fewer than $top). */
  pageSize: number;
  /** Path prefix → how many of the next requests under it get 429 first. */
  throttle: Map<string, { times: number; retryAfter?: string; status?: 429 | 503 }>;
  /** Path prefixes answered with 403 Authorization_RequestDenied. */
  forbidden: Set<string>;
  /** Path prefixes whose requests are never answered. */
  hang: Set<string>;
  /** Where paging links point (default: this server). */
  linkBase?: string;
}

export class GraphEmulator {
  readonly requests: SeenRequest[] = [];
  /** Users (object ids) the Teams app was installed for, and the app each install bound. */
  readonly installedApps = new Map<string, string>();
  readonly behaviour: EmulatorBehaviour = {
    pageSize: 100,
    throttle: new Map(),
    forbidden: new Set(),
    hang: new Set(),
  };
  private server: Server | undefined;
  private base = '';

  constructor(private readonly org: SampleOrganisation) {}

  get baseUrl(): string {
    return this.base;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Requests seen whose path starts with `prefix`. */
  seen(prefix: string): SeenRequest[] {
    return this.requests.filter((request) => request.path.startsWith(prefix));
  }

  reset(): void {
    this.requests.length = 0;
    this.behaviour.pageSize = 100;
    this.behaviour.throttle.clear();
    this.behaviour.forbidden.clear();
    this.behaviour.hang.clear();
    this.behaviour.linkBase = undefined;
    this.installedApps.clear();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.base);
    const path = decodeURIComponent(url.pathname);
    this.requests.push({
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      authorization: req.headers.authorization,
      consistencyLevel: req.headers.consistencylevel as string | undefined,
    });
    const matches = (prefix: string) => path.startsWith(prefix);
    if ([...this.behaviour.hang].some(matches)) return;
    for (const [prefix, throttle] of this.behaviour.throttle) {
      if (matches(prefix) && throttle.times > 0) {
        throttle.times--;
        return this.error(res, 429, 'TooManyRequests', 'Too many requests.', {
          'Retry-After': throttle.retryAfter,
        });
      }
    }
    if (!req.headers.authorization?.startsWith('Bearer '))
      return this.error(res, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    if ([...this.behaviour.forbidden].some(matches))
      return this.error(
        res,
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    try {
      this.route(path, url.searchParams, req, res);
    } catch (error) {
      this.error(res, 400, 'Request_BadRequest', (error as Error).message);
    }
  }

  /** Graph's 201 for a new install, 409 when the app is already installed for the user, 404 for an unknown user. */
  private installApp(userId: string, req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (!this.org.users.some((user) => user.id === userId)) return this.notFound(res, userId);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const bound = body['teamsApp@odata.bind'];
      if (typeof bound !== 'string' || !/\/appCatalogs\/teamsApps\/[^/]+$/.test(bound))
        return this.error(res, 400, 'BadRequest', 'teamsApp@odata.bind is required.');
      if (this.installedApps.has(userId))
        return this.error(res, 409, 'Conflict', 'App is already installed for this user.');
      this.installedApps.set(userId, bound);
      res.writeHead(201);
      res.end();
    });
  }

  private route(path: string, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): void {
    const advanced = req.headers.consistencylevel === 'eventual';
    const needsAdvanced = query.has('$search') || query.has('$count') || path.endsWith('/$count');
    if (needsAdvanced && !advanced)
      throw new Error("Request with $search or $count requires the 'ConsistencyLevel: eventual' header.");
    let match: RegExpMatchArray | null;
    if (req.method === 'POST' && (match = path.match(/^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/))) {
      return this.installApp(match[1].toLowerCase(), req, res);
    }
    if (path === '/v1.0/users') return this.list(res, path, query, this.org.users.map(userJson), 'users');
    if (path === '/v1.0/groups') return this.list(res, path, query, this.org.groups.map(groupJson), 'groups');
    if ((match = path.match(/^\/v1\.0\/users\/([^/]+)$/))) {
      const key = match[1].toLowerCase();
      const user = this.org.users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === key);
      return user ? this.json(res, select(userJson(user), query)) : this.notFound(res, match[1]);
    }
    if ((match = path.match(/^\/v1\.0\/groups\/([^/]+)$/))) {
      const group = this.org.groups.find((g) => g.id === match?.[1].toLowerCase());
      return group ? this.json(res, select(groupJson(group), query)) : this.notFound(res, match[1]);
    }
    if (
      (match = path.match(
        /^\/v1\.0\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user(\/\$count)?$/,
      ))
    ) {
      const users = this.transitiveUsers(match[1].toLowerCase());
      if (!users) return this.notFound(res, match[1]);
      if (match[2]) {
        res.writeHead(200, { 'Content-Type': 'text/plain;charset=utf-8' });
        return void res.end(`\uFEFF${users.length}`);
      }
      return this.page(
        res,
        path,
        query,
        users.map((user) => select(userJson(user), query)),
      );
    }
    if (path === '/v1.0/roleManagement/directory/roleAssignments') {
      const principal = equalities(query.get('$filter') ?? '').find(
        ([field]) => field === 'principalId',
      )?.[1];
      const assignments = this.org.roleAssignments
        .filter((assignment) => assignment.principalId === principal)
        .map((assignment, i) => ({
          id: `assignment-${i}`,
          principalId: assignment.principalId,
          roleDefinitionId: assignment.roleTemplateId,
          directoryScopeId: '/',
        }));
      return this.page(res, path, query, assignments);
    }
    this.error(res, 400, 'BadRequest', `Resource not found for the segment '${path}'.`);
  }

  private list(
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
    items: Record<string, unknown>[],
    collection: string,
  ): void {
    let found = items;
    const search = query.get('$search');
    if (search) found = found.filter((item) => searchMatches(item, search));
    const filter = query.get('$filter');
    if (filter) {
      const clauses = equalities(filter);
      if (clauses.length === 0) throw new Error(`Unsupported filter: ${filter}`);
      found = found.filter((item) =>
        clauses.some(([field, value]) => String(item[field] ?? '').toLowerCase() === value.toLowerCase()),
      );
    }
    if (query.get('$orderby') === 'displayName')
      found = [...found].sort((a, b) => String(a.displayName).localeCompare(String(b.displayName)));
    const extra = query.get('$count') === 'true' ? { '@odata.count': found.length } : {};
    this.page(
      res,
      path,
      query,
      found.map((item) => select(item, query)),
      { '@odata.context': `${this.base}/v1.0/$metadata#${collection}`, ...extra },
    );
  }

  private page(
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
    items: unknown[],
    extra: Record<string, unknown> = {},
  ): void {
    const size = Math.min(Number(query.get('$top') ?? 100), this.behaviour.pageSize);
    const start = Number(query.get('$skiptoken') ?? 0);
    const body: Record<string, unknown> = { ...extra, value: items.slice(start, start + size) };
    if (start + size < items.length) {
      const next = new URLSearchParams(query);
      next.set('$skiptoken', String(start + size));
      body['@odata.nextLink'] = `${this.behaviour.linkBase ?? this.base}${path}?${next.toString()}`;
    }
    this.json(res, body);
  }

  private transitiveUsers(groupId: string): SampleUser[] | undefined {
    if (!this.org.groups.some((group) => group.id === groupId)) return undefined;
    const users = new Map(this.org.users.map((user) => [user.id, user]));
    const groups = new Map(this.org.groups.map((group) => [group.id, group]));
    const found = new Map<string, SampleUser>();
    const visited = new Set<string>([groupId]);
    const queue = [groupId];
    while (queue.length > 0) {
      for (const member of groups.get(queue.shift() as string)?.members ?? []) {
        const user = users.get(member);
        if (user) found.set(user.id, user);
        else if (groups.has(member) && !visited.has(member)) {
          visited.add(member);
          queue.push(member);
        }
      }
    }
    return [...found.values()];
  }

  private json(res: ServerResponse, body: unknown): void {
    res.writeHead(200, { 'Content-Type': 'application/json;odata.metadata=minimal;charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  private notFound(res: ServerResponse, id: string): void {
    this.error(
      res,
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }

  private error(res: ServerResponse, status: number, code: string, message: string, headers = {}): void {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(
      JSON.stringify({
        error: {
          code,
          message,
          innerError: { date: new Date().toISOString(), 'request-id': `req-${this.requests.length}` },
        },
      }),
    );
  }
}

function userJson(user: SampleUser): Record<string, unknown> {
  return {
    id: user.id,
    displayName: user.displayName,
    givenName: user.givenName ?? null,
    surname: user.surname ?? null,
    userPrincipalName: user.userPrincipalName,
    mail: user.mail ?? null,
  };
}

function groupJson(group: SampleOrganisation['groups'][number]): Record<string, unknown> {
  return { id: group.id, displayName: group.displayName, mail: group.mail ?? null, securityEnabled: true };
}

function select(item: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> {
  const fields = query.get('$select')?.split(',');
  if (!fields) return item;
  return Object.fromEntries(fields.filter((field) => field in item).map((field) => [field, item[field]]));
}

/** `field eq 'value'` clauses joined by `or`. */
function equalities(filter: string): [string, string][] {
  return [...filter.matchAll(/(\w+) eq '((?:[^']|'')*)'/g)].map((m) => [m[1], m[2].replace(/''/g, "'")]);
}

/**
 * Graph's $search on directory objects: displayName is split into words (spaces, punctuation)
 * and each word matched by its start; other properties are matched by their start. Case-insensitive.
 */
function searchMatches(item: Record<string, unknown>, search: string): boolean {
  const clauses = [...search.matchAll(/"(\w+):((?:[^"\\]|\\.)*)"/g)].map((m) => [
    m[1],
    m[2].replace(/\\(.)/g, '$1'),
  ]);
  if (clauses.length === 0) throw new Error(`Syntax error in $search: ${search}`);
  return clauses.some(([field, term]) => {
    const value = String(item[field] ?? '').toLowerCase();
    const wanted = term.toLowerCase();
    if (field !== 'displayName') return value.startsWith(wanted);
    return value.startsWith(wanted) || value.split(/[\s\p{P}]+/u).some((word) => word.startsWith(wanted));
  });
}
