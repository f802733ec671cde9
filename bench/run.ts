/**
 * `npm run bench`: License Desk against an echo bot on the same botbuilder CloudAdapter + restify
 * stack, side by side, each in its own process, driven over HTTP with the same load.
 *
 *   npm run bench                      full run; prints the table and rewrites the figures of BENCHMARKS.md
 *   npm run bench -- --smoke           (or BENCH_SMOKE=1) a few seconds, small tenant; BENCHMARKS.md untouched
 *   options: --rounds N --turns N --unloaded-turns N --warmup-turns N --concurrency N --startup-runs N
 *            --json <file>  --no-write  --no-startup  --keep (temporary files)
 *            --profile  CPU profile of License Desk under load (--cpu-prof), summarised at the end
 *            --commands "licenses,details"  only these phases (to profile one command)
 *            --tsx / --built  run the bots through tsx (smoke default) or compiled by tsc (full default)
 *            --approvals N --approval-concurrency N --notices N --notice-rate N  sizes of the hot paths
 *            --hot-paths-only  the hot paths alone on the tenant (no command phases, start-up, growth)
 */
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LoopbackConnector } from '../test/harness/loopbackConnector';
import { BotProcess, REPO_ROOT } from './bots';
import { median, runPhase } from './load';
import { LICENSE_CHECK_ENV, formatLicenseCheck, runLicenseCheckPhase } from './licenseCheck';
import { formatSummary, summarise } from './profile';
import type { BotKind } from './protocol';
import {
  aggregateCommands,
  checkTargets,
  consoleReport,
  markdownFigures,
  writeBenchmarks,
  type Figures,
  type Load,
  type PhaseRecord,
  type StartupFigure,
} from './report';
import { BenchConversation, COMMANDS, type Command } from './scenario';
import { runGrowth, type GrowthFigures, type GrowthOptions } from './growth';
import { growthMarkdown, growthSvg, growthTargets } from './growthReport';
import { HOT_PATHS, runHotPaths, type HotPathFigures, type HotPathSizes } from './hotPaths';
import { buildBot, timeStartup } from './startup';
import { FULL_TENANT, SMOKE_TENANT, createTenant, seedTenant, type BenchTenant } from './tenant';

interface Options {
  smoke: boolean;
  rounds: number;
  turns: number;
  unloadedTurns: number;
  warmupTurns: number;
  concurrency: number;
  startupRuns: number;
  startup: boolean;
  write: boolean;
  json?: string;
  profile: boolean;
  keep: boolean;
  /** Run the bots compiled (tsc, as in production) rather than through tsx. */
  built: boolean;
  /** Commands to run (all by default; fewer to profile one). */
  commands: Command[];
  /** The growth curves (bench/growth.ts); undefined with --no-growth. */
  growth?: GrowthOptions;
  /** Only the growth curves (--growth-only): no side-by-side phases, no start-up. */
  growthOnly: boolean;
  hotPaths: HotPathSizes;
  /** Only the hot paths (--hot-paths-only), on the seeded tenant. */
  hotPathsOnly: boolean;
}

