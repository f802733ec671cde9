/**
 * How fast a pasted list of 1,000 entries is answered with its preview card (`npm run bench:bulk`):
 * License Desk in this process on the embedded Cosmos server, a generated organisation of 2,000
 * users, the message posted to /api/messages as Teams would and timed until the card reaches the
 * loopback connector. Prints each run and the median. Entries mix addresses, display names and 10
 * typos (which take the "did you mean" search).
 */
import path from 'node:path';
import { SampleDirectory, loadSampleOrganisation } from '../bot/directory/sampleDirectory';
import { startTestApp } from '../test/harness/testApp';
import { SAMPLE_TENANT } from '../test/harness/teamsClient';
import { generateCatalog, generateOrganisation } from './organisation';

const SAMPLE_ORG = loadSampleOrganisation(path.join(__dirname, '../data/sample/directory.json'));
const RUNS = 7;
const ENTRIES = 1000;

async function main(): Promise<void> {
  const generated = generateOrganisation({
    tenantId: SAMPLE_TENANT,
    users: 2000,
    groups: 0,
    largeGroups: 0,
    largeGroupSize: 0,
    nestedGroups: 0,
  });
  const directory = new SampleDirectory({ ...SAMPLE_ORG, users: [...SAMPLE_ORG.users, ...generated.users] });
  const t = await startTestApp({ env: { LOG_LEVEL: 'warn' }, start: { directory } });
  try {
    const [app] = generateCatalog(1, 5000);
    await t.app.ledger.putCatalog(SAMPLE_TENANT, [app]);
    const users = generated.users.slice(0, ENTRIES - 10);
    const lines = [
      ...users.map((u, i) => (i % 4 === 0 ? u.displayName : u.userPrincipalName)),
      ...generated.users.slice(1000, 1010).map((u) => `${u.displayName}x`),
    ];
    const client = t.client();
    const timings: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = process.hrtime.bigint();
      const answer = await client.send(`assign ${app.name} to\n${lines.join('\n')}`);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (!answer.card) throw new Error('no preview card');
      timings.push(ms);
      console.log(`run ${run + 1}: ${ms.toFixed(0)} ms (${lines.length} entries)`);
    }
    const sorted = [...timings].sort((a, b) => a - b);
    console.log(`median: ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms for ${lines.length} entries`);
  } finally {
    await t.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
