/**
 * Deterministic generated organisations and catalogs for the benchmarks: the same seed gives the
 * same users, groups and apps on every run, so runs compare.
 */
import type {
  SampleGroup,
  SampleOrganisation,
  SampleRoleAssignment,
  SampleUser,
} from '../bot/directory/sampleDirectory';
import type { CatalogApp } from '../bot/licensing/model';

/** Deterministic pseudo-random numbers in [0, 1). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

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

export interface OrganisationSpec {
  tenantId: string;
  users: number;
  /** Groups of random size (5–300 direct members), some nesting three others. */
  groups: number;
  /** The first `largeGroups` groups have exactly `largeGroupSize` consecutive users and no nesting. */
  largeGroups: number;
  largeGroupSize: number;
  /** Groups (after the large ones) that nest three other groups. */
  nestedGroups: number;
  /** User ids (generated ones, e.g. `userId(0)`) that hold the License admin role. */
  licenseAdmins?: string[];
  seed?: number;
  /** Ids of the generated users: `u-<i>` by default. */
  userId?: (i: number) => string;
  /** A group nesting every large group (a very large transitive group). */
  everyoneLarge?: boolean;
}

export const LICENSE_ADMIN_ROLE = '4d6ac14f-3453-41d0-bef9-a3e0c569773a';

export function generateOrganisation(spec: OrganisationSpec): SampleOrganisation {
  const next = random(spec.seed ?? 42);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  const word = (parts: number) => {
    const text = Array.from({ length: parts }, () => pick(SYLLABLES)).join('');
    return text[0].toUpperCase() + text.slice(1);
  };
  const userId = spec.userId ?? ((i: number) => `u-${i}`);
  const domain = 'bench.example';

  const users: SampleUser[] = [];
  for (let i = 0; i < spec.users; i++) {
    const givenName = word(2);
    const surname = word(3);
    const upn = `${givenName}.${surname}.${i}@${domain}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    users.push({
      id: userId(i),
      displayName: `${givenName} ${surname}`,
      givenName,
      surname,
      userPrincipalName: upn.toLowerCase(),
      mail: upn.toLowerCase(),
    });
  }
  const groups: SampleGroup[] = [];
  for (let g = 0; g < spec.groups; g++) {
    const large = g < spec.largeGroups;
    const size = Math.min(spec.users, large ? spec.largeGroupSize : 5 + Math.floor(next() * 300));
    const start = Math.floor(next() * (spec.users - size + 1));
    const members = Array.from({ length: size }, (_, k) => userId(start + k));
    groups.push({
      id: `g-${g}`,
      displayName: `${word(2)} ${word(2)} team ${g}`,
      mail: `team${g}@${domain}`,
      members,
    });
  }
  // Nesting among the small groups: each of `nestedGroups` parents contains three later groups.
  const small = spec.groups - spec.largeGroups - spec.nestedGroups;
  if (small > 0) {
    for (let n = 0; n < spec.nestedGroups; n++) {
      const parent = groups[spec.largeGroups + n];
      for (let k = 0; k < 3; k++)
        parent.members.push(`g-${spec.largeGroups + spec.nestedGroups + Math.floor(next() * small)}`);
    }
    if (spec.nestedGroups > 0) {
      // A cycle: a nested child contains its parent.
      groups[spec.largeGroups + spec.nestedGroups].members.push(`g-${spec.largeGroups}`);
    }
  }
  if (spec.everyoneLarge) {
    groups.push({
      id: 'g-everyone-large',
      displayName: 'All large teams',
      members: Array.from({ length: spec.largeGroups }, (_, g) => `g-${g}`),
    });
  }
  const roleAssignments: SampleRoleAssignment[] = (spec.licenseAdmins ?? []).map((principalId) => ({
    roleTemplateId: LICENSE_ADMIN_ROLE,
    principalId,
  }));
  return { tenantId: spec.tenantId, organisation: 'Bench', users, groups, roleAssignments };
}

/** `count` apps named "Bench App 01" … with ids `bench-app-01` …, each with `seats` seats. */
export function generateCatalog(count: number, seats: number): CatalogApp[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return {
      appId: `bench-app-${n}`,
      name: `Bench App ${n}`,
      vendor: {
        name: `Vendor ${n}`,
        email: `licensing@vendor${n}.example`,
        website: `https://vendor${n}.example/app`,
      },
      seatsPurchased: seats,
      installUrl: `https://vendor${n}.example/app/install`,
      description: `Generated app ${n} for the benchmark`,
    };
  });
}
