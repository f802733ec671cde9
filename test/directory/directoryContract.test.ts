import { Directory, Principal, normalizeName } from '../../bot/directory/directory';
import { GraphDirectory } from '../../bot/directory/graphDirectory';
import { SampleDirectory } from '../../bot/directory/sampleDirectory';
import { FixedTokenCredential, TENANT, idOf, org } from './fixtures';
import { GraphEmulator } from './graphEmulator';

/**
 * The same questions asked of both directories, on the same organisation: the sample directory
 * in memory, and the Graph directory talking HTTP to a loopback Graph that serves the same file.
 */
const emulator = new GraphEmulator(org);
const directories: Record<string, () => Directory> = {
  SampleDirectory: () => new SampleDirectory(org),
  GraphDirectory: () =>
    new GraphDirectory({
      credentialFor: () => new FixedTokenCredential('contract-token'),
      baseUrl: emulator.baseUrl,
    }),
};

beforeAll(() => emulator.start());
afterAll(() => emulator.stop());
// Small pages, so every listing the Graph directory reads goes through @odata.nextLink.
beforeEach(() => {
  emulator.reset();
  emulator.behaviour.pageSize = 3;
});

const names = (principals: Principal[]) => principals.map((principal) => principal.displayName);

describe.each(Object.keys(directories))('%s answers the directory contract', (name) => {
  let directory: Directory;
  beforeEach(() => {
    directory = directories[name]();
  });

  it('finds users by the start of their name, any word of it, mail or UPN', async () => {
    expect(names(await directory.searchPrincipals(TENANT, 'meg'))).toEqual(['Megan Bowen']);
    expect(names(await directory.searchPrincipals(TENANT, 'bowen'))).toEqual(['Megan Bowen']);
    expect(names(await directory.searchPrincipals(TENANT, 'MEGAN B'))).toEqual(['Megan Bowen']);
    expect(names(await directory.searchPrincipals(TENANT, 'adele.v'))).toEqual(['Adele Vance']);
    expect(names(await directory.searchPrincipals(TENANT, 'Émilie'))).toEqual(['Émilie Dubois']);
  });

  it('lists users first, then groups, each by name, up to the limit', async () => {
    expect(names(await directory.searchPrincipals(TENANT, 'al'))).toEqual([
      'Alex Wilber',
      'Alice Durand',
      'All Staff',
    ]);
    expect(names(await directory.searchPrincipals(TENANT, 'al', { limit: 2 }))).toEqual([
      'Alex Wilber',
      'Alice Durand',
    ]);
    expect(names(await directory.searchPrincipals(TENANT, 'al', { kinds: ['group'] }))).toEqual([
      'All Staff',
    ]);
    expect(names(await directory.searchPrincipals(TENANT, 'france'))).toEqual(['Ventes France']);
    expect(await directory.searchPrincipals(TENANT, 'zzz')).toEqual([]);
    expect(await directory.searchPrincipals(TENANT, '   ')).toEqual([]);
  });

  it('counts the distinct users of a group, nested groups included', async () => {
    const [allStaff] = await directory.searchPrincipals(TENANT, 'all staff', { kinds: ['group'] });
    expect(allStaff).toEqual({
      kind: 'group',
      id: idOf('All Staff'),
      displayName: 'All Staff',
      mail: 'allstaff@contoso.com',
      memberCount: 16,
    });
  });

  it('resolves a principal by UPN, mail, display name or id', async () => {
    const bob = {
      kind: 'user',
      id: idOf('Bob Kelly'),
      displayName: 'Bob Kelly',
      userPrincipalName: 'bob@contoso.com',
      mail: 'bob@contoso.com',
    };
    expect(await directory.resolvePrincipal(TENANT, 'bob@contoso.com')).toEqual([bob]);
    expect(await directory.resolvePrincipal(TENANT, '  BOB   kelly ')).toEqual([bob]);
    expect(await directory.resolvePrincipal(TENANT, idOf('Bob Kelly'))).toEqual([bob]);
    expect(await directory.resolvePrincipal(TENANT, 'Sales')).toEqual([
      { kind: 'group', id: idOf('Sales'), displayName: 'Sales', mail: 'sales@contoso.com', memberCount: 8 },
    ]);
    expect(await directory.resolvePrincipal(TENANT, 'Sales', { kinds: ['user'] })).toEqual([]);
    expect(await directory.resolvePrincipal(TENANT, 'Bob')).toEqual([]);
  });

  it('gets a principal by id only', async () => {
    expect(await directory.getPrincipal(TENANT, idOf('Patti Fernandez'))).toMatchObject({
      kind: 'user',
      userPrincipalName: 'patti.fernandez@contoso.com',
    });
    expect(await directory.getPrincipal(TENANT, idOf('Marketing'))).toMatchObject({
      kind: 'group',
      memberCount: 6,
    });
    expect(await directory.getPrincipal(TENANT, 'bob@contoso.com')).toBeUndefined();
    expect(await directory.getPrincipal(TENANT, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('expands nested groups: All Staff holds Sales and Marketing members', async () => {
    const allStaff = new Set(await directory.transitiveUserMembers(TENANT, idOf('All Staff')));
    const sales = await directory.transitiveUserMembers(TENANT, idOf('Sales'));
    const marketing = await directory.transitiveUserMembers(TENANT, idOf('Marketing'));
    expect(sales).toHaveLength(8);
    expect(marketing).toHaveLength(6);
    for (const member of [...sales, ...marketing, idOf('Adele Vance'), idOf('Alex Wilber')])
      expect(allStaff).toContain(member);
    expect(allStaff.size).toBe(16);
    expect(allStaff).not.toContain(idOf('Émilie Dubois'));
    expect(await directory.transitiveUserMembers(TENANT, '00000000-0000-4000-8000-000000000000')).toEqual([]);
  });

  it('tells which admin roles a user holds', async () => {
    expect(await directory.adminRoles(TENANT, idOf('Megan Bowen'))).toEqual(['GlobalAdministrator']);
    expect(await directory.adminRoles(TENANT, idOf('Adele Vance'))).toEqual(['LicenseAdministrator']);
    expect(await directory.adminRoles(TENANT, idOf('Patti Fernandez'))).toEqual(['UserAdministrator']);
    expect(await directory.adminRoles(TENANT, idOf('Bob Kelly'))).toEqual([]);
  });
});

describe('SampleDirectory and GraphDirectory agree', () => {
  // Accent folding is ours; Graph's own matching of accents is not something a loopback can promise.
  const plain = (text: string) => normalizeName(text) === text.toLowerCase().replace(/\s+/g, ' ').trim();
  const queries = new Set<string>();
  for (const principal of [...org.users, ...org.groups]) {
    const keys = [...principal.displayName.split(' '), principal.mail ?? ''];
    if ('userPrincipalName' in principal) keys.push(principal.userPrincipalName);
    for (const key of keys.filter((k) => k && plain(k)))
      for (const length of [1, 2, 3, key.length]) queries.add(key.slice(0, length).toLowerCase());
  }

  it(`on ${queries.size} searches`, async () => {
    const sample = directories.SampleDirectory();
    const graph = directories.GraphDirectory();
    for (const query of queries)
      expect([query, await graph.searchPrincipals(TENANT, query)]).toEqual([
        query,
        await sample.searchPrincipals(TENANT, query),
      ]);
  });

  it('on resolving every name, address and id, and on every group', async () => {
    const sample = directories.SampleDirectory();
    const graph = directories.GraphDirectory();
    for (const principal of [...org.users, ...org.groups]) {
      const texts = [principal.id, principal.displayName, principal.mail ?? ''];
      if ('userPrincipalName' in principal) texts.push(principal.userPrincipalName);
      for (const text of texts.filter(Boolean))
        expect(await graph.resolvePrincipal(TENANT, text)).toEqual(
          await sample.resolvePrincipal(TENANT, text),
        );
    }
    for (const group of org.groups)
      expect((await graph.transitiveUserMembers(TENANT, group.id)).sort()).toEqual(
        (await sample.transitiveUserMembers(TENANT, group.id)).sort(),
      );
  });
});
