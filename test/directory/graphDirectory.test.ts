import type { AccessToken, TokenCredential } from '@azure/identity';
import { createServer } from 'node:net';
import { DirectoryError } from '../../bot/directory/directory';
import { GraphDirectory, GraphDirectoryOptions } from '../../bot/directory/graphDirectory';
import { createDirectory, SampleDirectory } from '../../bot/directory';
import { FixedTokenCredential, SAMPLE_FILE, TENANT, idOf, org } from './fixtures';
import { GraphEmulator } from './graphEmulator';

const emulator = new GraphEmulator(org);
const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';
const ROLES = '/v1.0/roleManagement/directory/roleAssignments';
const credentials = new Map<string, FixedTokenCredential>();

function graphDirectory(options: Partial<GraphDirectoryOptions> = {}): GraphDirectory {
  return new GraphDirectory({
    credentialFor: (tenantId) => {
      const credential = new FixedTokenCredential(`token-for-${tenantId}`);
      credentials.set(tenantId, credential);
      return credential;
    },
    baseUrl: emulator.baseUrl,
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<DirectoryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DirectoryError);
  return error as DirectoryError;
}

beforeAll(() => emulator.start());
afterAll(() => emulator.stop());
beforeEach(() => {
  emulator.reset();
  credentials.clear();
});

describe('GraphDirectory against a loopback Graph', () => {
  it("sends the tenant's app-only token on every request, asked for Graph's .default scope", async () => {
    const directory = graphDirectory();
    await directory.searchPrincipals(TENANT, 'sales');
    await directory.adminRoles(TENANT, idOf('Megan Bowen'));
    expect(emulator.requests.length).toBeGreaterThan(2);
    for (const request of emulator.requests) expect(request.authorization).toBe(`Bearer token-for-${TENANT}`);
    expect(credentials.get(TENANT)?.scopesAsked[0]).toEqual([`${emulator.baseUrl}/.default`]);
  });

  it('asks Graph the documented questions', async () => {
    const directory = graphDirectory();
    await directory.searchPrincipals(TENANT, 'meg', { kinds: ['user'] });
    const [search] = emulator.seen('/v1.0/users');
    expect(search.query.get('$search')).toBe('"displayName:meg" OR "mail:meg" OR "userPrincipalName:meg"');
    expect(search.query.get('$select')).toBe('id,displayName,userPrincipalName,mail');
    expect(search.query.get('$top')).toBe('10');
    expect(search.consistencyLevel).toBe('eventual');

    await directory.transitiveUserMembers(TENANT, idOf('Sales'));
    const [members] = emulator.seen(`/v1.0/groups/${idOf('Sales')}/transitiveMembers/microsoft.graph.user`);
    expect(members.query.get('$select')).toBe('id');
    expect(members.query.get('$top')).toBe('999');

    await directory.adminRoles(TENANT, idOf('Megan Bowen'));
    expect(emulator.seen(ROLES)[0].query.get('$filter')).toBe(`principalId eq '${idOf('Megan Bowen')}'`);
  });

  it('follows @odata.nextLink over several pages', async () => {
    emulator.behaviour.pageSize = 3;
    const members = await graphDirectory().transitiveUserMembers(TENANT, idOf('All Staff'));
    expect(new Set(members).size).toBe(16);
    const pages = emulator.seen(`/v1.0/groups/${idOf('All Staff')}/transitiveMembers`);
    expect(pages).toHaveLength(6);
    expect(pages.slice(1).map((page) => page.query.get('$skiptoken'))).toEqual(['3', '6', '9', '12', '15']);
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    emulator.behaviour.throttle.set(ROLES, { times: 1, retryAfter: '1' });
    const started = Date.now();
    expect(await graphDirectory().adminRoles(TENANT, idOf('Megan Bowen'))).toEqual(['GlobalAdministrator']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(emulator.seen(ROLES)).toHaveLength(2);
  });

  it('retries 429 and 503 a bounded number of times', async () => {
    emulator.behaviour.throttle.set(ROLES, { times: 3, retryAfter: '0', status: 503 });
    expect(await graphDirectory().adminRoles(TENANT, idOf('Adele Vance'))).toEqual(['LicenseAdministrator']);
    expect(emulator.seen(ROLES)).toHaveLength(4);

    emulator.reset();
    emulator.behaviour.throttle.set(ROLES, { times: 100, retryAfter: '0' });
    const error = await failure(graphDirectory().adminRoles(TENANT, idOf('Adele Vance')));
    expect(error.kind).toBe('DirectoryUnavailable');
    expect(error.detail).toMatch(/HTTP 429/);
    expect(emulator.seen(ROLES)).toHaveLength(5);
  });

  it('does not wait for a Retry-After longer than the user would', async () => {
    emulator.behaviour.throttle.set(ROLES, { times: 1, retryAfter: '120' });
    const started = Date.now();
    const error = await failure(graphDirectory().adminRoles(TENANT, idOf('Adele Vance')));
    expect(error.kind).toBe('DirectoryUnavailable');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(emulator.seen(ROLES)).toHaveLength(1);
  });

  it('names the missing permission when Graph answers 403', async () => {
    emulator.behaviour.forbidden.add(ROLES);
    const roles = await failure(graphDirectory().adminRoles(TENANT, idOf('Megan Bowen')));
    expect(roles.kind).toBe('DirectoryPermissionMissing');
    expect(roles.detail).toMatch(/RoleManagement\.Read\.Directory/);
    expect(roles.detail).toMatch(/Insufficient privileges/);

    emulator.behaviour.forbidden.add('/v1.0/users');
    const search = await failure(graphDirectory().searchPrincipals(TENANT, 'bob'));
    expect(search).toMatchObject({ kind: 'DirectoryPermissionMissing' });
    expect(search.detail).toMatch(/User\.Read\.All/);

    emulator.behaviour.forbidden.add('/v1.0/groups');
    const members = await failure(graphDirectory().transitiveUserMembers(TENANT, idOf('Sales')));
    expect(members.detail).toMatch(/GroupMember\.Read\.All/);
  });

  it('never follows a paging link to another host', async () => {
    const elsewhere = new GraphEmulator(org);
    await elsewhere.start();
    try {
      emulator.behaviour.pageSize = 3;
      emulator.behaviour.linkBase = elsewhere.baseUrl;
      const error = await failure(graphDirectory().transitiveUserMembers(TENANT, idOf('All Staff')));
      expect(error.kind).toBe('DirectoryUnavailable');
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.stop();
    }
  });

  it('answers a repeated question from its cache, per tenant', async () => {
    const directory = graphDirectory();
    await directory.adminRoles(TENANT, idOf('Megan Bowen'));
    await directory.adminRoles(TENANT, idOf('Megan Bowen'));
    expect(emulator.seen(ROLES)).toHaveLength(1);

    await Promise.all([
      directory.transitiveUserMembers(TENANT, idOf('Sales')),
      directory.transitiveUserMembers(TENANT, idOf('Sales')),
    ]);
    expect(emulator.seen(`/v1.0/groups/${idOf('Sales')}/transitiveMembers`)).toHaveLength(1);

    await directory.adminRoles(OTHER_TENANT, idOf('Megan Bowen'));
    const roleRequests = emulator.seen(ROLES);
    expect(roleRequests).toHaveLength(2);
    expect(roleRequests[1].authorization).toBe(`Bearer token-for-${OTHER_TENANT}`);
  });

  it('asks again once the cached answer is older than its lifetime', async () => {
    const directory = graphDirectory({ cacheTtlMs: 50 });
    await directory.adminRoles(TENANT, idOf('Megan Bowen'));
    await new Promise((resolve) => setTimeout(resolve, 80));
    await directory.adminRoles(TENANT, idOf('Megan Bowen'));
    expect(emulator.seen(ROLES)).toHaveLength(2);
  });

  it('reports Graph unreachable as DirectoryUnavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(
      graphDirectory({ baseUrl: `http://127.0.0.1:${port}` }).adminRoles(TENANT, 'x'),
    );
    expect(error.kind).toBe('DirectoryUnavailable');
  });

  it('gives up on a Graph that does not answer', async () => {
    emulator.behaviour.hang.add(ROLES);
    const error = await failure(graphDirectory({ timeoutMs: 200 }).adminRoles(TENANT, idOf('Bob Kelly')));
    expect(error.kind).toBe('DirectoryUnavailable');
  });

  it('tells the user to give admin consent when the organisation has not', async () => {
    const refusing: TokenCredential = {
      async getToken(): Promise<AccessToken> {
        throw new Error('AADSTS65001: The user or administrator has not consented to use the application.');
      },
    };
    const error = await failure(
      graphDirectory({ credentialFor: () => refusing }).searchPrincipals(TENANT, 'bob'),
    );
    expect(error.kind).toBe('DirectoryPermissionMissing');
    expect(error.detail).toMatch(/admin consent/);
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('createDirectory', () => {
  it('serves the sample organisation from its file', async () => {
    const directory = createDirectory({ source: 'sample', sampleFile: SAMPLE_FILE });
    expect(directory).toBeInstanceOf(SampleDirectory);
    expect(await directory.adminRoles(TENANT, idOf('Megan Bowen'))).toEqual(['GlobalAdministrator']);
  });

  it('builds a Graph directory from app registration settings', () => {
    const directory = createDirectory({
      source: 'graph',
      clientId: '00000000-0000-4000-8000-000000000abc',
      clientSecret: `placeholder-${process.pid}`,
      baseUrl: emulator.baseUrl,
    });
    expect(directory).toBeInstanceOf(GraphDirectory);
  });

  it('refuses Graph settings with no way to authenticate', () => {
    expect(() =>
      createDirectory({ source: 'graph', clientId: '00000000-0000-4000-8000-000000000abc' }),
    ).toThrow(/client secret, a certificate path or a managed identity/);
  });
});
