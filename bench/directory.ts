/**
 * Benchmark of the sample directory at the scale the product must hold: 100,000 users and
 * 5,000 groups (some nested, some with 10,000 members). Prints prefix-search latency (p50/p99)
 * and the time to expand 10,000-member groups. Run: npx tsx bench/directory.ts
 */
import { performance } from 'node:perf_hooks';
import {
  SampleDirectory,
  SampleGroup,
  SampleOrganisation,
  SampleUser,
} from '../bot/directory/sampleDirectory';

const USERS = 100_000;
const GROUPS = 5_000;
const LARGE_GROUPS = 20;
const LARGE_GROUP_SIZE = 10_000;
const NESTED_GROUPS = 500;
const QUERIES = 5_000;
const TENANT = '00000000-0000-4000-8000-00000000bench';

/** Deterministic pseudo-random numbers, so every run measures the same directory. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

const next = random(42);
const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
const SYLLABLES = [
  'an',
  'bel',
  'car',
  'dé',
  'el',
  'fran',
  'gu',
  'hé',
  'is',
  'jo',
  'ka',
  'lé',
  'ma',
  'no',
  'ol',
];
const word = (parts: number) => {
  const text = Array.from({ length: parts }, () => pick(SYLLABLES)).join('');
  return text[0].toUpperCase() + text.slice(1);
};

function generate(): SampleOrganisation {
  const users: SampleUser[] = [];
  for (let i = 0; i < USERS; i++) {
    const givenName = word(2);
    const surname = word(3);
    const upn = `${givenName}.${surname}.${i}@bench.example`.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    users.push({
      id: `u-${i}`,
      displayName: `${givenName} ${surname}`,
      givenName,
      surname,
      userPrincipalName: upn.toLowerCase(),
      mail: upn.toLowerCase(),
    });
  }
  const groups: SampleGroup[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const size = g < LARGE_GROUPS ? LARGE_GROUP_SIZE : 5 + Math.floor(next() * 300);
    const start = Math.floor(next() * (USERS - size));
    const members = Array.from({ length: size }, (_, k) => `u-${start + k}`);
    groups.push({
      id: `g-${g}`,
      displayName: `${word(2)} ${word(2)} team ${g}`,
      mail: `team${g}@bench.example`,
      members,
    });
  }
  // Nesting: some groups contain other groups (two levels, a cycle, and parents of large groups).
  for (let n = 0; n < NESTED_GROUPS; n++) {
    const parent = groups[LARGE_GROUPS + n];
    for (let k = 0; k < 3; k++)
      parent.members.push(`g-${LARGE_GROUPS + NESTED_GROUPS + Math.floor(next() * 4000)}`);
  }
  groups[LARGE_GROUPS + NESTED_GROUPS].members.push(`g-${LARGE_GROUPS}`);
  groups.push({
    id: 'g-everyone-large',
    displayName: 'All large teams',
    members: Array.from({ length: LARGE_GROUPS }, (_, g) => `g-${g}`),
  });
  return { tenantId: TENANT, organisation: 'Bench', users, groups, roleAssignments: [] };
}

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
