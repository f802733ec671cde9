/**
 * Backing up the embedded store while the bot runs (README "Deploy to Azure", back up and restore):
 * the copy is taken file by file as the README says, while admins keep assigning, and a second
 * bot started from it — a separate process, beside the running original — finds the data.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JOURNAL_FILE, LOCK_FILE, SNAPSHOT_FILE } from '../../bot/storage/embedded/journal';
import { startTestApp, type TestApp } from '../harness/testApp';
import { SAMPLE_TENANT, textsOf } from '../harness/teamsClient';
import { ledgerOn, startChildBot, type ChildBot } from '../reliability/support/childBot';

let original: TestApp;
let restored: ChildBot | undefined;
const copy = mkdtempSync(path.join(tmpdir(), 'license-desk-backup-'));

beforeAll(async () => {
  original = await startTestApp();
});
afterAll(async () => {
  await restored?.stop();
  await original.stop();
  rmSync(copy, { recursive: true, force: true });
});

/** README: the snapshot first, then the journal (the lock comes along with a whole-folder copy). */
function backUp(from: string, to: string): void {
  for (const file of [SNAPSHOT_FILE, JOURNAL_FILE, LOCK_FILE])
    if (existsSync(path.join(from, file))) copyFileSync(path.join(from, file), path.join(to, file));
}

test('a copy taken while the bot runs and writes starts as a second bot, with the data', async () => {
  const admin = original.client();
  const assigned = await admin.send('assign Contoso CRM to Bob Kelly');
  expect(textsOf(assigned.card!).join(' ')).toMatch(/Bob Kelly/);

  // Taken while another change is being written.
  const inFlight = admin.send('assign Fabrikam Expenses to Alex Wilber');
  backUp(original.dataDir, copy);
  await inFlight;
  // The copy names the running process as the lock holder: it must not stop a restore.
  expect(readFileSync(path.join(copy, LOCK_FILE), 'utf8')).toMatch(new RegExp(`^${process.pid}\\n`));

  restored = await startChildBot({ dataDir: copy });
  const { ledger } = await ledgerOn(restored.cosmosPort);
  const details = await ledger.details(SAMPLE_TENANT, 'contoso-crm');
  expect(details.holders.map((holder) => holder.displayName)).toContain('Bob Kelly');
  // The original never noticed.
  expect(textsOf((await admin.send('details Contoso CRM')).card!)).toContain('Bob Kelly — User');
});
