/**
 * How License Desk's cost grows with the organisation (`npm run bench`, after the side-by-side
 * phases; sizes are options of bench/run.ts):
 *
 * - the same commands on tenants of 1,000 / 20,000 / 100,000 users (the benchmark tenant's shape,
 *   scaled: groups, the large app's holders and the License admins grow with the users);
 * - one app with 100,000 direct holders (details' first page, assign one more, unassign one) and a
 *   50,000-member group assigned to another app (its details, an assignment beside it, the list);
 * - 1,000 tenants of 200 users each made warm on one instance (each admin lists, opens details and
 *   assigns), for the memory one instance then holds.
 *
 * Each setup gets a fresh License Desk process on its own seeded data directory.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startApp } from '../bot/app';
import { loadConfig } from '../bot/config/config';
import type { SampleGroup, SampleOrganisation } from '../bot/directory/sampleDirectory';
import type { Actor } from '../bot/licensing/model';
import { createLogger } from '../bot/logger';
import type { LoopbackConnector } from '../test/harness/loopbackConnector';
import { TeamsTestClient, textsOf } from '../test/harness/teamsClient';
import { BotProcess } from './bots';
import { runPhase, type PhaseFigures } from './load';
import { generateCatalog, generateOrganisation } from './organisation';
import { BenchConversation, COMMANDS, type Command } from './scenario';
import { createTenant, seedTenant, type BenchTenant, type TenantSize } from './tenant';
import { TenantsDirectory } from './tenantsDirectory';

export interface GrowthOptions {
  /** Users of the tenants the commands run on. */
  users: number[];
  /** Direct holders of the one big app. */
  holders: number;
  /** Members of the group assigned to another app of that tenant. */
  groupSize: number;
  /** Tenants made warm on one instance, and users of each. */
  tenants: number;
  tenantUsers: number;
  concurrency: number;
  turns: number;
  buildDir?: string;
}

type Figure = Omit<PhaseFigures, 'problems' | 'recording'>;

export interface SizeFigures {
  users: number;
  seedSeconds: number;
  peakRssMiB: number;
  commands: Partial<Record<Command, Figure>>;
}

export interface BigFigures {
  users: number;
  holders: number;
  groupSize: number;
  seedSeconds: number;
  peakRssMiB: number;
  rows: { label: string; figures: Figure }[];
}

export interface WarmFigures {
  tenants: number;
  usersEach: number;
  seedSeconds: number;
  warmSeconds: number;
  /** Resident set size of the instance before any tenant spoke to it, after all did, and its peak. */
  rssColdMiB: number;
  rssWarmMiB: number;
  peakRssMiB: number;
  turns: number;
  errors: number;
}

export interface GrowthFigures {
  options: Omit<GrowthOptions, 'buildDir'>;
  sizes: SizeFigures[];
  big?: BigFigures;
  warm?: WarmFigures;
  problems: string[];
}

const mib = (bytes: number) => bytes / 1024 / 1024;
const strip = (figure: PhaseFigures & { recording?: unknown }): Figure => {
  const { problems: _problems, recording: _recording, ...rest } = figure;
  return rest;
};

/** The benchmark tenant's shape at `users` users. */
export function scaledSize(users: number): TenantSize {
  const groups = Math.max(20, Math.round(users / 40));
  return {
    users,
    groups,
    largeGroups: Math.round(groups * 0.8),
    largeGroupSize: Math.min(500, Math.floor(users / 2)),
    nestedGroups: Math.round(groups * 0.06),
    apps: 50,
    seededUsersPerApp: 80,
    seedBatches: 12,
    seededGroupsPerApp: 2,
    bigAppUsers: Math.round(users / 10),
    admins: Math.min(40, Math.max(4, Math.floor(users / 25))),
  };
}

function conversationsOn(
  bot: BotProcess,
  connector: LoopbackConnector,
  tenant: BenchTenant,
  count: number,
  appIndex = (i: number) => i % (tenant.apps.length - 1),
): BenchConversation[] {
  return Array.from(
    { length: count },
    (_, i) =>
      new BenchConversation(
        'desk',
        bot.url,
        connector,
        tenant,
        tenant.apps[appIndex(i)],
        tenant.admins[i % tenant.admins.length],
        Math.floor(i / (tenant.apps.length - 1)),
      ),
  );
}

export async function runGrowth(
  options: GrowthOptions,
  connector: LoopbackConnector,
  log: (text: string) => void,
): Promise<GrowthFigures> {
  const { buildDir: _buildDir, ...settings } = options;
  const figures: GrowthFigures = { options: settings, sizes: [], problems: [] };
  const note = (where: string, figure: PhaseFigures) => {
    if (figure.errors) figures.problems.push(`${where}: ${figure.errors} failed, e.g. ${figure.problems[0]}`);
  };
  for (const users of options.users) {
    figures.sizes.push(await commandsAtSize(users, options, connector, log, note));
  }
  if (options.holders > 0) figures.big = await bigApp(options, connector, log, note);
  if (options.tenants > 0) figures.warm = await warmTenants(options, connector, log, figures.problems);
  return figures;
}

