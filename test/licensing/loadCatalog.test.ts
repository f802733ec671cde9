import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogFileError, describeCatalogChanges, main, parseCatalogFile } from '../../bot/cli/loadCatalog';
import { CatalogStore } from '../../bot/licensing/catalogStore';
import { openContainer } from '../../bot/storage/cosmosConnection';
import { DocumentStore } from '../../bot/storage/documentStore';
import { app, newTenant, useCosmosFixture } from './harness';

const SAMPLE = join(__dirname, '../../data/sample/catalog.json');
const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

const fixture = useCosmosFixture();

test('the sample catalog is valid', () => {
  const catalog = parseCatalogFile(SAMPLE);
  expect(catalog.tenantId).toBe('6babcaad-604b-40ac-a9d7-9fd97c0b779f');
  expect(catalog.apps.map((a) => a.appId)).toContain('contoso-crm');
});

test('an invalid file is refused with every problem named', () => {
  expect(() => parseCatalogFile(join(dir, 'none.json'))).toThrow(/none\.json cannot be read/);
  expect(() => parseCatalogFile(file('broken.json', '{"apps": ['))).toThrow(/broken\.json is not valid JSON/);
  expect(() => parseCatalogFile(file('list.json', []))).toThrow(/must contain an object/);
  const bad = {
    apps: [app('crm', 5), { ...app('crm', -1), installUrl: 'ftp://x' }, { ...app('a/b', 1), vendor: 'x' }],
  };
  let error: CatalogFileError | undefined;
  try {
    parseCatalogFile(file('bad.json', bad));
  } catch (e) {
    error = e as CatalogFileError;
  }
  expect(error?.problems).toEqual([
    'apps[1].appId "crm" repeats apps[0].appId',
    'apps[1].seatsPurchased must be a whole number ≥ 0 (got -1)',
    'apps[1].installUrl must be an http(s) URL',
    'apps[2].appId must be 1-100 letters, digits, ".", "_" or "-" (got "a/b")',
    'apps[2].vendor must be an object with name, email and website',
  ]);
  expect(error?.message).toMatch(/bad\.json has 5 problems/);
});

test('changes are described per app', () => {
  const before = [app('crm', 5), app('hr', 3)];
  expect(describeCatalogChanges(undefined, before)).toEqual(['new catalog with 2 app(s): crm, hr']);
  expect(describeCatalogChanges(before, [app('crm', 8), app('ops', 2)])).toEqual([
    'changed crm: seats 5 → 8',
    'added ops (App ops, 2 seats)',
    'removed hr (its assignments are kept)',
  ]);
  expect(describeCatalogChanges(before, before)).toEqual(['no change']);
});

test('loads a tenant catalog into Cosmos and prints what changed', async () => {
  const tenantId = newTenant();
  const env = {
    COSMOS_ENDPOINT: fixture.cosmos.endpoint,
    COSMOS_KEY: fixture.cosmos.key,
    COSMOS_DATABASE: 'cli',
    COSMOS_CONTAINER: 'licenses',
  };
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
  try {
    expect(await main([SAMPLE, '--tenant', tenantId], env)).toBe(0);
    const updated = parseCatalogFile(SAMPLE);
    updated.apps[0].seatsPurchased += 5;
    expect(await main([file('updated.json', updated), `--tenant=${tenantId}`], env)).toBe(0);
  } finally {
    log.mockRestore();
  }
  expect(lines[1]).toMatch(/new catalog with \d+ app\(s\): contoso-crm/);
  expect(lines[3]).toBe('  changed contoso-crm: seats 25 → 30');
  const container = await openContainer({
    endpoint: env.COSMOS_ENDPOINT,
    key: env.COSMOS_KEY,
    databaseId: 'cli',
    containerId: 'licenses',
  });
  const apps = await new CatalogStore(new DocumentStore(container)).get(tenantId);
  expect(apps[0]).toMatchObject({ appId: 'contoso-crm', seatsPurchased: 30 });
  container.database.client.dispose();
  await expect(main([SAMPLE], { ...env, COSMOS_ENDPOINT: '' })).rejects.toThrow(/COSMOS_ENDPOINT is not set/);
  await expect(main([], env)).rejects.toThrow(/usage/);
});