/** `--growth-users "1000,20000,100000"`: whole numbers ≥ 1. */
function numberList(raw: string | undefined, fallback: number[]): number[] {
  if (raw === undefined) return fallback;
  const list = raw.split(',').map((item) => Number(item.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`expected whole numbers separated by commas, got "${raw}"`);
  return list;
}

/** `--commands "licenses,assign user"`: the phases to run, in the usual order. */
function commandList(raw: string | undefined): Command[] {
  if (!raw) return [...COMMANDS];
  const named = raw.split(',').map((name) => name.trim());
  const unknown = named.filter((name) => !(COMMANDS as readonly string[]).includes(name));
  if (unknown.length)
    throw new Error(`--commands: unknown ${unknown.join(', ')}; known: ${COMMANDS.join(', ')}`);
  return COMMANDS.filter((command) => named.includes(command));
}

function parseOptions(argv: string[]): Options {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const number = (name: string, fallback: number) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
    return parsed;
  };
  const smoke = flag('smoke') || process.env.BENCH_SMOKE === '1';
  const whole = (name: string, fallback: number) => {
    const raw = value(name);
    const parsed = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a whole number ≥ 0`);
    return parsed;
  };
  const growth: GrowthOptions = {
    users: numberList(value('growth-users'), smoke ? [400, 1600] : [1_000, 20_000, 100_000]),
    holders: whole('growth-holders', smoke ? 1_500 : 100_000),
    groupSize: whole('growth-group', smoke ? 500 : 50_000),
    tenants: whole('growth-tenants', smoke ? 6 : 1_000),
    tenantUsers: whole('growth-tenant-users', smoke ? 40 : 200),
    concurrency: whole('growth-concurrency', smoke ? 2 : 8),
    turns: whole('growth-turns', smoke ? 2 : 10),
  };
  return {
    smoke,
    rounds: number('rounds', smoke ? 1 : 5),
    turns: number('turns', smoke ? 2 : 10),
    unloadedTurns: number('unloaded-turns', smoke ? 2 : 20),
    warmupTurns: number('warmup-turns', smoke ? 1 : 3),
    concurrency: number('concurrency', smoke ? 4 : 32),
    startupRuns: number('startup-runs', smoke ? 1 : 5),
    startup: !flag('no-startup'),
    write: !smoke && !flag('no-write'),
    json: value('json'),
    profile: flag('profile'),
    keep: flag('keep'),
    built: flag('built') || (!smoke && !flag('tsx')),
    commands: commandList(value('commands')),
    growth: flag('no-growth') ? undefined : growth,
    growthOnly: flag('growth-only'),
    hotPaths: {
      approvals: number('approvals', smoke ? 20 : 500),
      // Smoke: two clicks in flight: 16 on one app met a busy ledger head once in 200 (BENCHMARKS.md).
      approvalConcurrency: number('approval-concurrency', smoke ? 2 : 16),
      notices: number('notices', smoke ? 200 : 5_000),
      // Smoke: slices of 50 recipients, so that the restart after the kill has some left to resume.
      noticeRate: number('notice-rate', smoke ? 50 : 200),
    },
    hotPathsOnly: flag('hot-paths-only'),
  };
}

const log = (text: string) => console.log(`[bench] ${text}`);
const mib = (bytes: number) => bytes / 1024 / 1024;

interface BotUnderTest {
  bot: BotProcess;
  loaded: BenchConversation[];
  unloaded: BenchConversation[];
}

function conversations(
  kind: BotKind,
  bot: BotProcess,
  connector: LoopbackConnector,
  tenant: BenchTenant,
  options: Options,
): BotUnderTest {
  // The last app is the one handed out to thousands of users one by one: `licenses` reads it, the
  // conversations work on the others, one app each while there are enough.
  const workApps = tenant.apps.length - 1;
  const make = (i: number, appIndex: number) =>
    new BenchConversation(
      kind,
      bot.url,
      connector,
      tenant,
      tenant.apps[appIndex % workApps],
      tenant.admins[i % tenant.admins.length],
      Math.floor(i / workApps),
    );
  const loaded = Array.from({ length: options.concurrency }, (_, i) => make(i, i));
  const unloaded = [make(options.concurrency, options.concurrency + 8)];
  return { bot, loaded, unloaded };
}

/** Takes back everything the conversations assigned, through License Desk's ledger (not timed). */
async function restoreTenant(under: BotUnderTest, tenant: BenchTenant): Promise<void> {
  const byApp = new Map<string, string[]>();
  for (const conversation of [...under.loaded, ...under.unloaded]) {
    const ids = conversation.takeAssigned();
    byApp.set(conversation.app.appId, [...(byApp.get(conversation.app.appId) ?? []), ...ids]);
  }
  if (under.bot.kind !== 'desk') return;
  const admin = tenant.admins[0];
  const items = [...byApp.entries()]
    .filter(([, ids]) => ids.length > 0)
    .map(([appId, principalIds]) => ({ appId, principalIds }));
  await under.bot.unassign({ tenantId: tenant.tenantId, userId: admin.aadObjectId, name: admin.name }, items);
}

async function measureStartups(
  tenant: BenchTenant,
  options: Options,
  build: ReturnType<typeof buildBot> | undefined,
): Promise<StartupFigure[]> {
  const figures: StartupFigure[] = [];
  const repeat = async (
    label: string,
    command: string,
    args: string[],
    env: () => Record<string, string>,
  ) => {
    const runs: number[] = [];
    try {
      const load = os.loadavg()[0];
      for (let i = 0; i < options.startupRuns; i++)
        runs.push((await timeStartup(command, args, env())).wallMs);
      figures.push({ label, runs, medianMs: median(runs), loadAverage: (load + os.loadavg()[0]) / 2 });
    } catch (error) {
      figures.push({ label, runs, medianMs: NaN, error: String((error as Error).message) });
    }
    log(`start-up ${label}: ${runs.map((r) => (r / 1000).toFixed(2)).join(', ')} s`);
  };
  const fresh = () => ({
    EMBEDDED_COSMOS_DIR: path.join(tenant.dir, `startup-${Math.random().toString(36).slice(2)}`),
  });
  const reused = path.join(tenant.dir, 'startup-reused');
  await repeat(
    '`npm start` (compiled, .cache/start), embedded default, first start (empty data directory)',
    'npm',
    ['start'],
    fresh,
  );
  if (options.smoke) return figures;
  await repeat(
    '`npm start` (compiled, .cache/start), embedded default, restart on its data',
    'npm',
    ['start'],
    () => ({
      EMBEDDED_COSMOS_DIR: reused,
    }),
  );
  const built = build ?? buildBot();
  if ('error' in built) {
    figures.push({
      label: 'built (`tsc -p tsconfig.build.json`)',
      runs: [],
      medianMs: NaN,
      error: built.error,
    });
    return figures;
  }
  const entry = path.join(built.dir, 'bot', 'index.js');
  await repeat(
    'built (`tsc -p tsconfig.build.json`, `node <build>/bot/index.js`), embedded default, first start',
    process.execPath,
    [entry],
    fresh,
  );
  await repeat('built, embedded default, restart on its data', process.execPath, [entry], () => ({
    EMBEDDED_COSMOS_DIR: reused,
  }));
  await repeat(
    `built, bench tenant (${tenant.size.users.toLocaleString('en')} users, restart on its data)`,
    process.execPath,
    [entry],
    () => tenant.env,
  );
  if (!build) rmSync(built.dir, { recursive: true, force: true });
  return figures;
}

/** Measures the growth curves; writes their plot next to BENCHMARKS.md unless told not to write. */
async function growthCurves(
  options: Options,
  buildDir: string | undefined,
): Promise<{ figures: GrowthFigures; markdown: string } | undefined> {
  if (!options.growth) return undefined;
  const started = performance.now();
  const connector = await new LoopbackConnector().start();
  let figures: GrowthFigures;
  try {
    figures = await runGrowth({ ...options.growth, buildDir }, connector, log);
  } finally {
    await connector.stop();
  }
  log(`growth curves in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const svg = growthSvg(figures);
  if (svg && options.write) writeFileSync(path.join(REPO_ROOT, GROWTH_SVG), svg);
  return { figures, markdown: growthMarkdown(figures, svg && options.write ? GROWTH_SVG : undefined) };
}

/** The hot paths registered in bench/hotPaths.ts, each on the benchmark tenant. */
async function measureHotPaths(
  tenant: BenchTenant,
  options: Options,
  buildDir: string | undefined,
): Promise<HotPathFigures[]> {
  if (HOT_PATHS.length === 0 || options.growthOnly) return [];
  const connector = await new LoopbackConnector().start();
  try {
    return await runHotPaths({
      tenant,
      connector,
      buildDir,
      smoke: options.smoke,
      sizes: options.hotPaths,
      log,
    });
  } finally {
    await connector.stop();
  }
}

/** The plot of the growth curves, linked from BENCHMARKS.md. */
const GROWTH_SVG = 'bench/growth.svg';

function compile(options: Options): string | undefined {
  if (!options.built) return undefined;
  log('compiling the bot (tsc -p tsconfig.build.json into a temporary directory)');
  const build = buildBot();
  if ('error' in build) throw new Error(`the bot does not compile:\n${build.error}`);
  if (build.complaints) log(`tsc complained (the build was written anyway):\n${build.complaints}`);
  return build.dir;
}

/** `--growth-only`: the growth curves alone, printed, and written into BENCHMARKS.md's growth block. */
async function growthOnly(options: Options): Promise<void> {
  const buildDir = compile(options);
  try {
    const growth = await growthCurves(options, buildDir);
    if (!growth) return;
    console.log(`\n${growth.markdown}`);
    for (const check of growthTargets(growth.figures))
      console.log(`${check.met ? 'met' : 'missed'}: ${check.target} — ${check.subject}: ${check.value}`);
    if (options.json) writeFileSync(options.json, JSON.stringify(growth.figures, null, 2));
    if (options.write) {
      await writeBenchmarks(path.join(REPO_ROOT, 'BENCHMARKS.md'), { growth: growth.markdown });
      log('growth curves written to BENCHMARKS.md');
    }
  } finally {
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  }
}

/** The hot paths' figures by name, as the --json file carries them. */
const hotPathData = (hotPaths: HotPathFigures[]) =>
  Object.fromEntries(
    hotPaths.map((path) => [path.name, { ...(path.data as object), problems: path.problems }]),
  );

/** `--hot-paths-only`: the hot paths alone on a seeded tenant, printed, and written into BENCHMARKS.md. */
async function hotPathsOnly(options: Options): Promise<void> {
  const size = options.smoke ? SMOKE_TENANT : FULL_TENANT;
  const tenant = createTenant(size);
  log(`tenant: ${size.users} users, ${size.groups} groups, ${size.apps} apps in ${tenant.dir}`);
  log(`seeded ${await seedTenant(tenant)} assignments through the ledger`);
  const buildDir = compile(options);
  try {
    const hotPaths = await measureHotPaths(tenant, options, buildDir);
    for (const path of hotPaths) {
      console.log(`\n### ${path.name}\n\n${path.markdown}`);
      for (const problem of path.problems) console.log(`problem: ${problem}`);
    }
    if (options.json)
      writeFileSync(options.json, JSON.stringify({ hotPaths: hotPathData(hotPaths) }, null, 2));
    if (options.write) {
      await writeBenchmarks(path.join(REPO_ROOT, 'BENCHMARKS.md'), {
        'hot-paths': hotPaths.map((path) => `### ${path.name}\n\n${path.markdown}`).join('\n\n'),
      });
      log('hot paths written to BENCHMARKS.md');
    }
  } finally {
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
    if (!options.keep) rmSync(tenant.dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.growthOnly) return growthOnly(options);
  if (options.hotPathsOnly) return hotPathsOnly(options);
  const loadBefore = os.loadavg()[0].toFixed(2);
  const size = options.smoke ? SMOKE_TENANT : FULL_TENANT;
  const tenant = createTenant(size);
  log(`tenant: ${size.users} users, ${size.groups} groups, ${size.apps} apps in ${tenant.dir}`);
  let start = performance.now();
  const seeded = await seedTenant(tenant);
  const seedSeconds = (performance.now() - start) / 1000;
  log(`seeded ${seeded} assignments through the ledger in ${seedSeconds.toFixed(1)} s`);

  const buildDir = compile(options);
  const profileDir = path.join(tenant.dir, 'profile');
  const connector = await new LoopbackConnector().start();
  // The storage floor starts on a copy of the seeded data: the same documents, its own server.
  const floorData = path.join(tenant.dir, 'floor-cosmos');
  cpSync(tenant.dataDir, floorData, { recursive: true });
  const [desk, floor, echo] = await Promise.all([
    BotProcess.start(
      'desk',
      { ...tenant.env, ...LICENSE_CHECK_ENV },
      {
        buildDir,
        nodeArgs: options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      },
    ),
    BotProcess.start('floor', { EMBEDDED_COSMOS_DIR: floorData }, { buildDir }),
    BotProcess.start('echo', {}, { buildDir }),
  ]);
  log(
    `License Desk at ${desk.url}, storage floor at ${floor.url}, echo at ${echo.url} ` +
      `(${buildDir ? 'compiled with tsc' : 'through tsx'})`,
  );
  const bots: Record<BotKind, BotUnderTest> = {
    desk: conversations('desk', desk, connector, tenant, options),
    floor: conversations('floor', floor, connector, tenant, options),
    echo: conversations('echo', echo, connector, tenant, options),
  };

  const records: PhaseRecord[] = [];
  const problems: string[] = [];
  try {
    for (let round = -1; round < options.rounds; round++) {
      // License Desk first in the warm-up (the floor replays what it recorded), then in turn.
      const kinds: BotKind[] = ['desk', 'floor', 'echo'];
      const order = kinds.map((_, i) => kinds[(i + Math.max(0, round)) % kinds.length]);
      start = performance.now();
      for (const kind of order) {
        const under = bots[kind];
        const loads: [Load, BenchConversation[], number][] = [
          ['loaded', under.loaded, round < 0 ? options.warmupTurns : options.turns],
          ['unloaded', under.unloaded, round < 0 ? options.warmupTurns : options.unloadedTurns],
        ];
        for (const [load, group, turns] of loads) {
          for (const command of options.commands) {
            const { recording, ...figures } = await runPhase(under.bot, group, command, turns);
            connector.calls.length = 0;
            if (recording?.card) await floor.script({ command, turns, ...recording, card: recording.card });
            if (figures.errors) {
              problems.push(
                `${kind} ${command} (${load}, round ${round < 0 ? 'warm-up' : round + 1}): ${figures.errors} failed, e.g. ${figures.problems[0]}`,
              );
            }
            if (round >= 0) records.push({ ...figures, round, bot: kind, load, command });
          }
          await restoreTenant(under, tenant);
        }
      }
      log(
        `${round < 0 ? 'warm-up' : `round ${round + 1}/${options.rounds}`} in ${((performance.now() - start) / 1000).toFixed(1)} s`,
      );
    }
  } finally {
    await connector.stop();
  }
  const licenseCheck = await runLicenseCheckPhase(desk, tenant, {
    concurrency: 64,
    requests: options.smoke ? 1_000 : 20_000,
  });
  const usage = { desk: await desk.usage(), floor: await floor.usage(), echo: await echo.usage() };
  await Promise.all([desk.stop(), floor.stop(), echo.stop()]);

  let profileSummary: string | undefined;
  if (options.profile) {
    const files = readdirSync(profileDir).map((f) => path.join(profileDir, f));
    // The main thread's profile is by far the largest (tsx's loader thread writes one too).
    const newest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (newest) {
      profileSummary = formatSummary(summarise(newest, 30));
      const kept = path.join(REPO_ROOT, '.data', `bench-${Date.now()}.cpuprofile`);
      mkdirSync(path.dirname(kept), { recursive: true });
      copyFileSync(newest, kept);
      log(`CPU profile of License Desk kept at ${kept}`);
    }
  }

  const startup = options.startup
    ? await measureStartups(tenant, options, buildDir ? { dir: buildDir } : undefined)
    : [];
  const growth = await growthCurves(options, buildDir);
  const hotPaths = await measureHotPaths(tenant, options, buildDir);
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  const commands = aggregateCommands(records);
  const figures: Figures = {
    date: new Date().toISOString(),
    mode: options.smoke ? 'smoke' : 'full',
    machine: {
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: os.totalmem() / 1024 ** 3,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.versions.node,
      loadAverage: `${loadBefore} / ${os.loadavg()[0].toFixed(2)}`,
    },
    settings: {
      rounds: options.rounds,
      concurrency: options.concurrency,
      turnsPerConversation: options.turns,
      unloadedTurns: options.unloadedTurns,
      warmupTurns: options.warmupTurns,
      runtime: buildDir ? 'compiled by tsc (`node <build>/bench/child.js`)' : 'through tsx',
    },
    tenant: {
      users: size.users,
      groups: size.groups,
      apps: size.apps,
      seededAssignments: seeded,
      seedSeconds,
    },
    commands,
    memory: {
      desk: { peakRssMiB: mib(usage.desk.maxRss), rssAfterMiB: mib(usage.desk.rss) },
      floor: { peakRssMiB: mib(usage.floor.maxRss), rssAfterMiB: mib(usage.floor.rss) },
      echo: { peakRssMiB: mib(usage.echo.maxRss), rssAfterMiB: mib(usage.echo.rss) },
    },
    startup,
    targets: [
      ...checkTargets(commands, startup, options.concurrency),
      ...(growth ? growthTargets(growth.figures) : []),
      ...hotPaths.flatMap((path) => path.targets),
    ],
    problems: [
      ...problems,
      ...(growth?.figures.problems ?? []),
      ...hotPaths.flatMap((path) => path.problems.map((problem) => `${path.name}: ${problem}`)),
    ],
    rounds: records,
    ...(growth ? { growth: growth.figures } : {}),
  };

  console.log('');
  console.log(consoleReport(figures));
  if (growth) console.log(`\n${growth.markdown}`);
  if (profileSummary) console.log(`\n${profileSummary}`);
  console.log(`\n${formatLicenseCheck(licenseCheck)}`);
  if (options.json)
    writeFileSync(
      options.json,
      JSON.stringify({ ...figures, licenseCheck, hotPaths: hotPathData(hotPaths) }, null, 2),
    );
  if (options.write) {
    await writeBenchmarks(path.join(REPO_ROOT, 'BENCHMARKS.md'), {
      figures: markdownFigures(figures),
      ...(growth ? { growth: growth.markdown } : {}),
      ...(hotPaths.length
        ? { 'hot-paths': hotPaths.map((path) => `### ${path.name}\n\n${path.markdown}`).join('\n\n') }
        : {}),
    });
    log('figures written to BENCHMARKS.md');
  }
  if (!options.keep) rmSync(tenant.dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error('benchmark failed:', error);
  process.exit(1);
});