async function commandsAtSize(
  users: number,
  options: GrowthOptions,
  connector: LoopbackConnector,
  log: (text: string) => void,
  note: (where: string, figure: PhaseFigures) => void,
): Promise<SizeFigures> {
  const tenant = createTenant(scaledSize(users));
  try {
    const started = performance.now();
    await seedTenant(tenant);
    const seedSeconds = (performance.now() - started) / 1000;
    const bot = await BotProcess.start('desk', tenant.env, { buildDir: options.buildDir });
    const commands: SizeFigures['commands'] = {};
    try {
      const group = conversationsOn(bot, connector, tenant, options.concurrency);
      for (const command of COMMANDS) {
        await runPhase(bot, group, command, 1); // warm-up
        connector.calls.length = 0;
        const figure = await runPhase(bot, group, command, options.turns);
        connector.calls.length = 0;
        note(`${users} users, ${command}`, figure);
        commands[command] = strip(figure);
      }
      const usage = await bot.usage();
      log(`growth: ${users.toLocaleString('en')} users done (seeded in ${seedSeconds.toFixed(1)} s)`);
      return { users, seedSeconds, peakRssMiB: mib(usage.maxRss), commands };
    } finally {
      await bot.stop();
    }
  } finally {
    rmSync(tenant.dir, { recursive: true, force: true });
  }
}

/** A tenant whose first app has `holders` direct holders and whose second has a `groupSize` group. */
async function bigApp(
  options: GrowthOptions,
  connector: LoopbackConnector,
  log: (text: string) => void,
  note: (where: string, figure: PhaseFigures) => void,
): Promise<BigFigures> {
  const admins = 8;
  const users = options.holders + Math.max(1000, Math.round(options.holders / 10));
  const tenant = createTenant({
    users,
    groups: 10,
    largeGroups: 0,
    largeGroupSize: 0,
    nestedGroups: 0,
    apps: 3,
    seededUsersPerApp: 0,
    seedBatches: 1,
    seededGroupsPerApp: 0,
    bigAppUsers: 0,
    admins,
  });
  try {
    const bigGroup: SampleGroup = {
      id: 'g-big',
      displayName: 'Everyone in the big group',
      members: tenant.org.users.slice(admins, admins + options.groupSize).map((user) => user.id),
    };
    tenant.org.groups.push(bigGroup);
    for (const app of tenant.apps) app.seatsPurchased = users * 2;
    writeFileSync(tenant.directoryFile, JSON.stringify(tenant.org));
    writeFileSync(tenant.catalogFile, JSON.stringify({ tenantId: tenant.tenantId, apps: tenant.apps }));
    // The commands assign users nobody gave either app yet.
    tenant.assignable = tenant.org.users.slice(admins + options.holders);
    tenant.largeGroups = [bigGroup];

    const started = performance.now();
    const seeder = await startApp(loadConfig({ ...tenant.env, PORT: '0', LOG_LEVEL: 'warn' }), {
      logger: createLogger('warn'),
    });
    try {
      const admin = tenant.admins[0];
      const actor: Actor = { tenantId: tenant.tenantId, userId: admin.aadObjectId, name: admin.name };
      const holders = tenant.org.users.slice(admins, admins + options.holders).map((user) => user.id);
      for (let i = 0; i < holders.length; i += 1000)
        await seeder.ledger.assign(actor, tenant.apps[0].appId, holders.slice(i, i + 1000));
      await seeder.ledger.assign(actor, tenant.apps[1].appId, [bigGroup.id]);
    } finally {
      await seeder.stop();
    }
    const seedSeconds = (performance.now() - started) / 1000;
    log(`growth: ${options.holders.toLocaleString('en')} holders seeded in ${seedSeconds.toFixed(1)} s`);

    const bot = await BotProcess.start('desk', tenant.env, { buildDir: options.buildDir });
    const rows: BigFigures['rows'] = [];
    try {
      const onBig = conversationsOn(bot, connector, tenant, 1, () => 0);
      const onGroup = conversationsOn(bot, connector, tenant, 1, () => 1);
      const onThird = conversationsOn(bot, connector, tenant, 1, () => 2);
      const phases: [string, BenchConversation[], Command, number][] = [
        [
          `details (first page) of the app with ${options.holders.toLocaleString('en')} holders`,
          onBig,
          'details',
          options.turns,
        ],
        ['assign it to one more user', onBig, 'assign user', options.turns],
        ['unassign one user: prepare', onBig, 'unassign prepare', options.turns],
        ['unassign one user: confirm', onBig, 'unassign confirm', options.turns],
        [
          `details of the app with a ${options.groupSize.toLocaleString('en')}-member group`,
          onGroup,
          'details',
          options.turns,
        ],
        ['assign that app to one more user', onGroup, 'assign user', options.turns],
        [
          `assign a third app to the ${options.groupSize.toLocaleString('en')}-member group`,
          onThird,
          'assign group',
          1,
        ],
        ['licenses (the tenant of these apps)', onBig, 'licenses', options.turns],
      ];
      for (const [label, group, command, turns] of phases) {
        await runPhase(bot, group, command === 'assign group' ? 'details' : command, 1); // warm-up
        const figure = await runPhase(bot, group, command, turns);
        connector.calls.length = 0;
        note(`big app, ${label}`, figure);
        rows.push({ label, figures: strip(figure) });
      }
      const usage = await bot.usage();
      return {
        users,
        holders: options.holders,
        groupSize: options.groupSize,
        seedSeconds,
        peakRssMiB: mib(usage.maxRss),
        rows,
      };
    } finally {
      await bot.stop();
    }
  } finally {
    rmSync(tenant.dir, { recursive: true, force: true });
  }
}

