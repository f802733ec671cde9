/**
 * What admins see after the vendor side changed the catalog with `npm run catalog -- --force`
 * (the real tool, its own process, on the bot's embedded Cosmos server), through /api/messages:
 * an app removed while held stays visible, marked, until its holders are unassigned, and nobody can
 * be added; seats cut by the vendor are called that, never "a group grew".
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CatalogApp } from '../../bot/licensing/model';
import { startTestApp, type TestApp } from '../harness/testApp';
import { actionsOf, textsOf, type TeamsTestClient } from '../harness/teamsClient';

const REPO = path.join(__dirname, '..', '..');
const SAMPLE = JSON.parse(readFileSync(path.join(REPO, 'data/sample/catalog.json'), 'utf8')) as {
  tenantId: string;
  apps: CatalogApp[];
};
const dir = mkdtempSync(path.join(tmpdir(), 'vendor-catalog-'));

let t: TestApp;
let admin: TeamsTestClient;
beforeAll(async () => {
  // Every command reads the catalog afresh: the vendor's change shows at once.
  t = await startTestApp({ env: { CATALOG_CACHE_SECONDS: '0' } });
  admin = t.client();
});
afterAll(async () => {
  await t.stop();
});

/** `npm run catalog -- <file> --force` against the running bot's embedded Cosmos server. */
function loadCatalog(apps: CatalogApp[]): Promise<string> {
  const file = path.join(dir, `catalog-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ tenantId: SAMPLE.tenantId, apps }));
  return new Promise((resolve, reject) => {
    execFile(
      path.join(REPO, 'node_modules/.bin/tsx'),
      ['bot/cli/loadCatalog.ts', file, '--force'],
      {
        cwd: REPO,
        env: {
          PATH: process.env.PATH,
          COSMOS_ENDPOINT: t.app.embedded!.endpoint,
          COSMOS_KEY: t.app.embedded!.key,
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

const texts = async (command: string, client = admin) => textsOf((await client.send(command)).card!);
const withSeats = (appId: string, seats: number) =>
  SAMPLE.apps.map((app) => (app.appId === appId ? { ...app, seatsPurchased: seats } : app));

test('seats reduced by the vendor below what is assigned: the cards say the vendor cut them', async () => {
  await admin.send('assign Contoso CRM to Sales');
  await loadCatalog(withSeats('contoso-crm', 5));
  const details = await texts('details Contoso CRM');
  expect(details).toContain(
    'The vendor reduced the seats of this app to 5, and 8 users hold it. Nobody loses a seat; new assignments are refused until you unassign 3 or the vendor adds seats.',
  );
  expect(details.join(' ')).not.toMatch(/group grew/);
  expect(await texts('licenses')).toContain('Over-assigned: 8 users hold it for 5 seats.');
  const french = await texts('détails Contoso CRM', t.client({ locale: 'fr-FR' }));
  expect(french.join(' ')).toMatch(/L’éditeur a réduit les licences de cette application à 5/);
  expect((await admin.send('assign Contoso CRM to Alex Wilber')).card).toBeDefined();
  expect(await texts('details Contoso CRM')).not.toContain('Alex Wilber — User');
  // Seats back above what is assigned: no warning at all.
  await loadCatalog(SAMPLE.apps);
  expect((await texts('details Contoso CRM')).join(' ')).not.toMatch(/reduced|Over-assigned|grew/);
});

test('an app removed while held stays for admins to unassign, refuses new holders, then goes', async () => {
  await admin.send('assign Fabrikam Expenses to Bob Kelly');
  // Litware is held by nobody: removed, it simply leaves.
  const stdout = await loadCatalog(
    SAMPLE.apps.filter((app) => app.appId !== 'fabrikam-expenses' && app.appId !== 'litware-sondages'),
  );
  expect(stdout).toContain('removed fabrikam-expenses: kept, marked as removed, until nobody holds it');

  const list = (await admin.send('licenses')).card!;
  expect(actionsOf(list).map((action) => action.data?.appId)).toEqual([
    'contoso-crm',
    'northwind-timesheets',
    'fabrikam-expenses',
  ]);
  expect(textsOf(list)).toContain(
    'Removed from the vendor’s catalog: unassign its holders; nobody can be added.',
  );
  const details = await admin.send('details Fabrikam Expenses');
  expect(textsOf(details.card!)).toEqual(
    expect.arrayContaining([
      'This app was removed from the vendor’s catalog. Its holders keep it until you unassign them; nobody can be added.',
      'Bob Kelly — User',
    ]),
  );

  const refused = await texts('assign Fabrikam Expenses to Alex Wilber');
  expect(refused).toContain(
    'Fabrikam Expenses was removed from the vendor’s catalog: nobody can be added. Its holders keep it until you unassign them.',
  );
  expect(await texts('details Fabrikam Expenses')).not.toContain('Alex Wilber — User');

  const confirmation = await admin.send('unassign Fabrikam Expenses from Bob Kelly');
  const done = await admin.click(confirmation.card!, 'Unassign', {
    replyToId: confirmation.replies[0].activityId,
  });
  expect(textsOf(done.replacement!).join(' ')).toMatch(/Bob Kelly/);
  const after = (await admin.send('licenses')).card!;
  expect(actionsOf(after).map((action) => action.data?.appId)).toEqual([
    'contoso-crm',
    'northwind-timesheets',
  ]);
});
