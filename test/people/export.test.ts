import { randomBytes } from 'node:crypto';
import { SampleDirectory } from '../../bot/directory/sampleDirectory';
import { ExportLinks } from '../../bot/export/exportLinks';
import { csvCell } from '../../bot/export/holdersCsv';
import { SAMPLE_ORG } from '../licensing/harness';
import { startTestApp, type TestApp } from '../harness/testApp';
import { ADELE, BOB, SAMPLE_TENANT, textsOf } from '../harness/teamsClient';

/**
 * The holders export through /api/messages and HTTP: the link is signed for the tenant and the admin,
 * valid 15 minutes, refused afterwards or for anyone else; the CSV is safe to open in a spreadsheet.
 */
// Made up for each run: the links are signed with it, nothing else uses it.
const SECRET = randomBytes(32).toString('base64url');
/** A user whose name a spreadsheet would run as a formula. */
const EVIL = {
  id: 'e0c00001-0000-4000-8000-000000000001',
  displayName: '=HYPERLINK("http://evil.example","Click")',
  userPrincipalName: '+cmd@contoso.com',
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    env: { DIALOG_TOKEN_SECRET: SECRET },
    start: { directory: new SampleDirectory({ ...SAMPLE_ORG, users: [...SAMPLE_ORG.users, EVIL] }) },
  });
  const c = t.client({ extra: { localTimezone: 'Europe/Paris' } });
  await c.send(`assign Contoso CRM to Bob Kelly until 30 June ${new Date().getUTCFullYear() + 1}`);
  await c.send('assign Contoso CRM to Ventes France and alice@contoso.com');
  await t.app.ledger.assign(
    { tenantId: SAMPLE_TENANT, userId: ADELE.aadObjectId, name: ADELE.name },
    'contoso-crm',
    [EVIL.id],
  );
});
afterAll(async () => {
  await t.stop();
});

async function linkOf(command: string, locale?: string): Promise<{ url: string; texts: string[] }> {
  const card = (await t.client({ locale }).send(command)).card!;
  const click = await t.client().click(card, textsOf(card).at(-1)!);
  return { url: click.openedUrl!, texts: textsOf(card) };
}

test('export Contoso CRM: a link for 15 minutes, and the CSV of every holder and how', async () => {
  const { url, texts } = await linkOf('export Contoso CRM');
  expect(texts).toEqual([
    'Export: Contoso CRM',
    expect.stringMatching(
      /^The CSV of everyone who holds Contoso CRM: name, address, how held, since, until\. The link works for you only, until \d\d:\d\d UTC \(15 minutes\)\.$/,
    ),
    'Download CSV',
  ]);
  expect(url.startsWith(`http://localhost:`)).toBe(true);
  const response = await fetch(new URL(new URL(url).pathname + new URL(url).search, t.app.url));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(response.headers.get('content-disposition')).toBe('attachment; filename="contoso-crm-holders.csv"');
  const lines = (await response.text())
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toBe('"Name","Address","How held","Since","Until"');
  const year = new Date().getUTCFullYear() + 1;
  expect(lines.slice(1).map((line) => line.replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/, '"<since>"'))).toEqual([
    `"Bob Kelly","bob@contoso.com","Directly","<since>","${year}-06-30T22:00:00.000Z"`,
    '"Alice Durand","alice@contoso.com","Directly","<since>",""',
    // The injection cells: an apostrophe makes them text in a spreadsheet.
    `"'=HYPERLINK(""http://evil.example"",""Click"")","'+cmd@contoso.com","Directly","<since>",""`,
    '"Ventes France","ventes.france@contoso.com","Group assigned (4 members)","<since>",""',
    // Alice Durand is in Ventes France too: listed once, directly.
    '"Chloé Martin","chloe.martin@contoso.com","Through Ventes France","<since>",""',
    '"Émilie Dubois","emilie.dubois@contoso.com","Through Ventes France","<since>",""',
    '"François Lefèvre","francois.lefevre@contoso.com","Through Ventes France","<since>",""',
  ]);
});

test('exporter Contoso CRM: the French card and CSV', async () => {
  const { url, texts } = await linkOf('exporter Contoso CRM', 'fr-FR');
  expect(texts[0]).toBe('Export : Contoso CRM');
  const csv = await (await fetch(new URL(new URL(url).pathname + new URL(url).search, t.app.url))).text();
  expect(csv.replace(/^\ufeff/, '').split('\r\n')[0]).toBe('"Nom","Adresse","Comment","Depuis","Jusqu’au"');
  expect(csv).toContain('"Via Ventes France"');
});

test('refused after 15 minutes, for another tenant or admin, or when altered', async () => {
  const get = (token: string) =>
    fetch(`${t.app.url}/api/export/holders.csv?token=${encodeURIComponent(token)}`).then(async (r) => ({
      status: r.status,
      text: await r.text(),
    }));
  const claims = {
    tenantId: SAMPLE_TENANT,
    userId: ADELE.aadObjectId,
    appId: 'contoso-crm',
    language: 'en' as const,
  };
  // Issued 16 minutes ago with the bot's own secret.
  const old = new ExportLinks({ current: SECRET }, () => Date.now() - 16 * 60 * 1000).sign(claims).token;
  expect(await get(old)).toEqual({
    status: 410,
    text: 'This download link has expired. Ask License Desk again: “export contoso-crm”.',
  });
  const fresh = new ExportLinks({ current: SECRET }).sign(claims).token;
  expect((await get(fresh)).status).toBe(200);
  // Signed for another organisation, or for someone who is no admin: refused, nothing read.
  const otherTenant = new ExportLinks({ current: SECRET }).sign({
    ...claims,
    tenantId: '11111111-2222-4333-8444-555555555555',
  });
  expect(await get(otherTenant.token)).toEqual({
    status: 403,
    text: 'This download link is not valid for you. Ask License Desk for a new one.',
  });
  const notAdmin = new ExportLinks({ current: SECRET }).sign({ ...claims, userId: BOB.aadObjectId });
  expect((await get(notAdmin.token)).status).toBe(403);
  // The claims changed without the secret (another admin's or tenant's id put in): the signature fails.
  const [body, mac] = fresh.split('.');
  const forged = Buffer.from(
    Buffer.from(body, 'base64url').toString().replace(SAMPLE_TENANT, '11111111-2222-4333-8444-555555555555'),
  ).toString('base64url');
  expect((await get(`${forged}.${mac}`)).status).toBe(403);
  // A pane token (same secret, other purpose) is no export link.
  expect((await get('x.y')).status).toBe(403);
  expect(
    (await get(new ExportLinks({ current: 'another-secret-of-at-least-32-chars!' }).sign(claims).token))
      .status,
  ).toBe(403);
});

test('csv cells: formulas, tabs and carriage returns become text; quotes doubled', () => {
  expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'plain', 'a"b'].map(csvCell)).toEqual([
    `"'=1+1"`,
    `"'+1"`,
    `"'-1"`,
    `"'@SUM(A1)"`,
    `"'\tx"`,
    `"'\rx"`,
    '"plain"',
    '"a""b"',
  ]);
});
