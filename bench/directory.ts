/**
 * Benchmark of the sample directory at the scale the product must hold: 100,000 users and
 * 5,000 groups (some nested, some with 10,000 members). Prints prefix-search latency (p50/p99)
 * and the time to expand 10,000-member groups. Run: npx tsx bench/directory.ts
 */
import { performance } from 'node:perf_hooks';
import { SampleDirectory } from '../bot/directory/sampleDirectory';
import { generateOrganisation, random } from './organisation';

const USERS = 100_000;
const GROUPS = 5_000;
const LARGE_GROUPS = 20;
const LARGE_GROUP_SIZE = 10_000;
const NESTED_GROUPS = 500;
const QUERIES = 5_000;
const TENANT = '00000000-0000-4000-8000-00000000bench';

const next = random(7);
const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];

const generate = () =>
  generateOrganisation({
    tenantId: TENANT,
    users: USERS,
    groups: GROUPS,
    largeGroups: LARGE_GROUPS,
    largeGroupSize: LARGE_GROUP_SIZE,
    nestedGroups: NESTED_GROUPS,
    everyoneLarge: true,
  });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  let start = performance.now();
  const org = generate();
  const generated = performance.now() - start;

  start = performance.now();
  const directory = new SampleDirectory(org);
  const built = performance.now() - start;

  const queries: string[] = [];
  for (let q = 0; q < QUERIES; q++) {
    const user = pick(org.users);
    const source = pick([
      user.givenName ?? '',
      user.surname ?? '',
      user.userPrincipalName,
      `team${q % GROUPS}`,
    ]);
    queries.push(source.slice(0, 1 + Math.floor(next() * 5)));
  }
  const timings: number[] = [];
  let results = 0;
  for (const query of queries) {
    const t = performance.now();
    results += (await directory.searchPrincipals(TENANT, query)).length;
    timings.push(performance.now() - t);
  }
  timings.sort((a, b) => a - b);

  const expandTimes: number[] = [];
  let members = 0;
  for (let g = 0; g < 5; g++) {
    const t = performance.now();
    members = (await directory.transitiveUserMembers(TENANT, `g-${g}`)).length;
    expandTimes.push(performance.now() - t);
  }
  let t = performance.now();
  const everyone = (await directory.transitiveUserMembers(TENANT, 'g-everyone-large')).length;
  const nestedCold = performance.now() - t;
  t = performance.now();
  await directory.transitiveUserMembers(TENANT, 'g-everyone-large');
  const nestedWarm = performance.now() - t;

  const ms = (value: number) => `${value.toFixed(2)} ms`;
  console.log(
    `directory: ${USERS.toLocaleString('en')} users, ${org.groups.length.toLocaleString('en')} groups`,
  );
  console.log(`generate: ${ms(generated)}; build SampleDirectory: ${ms(built)}`);
  console.log(
    `prefix search (${QUERIES} queries, ${(results / QUERIES).toFixed(1)} results each): ` +
      `p50 ${ms(percentile(timings, 50))}, p99 ${ms(percentile(timings, 99))}, max ${ms(timings[timings.length - 1])}`,
  );
  console.log(
    `transitive members of a ${members.toLocaleString('en')}-member group (first call): ` +
      expandTimes.map(ms).join(', '),
  );
  console.log(
    `transitive members of a group nesting ${LARGE_GROUPS} large groups (${everyone.toLocaleString('en')} users): ` +
      `first call ${ms(nestedCold)}, again (expansion remembered) ${ms(nestedWarm)}`,
  );
}

void main();
