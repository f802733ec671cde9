import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryError } from '../../bot/directory/directory';
import {
  SampleDirectory,
  SampleOrganisation,
  loadSampleOrganisation,
} from '../../bot/directory/sampleDirectory';

const SAMPLE_FILE = join(__dirname, '../../data/sample/directory.json');

function writeTemp(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'directory-')), 'org.json');
  writeFileSync(path, content);
  return path;
}

describe('loadSampleOrganisation', () => {
  it('loads the sample organisation', () => {
    const org = loadSampleOrganisation(SAMPLE_FILE);
    expect(org.organisation).toBe('Contoso');
    expect(org.users.length).toBeGreaterThan(0);
  });

  it('names the file when it is missing', () => {
    expect(() => loadSampleOrganisation('/nowhere/org.json')).toThrow(/\/nowhere\/org\.json cannot be read/);
  });

  it('names the file and the problem when the JSON is broken', () => {
    const path = writeTemp('{ "tenantId": ');
    expect(() => loadSampleOrganisation(path)).toThrow(`Sample organisation file ${path} is not valid JSON`);
  });

  it('names the field that is wrong', () => {
    const path = writeTemp(
      JSON.stringify({
        tenantId: 't',
        organisation: 'o',
        users: [{ id: 'u1' }],
        groups: [],
        roleAssignments: [],
      }),
    );
    expect(() => loadSampleOrganisation(path)).toThrow(/users\[0\]\.displayName must be a non-empty string/);
  });

  it('refuses a group member that does not exist', () => {
    const org = {
      tenantId: 't',
      organisation: 'o',
      users: [],
      groups: [{ id: 'g1', displayName: 'G', members: ['ghost'] }],
      roleAssignments: [],
    };
    expect(() => loadSampleOrganisation(writeTemp(JSON.stringify(org)))).toThrow(/has member "ghost"/);
  });
});

describe('SampleDirectory', () => {
  const org = loadSampleOrganisation(SAMPLE_FILE);
  const directory = new SampleDirectory(org);

  it('serves only its own organisation', async () => {
    const other = '00000000-0000-0000-0000-000000000000';
    await expect(directory.searchPrincipals(other, 'a')).rejects.toMatchObject({
      name: 'DirectoryError',
      kind: 'TenantNotInDirectory',
    });
    await expect(directory.adminRoles(other, org.users[0].id)).rejects.toBeInstanceOf(DirectoryError);
    await expect(directory.getPrincipal(other, org.users[0].id)).rejects.toBeInstanceOf(DirectoryError);
  });

  it('survives a cycle of nested groups', async () => {
    const cyclic: SampleOrganisation = {
      tenantId: 't',
      organisation: 'o',
      users: [
        { id: 'u1', displayName: 'One', userPrincipalName: 'one@o' },
        { id: 'u2', displayName: 'Two', userPrincipalName: 'two@o' },
      ],
      groups: [
        { id: 'g1', displayName: 'Left', members: ['u1', 'g2'] },
        { id: 'g2', displayName: 'Right', members: ['u2', 'g1'] },
      ],
      roleAssignments: [],
    };
    const cycle = new SampleDirectory(cyclic);
    expect((await cycle.transitiveUserMembers('t', 'g1')).sort()).toEqual(['u1', 'u2']);
    expect((await cycle.transitiveUserMembers('t', 'g2')).sort()).toEqual(['u1', 'u2']);
    expect(await cycle.getPrincipal('t', 'g2')).toMatchObject({ kind: 'group', memberCount: 2 });
  });

  it('says how a user is in a group: the nested groups down to the one holding the user', async () => {
    const names = async (group: string, user: string) =>
      (await directory.memberPath(org.tenantId, group, user))?.map((g) => g.displayName);
    const allStaff = 'b0c00004-0000-4000-8000-000000000004';
    expect(await names(allStaff, 'a0c00004-0000-4000-8000-000000000004')).toEqual(['All Staff', 'Sales']);
    expect(await names(allStaff, 'a0c00001-0000-4000-8000-000000000001')).toEqual(['All Staff']);
    expect(
      await names('b0c00003-0000-4000-8000-000000000003', 'a0c00004-0000-4000-8000-000000000004'),
    ).toBeUndefined();
    const cycle = new SampleDirectory({
      tenantId: 't',
      organisation: 'o',
      users: [{ id: 'u1', displayName: 'One', userPrincipalName: 'one@o' }],
      groups: [
        { id: 'g1', displayName: 'Left', members: ['g2'] },
        { id: 'g2', displayName: 'Right', members: ['g1'] },
      ],
      roleAssignments: [],
    });
    expect(await cycle.memberPath('t', 'g1', 'u1')).toBeUndefined();
  });

  it('keeps only the first results, in contract order, when many match', async () => {
    const many: SampleOrganisation = {
      tenantId: 't',
      organisation: 'o',
      users: Array.from({ length: 50 }, (_, i) => ({
        id: `u${i}`,
        displayName: `Zed ${String(49 - i).padStart(2, '0')}`,
        userPrincipalName: `zed${i}@o`,
      })),
      groups: [{ id: 'g', displayName: 'Zed team', members: [] }],
      roleAssignments: [],
    };
    const results = await new SampleDirectory(many).searchPrincipals('t', 'ze', { limit: 3 });
    expect(results.map((p) => p.displayName)).toEqual(['Zed 00', 'Zed 01', 'Zed 02']);
    const groups = await new SampleDirectory(many).searchPrincipals('t', 'ze', { kinds: ['group'] });
    expect(groups.map((p) => p.id)).toEqual(['g']);
  });
});
