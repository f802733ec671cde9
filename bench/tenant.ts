/**
 * The benchmark tenant: a generated organisation and catalog written to temporary JSON files (the
 * bot reads them through SAMPLE_DIRECTORY_FILE / SAMPLE_CATALOG_FILE, as it reads the sample
 * organisation), and existing assignments made through the ledger into an embedded Cosmos data
 * directory that the benchmarked bot then starts on.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp } from '../bot/app';
import { loadConfig } from '../bot/config/config';
import type { SampleGroup, SampleOrganisation, SampleUser } from '../bot/directory/sampleDirectory';
import type { Actor, CatalogApp } from '../bot/licensing/model';
import { createLogger } from '../bot/logger';
import type { TestUser } from '../test/harness/teamsClient';
import { generateCatalog, generateOrganisation, random } from './organisation';

export interface TenantSize {
  users: number;
  groups: number;
  /** Groups of exactly `largeGroupSize` members (assigned whole by the "assign group" command). */
  largeGroups: number;
  largeGroupSize: number;
  nestedGroups: number;
  apps: number;
  /** Users assigned directly to each app before the benchmark, in `seedBatches` ledger operations. */
  seededUsersPerApp: number;
  seedBatches: number;
  /** Small groups assigned to each app before the benchmark. */
  seededGroupsPerApp: number;
  /** Direct users of the last app (an app handed out to thousands of people one by one). */
  bigAppUsers: number;
  /** Users holding the License admin role (the admins who chat with the bot). */
  admins: number;
}

export const FULL_TENANT: TenantSize = {
  users: 20_000,
  groups: 500,
  largeGroups: 400,
  largeGroupSize: 500,
  nestedGroups: 30,
  apps: 50,
  seededUsersPerApp: 80,
  seedBatches: 12,
  seededGroupsPerApp: 2,
  bigAppUsers: 2_000,
  admins: 40,
};

export const SMOKE_TENANT: TenantSize = {
  users: 2_000,
  groups: 60,
  largeGroups: 40,
  largeGroupSize: 500,
  nestedGroups: 5,
  apps: 50,
  seededUsersPerApp: 6,
  seedBatches: 3,
  seededGroupsPerApp: 1,
  bigAppUsers: 100,
  admins: 8,
};

export const BENCH_TENANT_ID = 'b3c0be9c-0000-4000-8000-00000000be9c';
const SEATS = 25_000;

export const benchUserId = (i: number) => `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

export interface BenchTenant {
  size: TenantSize;
  tenantId: string;
  dir: string;
  directoryFile: string;
  catalogFile: string;
  dataDir: string;
  org: SampleOrganisation;
  apps: CatalogApp[];
  admins: TestUser[];
  /** Users the benchmark may assign (none of them was assigned directly by the seeding). */
  assignable: SampleUser[];
  /** Groups of exactly `largeGroupSize` users. */
  largeGroups: SampleGroup[];
  /** Direct assignments (users and groups) made by the seeding. */
  seededAssignments: number;
  /** Environment that makes License Desk serve this tenant. */
  env: Record<string, string>;
}

export function createTenant(size: TenantSize, parent = tmpdir()): BenchTenant {
  const dir = mkdtempSync(path.join(parent, 'license-desk-bench-'));
  const org = generateOrganisation({
    tenantId: BENCH_TENANT_ID,
    users: size.users,
    groups: size.groups,
    largeGroups: size.largeGroups,
    largeGroupSize: size.largeGroupSize,
    nestedGroups: size.nestedGroups,
    userId: benchUserId,
    licenseAdmins: Array.from({ length: size.admins }, (_, i) => benchUserId(i)),
  });
  const apps = generateCatalog(size.apps, SEATS);
  const directoryFile = path.join(dir, 'directory.json');
  const catalogFile = path.join(dir, 'catalog.json');
  const dataDir = path.join(dir, 'cosmos');
  mkdirSync(dataDir);
  writeFileSync(directoryFile, JSON.stringify(org));
  writeFileSync(catalogFile, JSON.stringify({ tenantId: BENCH_TENANT_ID, apps }));
  const admins = org.users.slice(0, size.admins).map((user) => ({
    id: `29:${user.id}`,
    aadObjectId: user.id,
    name: user.displayName,
  }));
  const half = Math.floor(size.users / 2);
  return {
    size,
    tenantId: BENCH_TENANT_ID,
    dir,
    directoryFile,
    catalogFile,
    dataDir,
    org,
    apps,
    admins,
    assignable: org.users.slice(size.admins, half),
    largeGroups: org.groups.slice(0, size.largeGroups),
    seededAssignments: 0,
    env: {
      EMBEDDED_COSMOS_DIR: dataDir,
      SAMPLE_DIRECTORY_FILE: directoryFile,
      SAMPLE_CATALOG_FILE: catalogFile,
    },
  };
}

/**
 * Makes the existing assignments through the ledger, in a License Desk started in this process on
 * the tenant's data directory (stopped afterwards: the journal keeps what it acknowledged).
 * Direct users come from the second half of the users, so the benchmark's own assignments (first
 * half) are always new; groups from the small ones.
 */
export async function seedTenant(tenant: BenchTenant): Promise<number> {
  const config = loadConfig({ ...tenant.env, PORT: '0', LOG_LEVEL: 'warn' });
  const app = await startApp(config, { logger: createLogger('warn') });
  const { size } = tenant;
  const next = random(1234);
  const half = Math.floor(size.users / 2);
  const admin = tenant.admins[0];
  const actor: Actor = { tenantId: tenant.tenantId, userId: admin.aadObjectId, name: admin.name };
  const smallGroups = tenant.org.groups.slice(size.largeGroups);
  let made = 0;
  try {
    const seedApp = async (appIndex: number) => {
      const appId = tenant.apps[appIndex].appId;
      const wanted = appIndex === size.apps - 1 ? size.bigAppUsers : size.seededUsersPerApp;
      const chosen = new Set<string>();
      while (chosen.size < Math.min(wanted, size.users - half)) {
        chosen.add(tenant.org.users[half + Math.floor(next() * (size.users - half))].id);
      }
      const ids = [...chosen];
      const batch = Math.ceil(ids.length / size.seedBatches);
      for (let i = 0; i < ids.length; i += batch) {
        await app.ledger.assign(actor, appId, ids.slice(i, i + batch));
      }
      for (let g = 0; g < size.seededGroupsPerApp && smallGroups.length > 0; g++) {
        const group = smallGroups[Math.floor(next() * smallGroups.length)];
        const outcome = await app.ledger.assign(actor, appId, [group.id]);
        made += outcome.assigned.length;
      }
      made += ids.length;
    };
    const queue = tenant.apps.map((_, i) => i);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) await seedApp(i);
      }),
    );
  } finally {
    await app.stop();
  }
  tenant.seededAssignments = made;
  return made;
}
