/**
 * The benchmark's smoke mode runs in the test command so it cannot rot: a few seconds against a
 * small tenant, the three bots (License Desk, its storage floor, echo), every command. It checks that every command produced figures and that
 * every turn was answered correctly — never the timings (the machine is shared and noisy).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FanOutFigures } from '../../bench/noticeFanOut';
import type { Figures } from '../../bench/report';
import type { RequestApprovalFigures } from '../../bench/requestApproval';
import { COMMANDS } from '../../bench/scenario';

const ROOT = path.resolve(__dirname, '..', '..');
let dir: string;
let figures: Figures & {
  hotPaths: { 'Request approval': RequestApprovalFigures; 'Notice fan-out': FanOutFigures };
};
let output = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'license-desk-bench-smoke-'));
  const json = path.join(dir, 'figures.json');
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(tsx, ['bench/run.ts', '--json', json], {
      cwd: ROOT,
      env: { ...process.env, BENCH_SMOKE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`npm run bench (smoke) exited with ${code}:\n${output}`);
  figures = JSON.parse(readFileSync(json, 'utf8')) as typeof figures;
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('smoke mode ran the bots over the small tenant and left BENCHMARKS.md alone', () => {
  expect(figures.mode).toBe('smoke');
  expect(output).toContain('License Desk at http://127.0.0.1:');
  expect(output).not.toContain('figures written to BENCHMARKS.md');
  expect(figures.tenant.seededAssignments).toBeGreaterThan(0);
});

test.each(COMMANDS)(
  '"%s" has latency, throughput and CPU figures for every bot, loaded and not',
  (command) => {
    const f = figures.commands[command];
    for (const bot of [f.desk, f.floor, f.echo]) {
      for (const load of [bot.loaded, bot.unloaded]) {
        expect(load.turns).toBeGreaterThan(0);
        expect(load.errors).toBe(0);
        for (const value of [load.p50, load.p99, load.throughput, load.cpuMs]) {
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
      }
    }
    for (const ratios of [f.ratio, f.floorRatio])
      for (const value of [ratios.p50, ratios.p99, ratios.throughput, ratios.cpuMs])
        expect(Number.isFinite(value)).toBe(true);
    expect(Number.isFinite(f.cosmos.total)).toBe(true);
    expect(f.cosmos.total).toBeGreaterThanOrEqual(0);
  },
);

test('the Cosmos counts come from License Desk: a command that reads storage counts requests', () => {
  expect(figures.commands.licenses.cosmos.total).toBeGreaterThan(0);
  expect(figures.commands.help.cosmos.total).toBe(0);
});

test('the storage floor asks Cosmos what License Desk asked, and moves the bytes it moved', () => {
  for (const command of COMMANDS) {
    const { cosmos, floorCosmos } = figures.commands[command];
    expect(floorCosmos.total > 0).toBe(cosmos.total > 0);
    // The same requests: the floor replays License Desk's recorded calls (ratios vary a little
    // between phases, which happen at different times of the catalog cache and the audit ring).
    expect(Math.abs(floorCosmos.total - cosmos.total)).toBeLessThanOrEqual(Math.max(0.5, cosmos.total / 2));
    // Bytes are counted at the server, background notice deliveries included (License Desk's
    // side only): the floor sends documents where the turns write, and receives where they ask.
    if (cosmos.writes > 0) expect(floorCosmos.kBIn).toBeGreaterThan(0);
    if (cosmos.total > 0) expect(floorCosmos.kBOut).toBeGreaterThan(0);
  }
  // The list reads more than one app's head (50 seat summaries).
  expect(figures.commands.licenses.cosmos.kBOut).toBeGreaterThan(figures.commands.details.cosmos.kBOut);
});

test('memory, start-up and target checks are reported', () => {
  expect(figures.memory.desk.peakRssMiB).toBeGreaterThan(0);
  expect(figures.memory.echo.peakRssMiB).toBeGreaterThan(0);
  expect(figures.memory.floor.peakRssMiB).toBeGreaterThan(0);
  expect(figures.startup.length).toBeGreaterThan(0);
  for (const startup of figures.startup) {
    expect(startup.error).toBeUndefined();
    expect(startup.medianMs).toBeGreaterThan(0);
  }
  expect(figures.targets.length).toBeGreaterThanOrEqual(COMMANDS.length * 2);
  expect(figures.problems).toEqual([]);
});

test('request approval: every pending request was approved through the card, with figures beside echo', () => {
  const approval = figures.hotPaths['Request approval'];
  expect(approval.desk.approvals).toBe(20);
  expect(approval.desk.errors).toBe(0);
  expect(approval.echo.errors).toBe(0);
  for (const value of [approval.desk.p50, approval.desk.p99, approval.desk.cpuMs, approval.echo.p50])
    expect(Number.isFinite(value)).toBe(true);
  // An approval reads the request and commits the assignment: it asks Cosmos.
  expect(approval.desk.cosmosPerApproval.writes).toBeGreaterThan(0);
  expect(approval.problems).toEqual([]);
});

test('notice fan-out across a kill -9: nobody told twice, the delivery resumed, lost only within the slice in flight', () => {
  const fanOut = figures.hotPaths['Notice fan-out'];
  expect(fanOut.recipients).toBe(200);
  expect(fanOut.beforeKill.delivered).toBeGreaterThanOrEqual(100);
  expect(fanOut.afterRestart.delivered).toBeGreaterThan(0);
  expect(fanOut.duplicates).toBe(0);
  expect(fanOut.delivered + fanOut.lost).toBe(fanOut.recipients);
  // At most once: recipients the killed process had marked "sending" and not yet sent are never sent.
  expect(fanOut.lost).toBeLessThanOrEqual(fanOut.slice);
});