const warmTenantId = (k: number) => `c0000000-0000-4000-8000-${String(k).padStart(12, '0')}`;

/** `tenants` organisations of `tenantUsers` users, each admin listing, opening details and assigning once. */
async function warmTenants(
  options: GrowthOptions,
  connector: LoopbackConnector,
  log: (text: string) => void,
  problems: string[],
): Promise<WarmFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'license-desk-bench-tenants-'));
  try {
    const dataDir = path.join(dir, 'cosmos');
    mkdirSync(dataDir);
    const apps = generateCatalog(10, 1000);
    const orgs: SampleOrganisation[] = Array.from({ length: options.tenants }, (_, k) =>
      generateOrganisation({
        tenantId: warmTenantId(k),
        users: options.tenantUsers,
        groups: 6,
        largeGroups: 2,
        largeGroupSize: Math.max(1, Math.floor(options.tenantUsers / 4)),
        nestedGroups: 1,
        seed: k + 1,
        userId: (i) => `c${String(k).padStart(7, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`,
        licenseAdmins: [`c${String(k).padStart(7, '0')}-0000-4000-8000-${'0'.repeat(12)}`],
      }),
    );
    const organisationsFile = path.join(dir, 'organisations.json');
    writeFileSync(organisationsFile, JSON.stringify(orgs));
    const env = { EMBEDDED_COSMOS_DIR: dataDir, BENCH_ORGANISATIONS_FILE: organisationsFile };

    const started = performance.now();
    const seeder = await startApp(loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'warn' }), {
      logger: createLogger('warn'),
      directory: new TenantsDirectory(orgs),
    });
    try {
      const queue = [...orgs];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let org = queue.shift(); org; org = queue.shift()) {
            const admin = org.users[0];
            const actor: Actor = { tenantId: org.tenantId, userId: admin.id, name: admin.displayName };
            await seeder.ledger.putCatalog(org.tenantId, apps);
            const some = org.users.slice(1, 21).map((user) => user.id);
            await seeder.ledger.assign(actor, apps[0].appId, some);
            await seeder.ledger.assign(actor, apps[1].appId, [org.groups[0].id]);
          }
        }),
      );
    } finally {
      await seeder.stop();
    }
    const seedSeconds = (performance.now() - started) / 1000;
    log(`growth: ${options.tenants} tenants seeded in ${seedSeconds.toFixed(1)} s`);

    const bot = await BotProcess.start('desk', env, { buildDir: options.buildDir });
    try {
      const cold = await bot.usage();
      const warmStart = performance.now();
      const queue = [...orgs];
      let turns = 0;
      let errors = 0;
      const expect = (what: string, texts: string[], wanted: string) => {
        turns++;
        if (texts[0] === wanted) return;
        errors++;
        if (problems.length < 20) problems.push(`warm tenants, ${what}: ${texts.slice(0, 2).join(' | ')}`);
      };
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          for (let org = queue.shift(); org; org = queue.shift()) {
            const admin = org.users[0];
            const client = new TeamsTestClient(bot.url, connector, {
              tenantId: org.tenantId,
              user: { id: `29:${admin.id}`, aadObjectId: admin.id, name: admin.displayName },
            });
            const say = async (text: string) => {
              const turn = await client.send(text);
              return turn.card ? textsOf(turn.card) : [turn.text ?? ''];
            };
            expect('licenses', await say('licenses'), 'Licenses');
            expect('details', await say(`details ${apps[0].name}`), apps[0].name);
            const user = org.users[30 % org.users.length];
            expect(
              'assign',
              await say(`assign ${apps[2].name} to ${user.userPrincipalName}`),
              `Licenses assigned: ${apps[2].name}`,
            );
          }
        }),
      );
      connector.calls.length = 0; // not during the turns: a client finds its replies by position
      const warmSeconds = (performance.now() - warmStart) / 1000;
      const warm = await bot.usage();
      log(`growth: ${options.tenants} tenants warm in ${warmSeconds.toFixed(1)} s`);
      return {
        tenants: options.tenants,
        usersEach: options.tenantUsers,
        seedSeconds,
        warmSeconds,
        rssColdMiB: mib(cold.rss),
        rssWarmMiB: mib(warm.rss),
        peakRssMiB: mib(warm.maxRss),
        turns,
        errors,
      };
    } finally {
      await bot.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
