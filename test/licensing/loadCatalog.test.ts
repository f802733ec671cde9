import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogFileError, describeCatalogChanges, parseCatalogFile } from '../../bot/cli/loadCatalog';
import { CatalogStore } from '../../bot/licensing/catalogStore';
import { LicenseLedger } from '../../bot/licensing/ledger';
import type { CatalogApp } from '../../bot/licensing/model';
import { SampleDirectory } from '../../bot/directory';
import { DocumentStore } from '../../bot/storage/documentStore';
import { app, SAMPLE_ORG, useCosmosFixture } from './harness';

const REPO = join(__dirname, '../..');
const SAMPLE = join(REPO, 'data/sample/catalog.json');
const TENANT = SAMPLE_ORG.tenantId;
const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
};

const fixture = useCosmosFixture();

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run catalog` as an operator runs it: its own process, configured by the environment only. */
function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      join(REPO, 'node_modules/.bin/tsx'),
      ['bot/cli/loadCatalog.ts', ...args],
      { cwd: REPO, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let database = 0;
/** A database of its own per test, in the fixture's embedded Cosmos server. */
function cosmosEnv(): Record<string, string> {
  return {
    COSMOS_ENDPOINT: fixture.cosmos.endpoint,
    COSMOS_KEY: fixture.cosmos.key,
    COSMOS_DATABASE: `cli-${process.pid}-${++database}`,
    COSMOS_CONTAINER: 'licenses',
  };
}

async function storeOf(env: Record<string, string>): Promise<DocumentStore> {
  const { openContainer } = await import('../../bot/storage/cosmosConnection');
  const container = await openContainer({
    endpoint: env.COSMOS_ENDPOINT,
    key: env.COSMOS_KEY,
    databaseId: env.COSMOS_DATABASE,
    containerId: 'licenses',
  });
  return new DocumentStore(container);
}

const sample = () => parseCatalogFile(SAMPLE);
const withApps = (apps: CatalogApp[]) => ({ tenantId: TENANT, apps });
const ADMIN = { tenantId: TENANT, userId: 'a0c00001-0000-4000-8000-000000000001', name: 'Adele Vance' };
const ALEX = 'a0c00002-0000-4000-8000-000000000002';
const SALES = 'b0c00001-0000-4000-8000-000000000001';

describe('catalog file', () => {
  test('the sample catalog is valid', () => {
    expect(sample().tenantId).toBe('6babcaad-604b-40ac-a9d7-9fd97c0b779f');
    expect(sample().apps.map((a) => a.appId)).toContain('contoso-crm');
  });

  test('an invalid file is refused with every problem named', () => {
    expect(() => parseCatalogFile(join(dir, 'none.json'))).toThrow(/none\.json cannot be read/);
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

  test('a JSON error gives its line and column', () => {
    expect(() =>
      parseCatalogFile(file('broken.json', '{\n  "apps": [\n    { "appId": "crm" "name": "x" }\n  ]\n}')),
    ).toThrow(/broken\.json is not valid JSON: CommaExpected at line 3, column 22/);
    expect(() => parseCatalogFile(file('cut.json', '{"apps": ['))).toThrow(/at line 1, column 11/);
    expect(() => parseCatalogFile(file('trailing.json', '{"apps": [],\n}'))).toThrow(/at line 2, column 1/);
  });

  test('unknown fields are refused, each named with its app', () => {
    const typo = { ...app('crm', 5), seats: 8, vendor: { ...app('crm', 5).vendor, phone: '1' } };
    expect(() => parseCatalogFile(file('typo.json', { tenantId: TENANT, apps: [typo], owner: 'x' }))).toThrow(
      CatalogFileError,
    );
    try {
      parseCatalogFile(file('typo.json', { tenantId: TENANT, apps: [typo], owner: 'x' }));
    } catch (e) {
      expect((e as CatalogFileError).problems).toEqual([
        'has an unknown field "owner"',
        'apps[0] (crm) has an unknown field "seats"',
        'apps[0] (crm) has an unknown field "vendor.phone"',
      ]);
    }
    // License Desk's own marks are not the vendor's to write.
    expect(() =>
      parseCatalogFile(file('mark.json', withApps([{ ...app('crm', 5), removedAt: '2026-01-01' }]))),
    ).toThrow(/apps\[0\] \(crm\) has an unknown field "removedAt"/);
  });

  test('the tenant id must be a GUID and is kept in lower case', () => {
    expect(() => parseCatalogFile(file('name.json', { tenantId: 'contoso', apps: [] }))).toThrow(
      /"tenantId" must be a tenant id \(a GUID\), got "contoso"/,
    );
    const upper = parseCatalogFile(file('upper.json', { tenantId: TENANT.toUpperCase(), apps: [] }));
    expect(upper.tenantId).toBe(TENANT);
  });

  test('changes are described per app', () => {
    const before = [app('crm', 5), app('hr', 3)];
    expect(describeCatalogChanges(undefined, before)).toEqual(['new catalog with 2 app(s): crm, hr']);
    expect(describeCatalogChanges(before, [app('crm', 8), app('ops', 2)])).toEqual([
      'changed crm: seats 5 → 8',
      'added ops (App ops, 2 seats)',
      'removed hr (nobody holds it)',
    ]);
    expect(
      describeCatalogChanges(before, [app('crm', 5), { ...app('hr', 3), removedAt: '2026-01-01' }]),
    ).toEqual(['removed hr: kept, marked as removed, until nobody holds it']);
    expect(describeCatalogChanges(before, before)).toEqual(['no change']);
  });
});

describe('npm run catalog (its own process, on the embedded Cosmos server)', () => {
  test('loads a catalog under the lower-case tenant id and prints what changed', async () => {
    const env = cosmosEnv();
    const first = await runCli([SAMPLE, '--tenant', TENANT.toUpperCase()], env);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(new RegExp(`Catalog of tenant ${TENANT} \\(4 app\\(s\\)\\)`));
    expect(first.stdout).toMatch(/new catalog with 4 app\(s\): contoso-crm/);
    const more = sample();
    more.apps[0].seatsPurchased += 5;
    const second = await runCli([file('more.json', more), `--tenant=${TENANT}`], env);
    expect(second.stdout).toContain('  changed contoso-crm: seats 25 → 30');
    const apps = await new CatalogStore(await storeOf(env)).get(TENANT);
    expect(apps[0]).toMatchObject({ appId: 'contoso-crm', seatsPurchased: 30 });
    expect(apps[0].seatsReducedFrom).toBeUndefined();
  });

  test('refuses to run without a Cosmos account, or with a bad tenant or setting', async () => {
    const env = cosmosEnv();
    expect(await runCli([SAMPLE], { ...env, COSMOS_ENDPOINT: '' })).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/COSMOS_ENDPOINT is not set/),
    });
    expect(await runCli([SAMPLE, '--tenant', 'contoso.onmicrosoft.com'], env)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--tenant must be a tenant id \(a GUID\)/),
    });
    expect(await runCli([SAMPLE], { ...env, COSMOS_REQUEST_TIMEOUT_MS: 'soon' })).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/COSMOS_REQUEST_TIMEOUT_MS must be a whole number/),
    });
  });

  describe('a change that hurts people who hold an app', () => {
    let env: Record<string, string>;
    let ledger: LicenseLedger;
    let catalogs: CatalogStore;
    beforeEach(async () => {
      env = cosmosEnv();
      expect((await runCli([SAMPLE], env)).code).toBe(0);
      const store = await storeOf(env);
      catalogs = new CatalogStore(store);
      ledger = new LicenseLedger({ store, directory: new SampleDirectory(SAMPLE_ORG) });
      // Sales (8 users) and Alex Wilber hold Contoso CRM: 9 seats of 25.
      await ledger.assign(ADMIN, 'contoso-crm', [SALES, ALEX]);
    });

    test('seats cut below what is assigned: described, refused without --force, applied with it', async () => {
      const cut = sample();
      cut.apps[0].seatsPurchased = 6;
      const path = file('cut.json', cut);
      const refused = await runCli([path], env);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain(
        'contoso-crm (Contoso CRM): seats 25 → 6 while 9 users hold it (Sales, Alex Wilber): it becomes over-assigned by 3.',
      );
      expect(refused.stderr).toMatch(/Nothing was changed\. Run again with --force/);
      expect((await catalogs.app(TENANT, 'contoso-crm')).seatsPurchased).toBe(25);

      const forced = await runCli([path, '--force'], env);
      expect(forced).toMatchObject({
        code: 0,
        stdout: expect.stringContaining('changed contoso-crm: seats 25 → 6'),
      });
      expect(await catalogs.app(TENANT, 'contoso-crm')).toMatchObject({
        seatsPurchased: 6,
        seatsReducedFrom: 25,
      });
    });

    test('an app removed while held: refused without --force, kept marked as removed with it', async () => {
      const without = withApps(sample().apps.filter((a) => a.appId !== 'contoso-crm'));
      const path = file('without.json', without);
      const refused = await runCli([path], env);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain(
        'contoso-crm (Contoso CRM) is removed while 2 users and groups hold it (9 seats: Sales, Alex Wilber): they keep it',
      );
      expect((await catalogs.app(TENANT, 'contoso-crm')).removedAt).toBeUndefined();

      expect((await runCli([path, '--force'], env)).code).toBe(0);
      const removed = await catalogs.app(TENANT, 'contoso-crm');
      expect(Date.parse(removed.removedAt!)).toBeGreaterThan(Date.now() - 60_000);
      // Loaded again without it: it stays, same mark, and no --force is needed any more for it.
      const again = await runCli([path], env);
      expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('no change') });
      expect((await catalogs.app(TENANT, 'contoso-crm')).removedAt).toBe(removed.removedAt);
      // Once nobody holds it, the next load drops it.
      const confirmation = await ledger.prepareUnassign(ADMIN, 'contoso-crm', [SALES, ALEX]);
      await ledger.confirmUnassign(ADMIN, confirmation.confirmationId);
      expect((await runCli([path], env)).stdout).toContain('removed contoso-crm (nobody holds it)');
      expect((await catalogs.get(TENANT)).map((a) => a.appId)).not.toContain('contoso-crm');
    });

    test('an app id changed under the same name: its holders stay with the old id', async () => {
      const renamed = sample();
      renamed.apps[0].appId = 'contoso-crm-2';
      const refused = await runCli([file('renamed.json', renamed)], env);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain(
        'contoso-crm (Contoso CRM) changes its id to contoso-crm-2: the 2 users and groups holding contoso-crm (Sales, Alex Wilber) keep it under the old id',
      );
      expect((await catalogs.get(TENANT)).map((a) => a.appId)).not.toContain('contoso-crm-2');
      // Nobody holds Fabrikam Expenses: an id change is still a likely mistake and asks for --force.
      const fabrikam = sample();
      fabrikam.apps[1].appId = 'fabrikam-expenses-v2';
      const unheld = await runCli([file('fabrikam.json', fabrikam)], env);
      expect(unheld.code).toBe(3);
      expect(unheld.stderr).toContain(
        'changes its id to fabrikam-expenses-v2: nobody holds fabrikam-expenses',
      );
    });
  });

  describe('COSMOS_REQUEST_TIMEOUT_MS', () => {
    let stalled: Server;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      // Accepts connections and never answers, as a Cosmos account behind a broken network path.
      stalled = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => stalled.close(resolve));
    });

    test('bounds each request to Cosmos: a stalled account fails the tool, naming the wait', async () => {
      const port = (stalled.address() as { port: number }).port;
      const run = await runCli([SAMPLE], {
        ...cosmosEnv(),
        COSMOS_ENDPOINT: `http://127.0.0.1:${port}`,
        COSMOS_REQUEST_TIMEOUT_MS: '300',
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/Request took more than 300 ms/);
    });
  });
});
