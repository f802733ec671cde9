/** The benchmark's figures: aggregation over rounds, target checks, the console table and BENCHMARKS.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import prettier from 'prettier';
import type { GrowthFigures } from './growth';
import { median, type CosmosPerTurn, type PhaseFigures } from './load';
import type { BotKind } from './protocol';
import { COMMANDS, HOT_COMMANDS, type Command } from './scenario';

export type Load = 'loaded' | 'unloaded';

export interface PhaseRecord extends PhaseFigures {
  round: number;
  bot: BotKind;
  load: Load;
  command: Command;
}

export interface Aggregate {
  p50: number;
  p99: number;
  throughput: number;
  cpuMs: number;
  driverCpuMs: number;
  errors: number;
  turns: number;
}

export interface Ratios {
  p50: number;
  p99: number;
  throughput: number;
  cpuMs: number;
}

export type CosmosFigures = CosmosPerTurn & { total: number };

export interface CommandFigures {
  desk: Record<Load, Aggregate>;
  floor: Record<Load, Aggregate>;
  echo: Record<Load, Aggregate>;
  /** License Desk ÷ echo, at the loaded concurrency. */
  ratio: Ratios;
  /** License Desk ÷ its storage floor, at the loaded concurrency. */
  floorRatio: Ratios;
  /** License Desk's Cosmos requests and kB per turn (median over rounds, loaded phase). */
  cosmos: CosmosFigures;
  /** The storage floor's, to check that it made the same requests. */
  floorCosmos: CosmosFigures;
}

export interface StartupFigure {
  label: string;
  runs: number[];
  medianMs: number;
  /** 1-minute load average of the machine while it was measured. */
  loadAverage?: number;
  error?: string;
}

export interface TargetCheck {
  target: string;
  subject: string;
  value: string;
  met: boolean;
}

export interface Figures {
  date: string;
  mode: 'full' | 'smoke';
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    os: string;
    node: string;
    loadAverage: string;
  };
  settings: {
    rounds: number;
    concurrency: number;
    turnsPerConversation: number;
    unloadedTurns: number;
    warmupTurns: number;
    /** How the bots ran: compiled by tsc, or through tsx. */
    runtime: string;
  };
  tenant: { users: number; groups: number; apps: number; seededAssignments: number; seedSeconds: number };
  commands: Record<Command, CommandFigures>;
  memory: Record<BotKind, { peakRssMiB: number; rssAfterMiB: number }>;
  startup: StartupFigure[];
  targets: TargetCheck[];
  problems: string[];
  rounds: PhaseRecord[];
  growth?: GrowthFigures;
}

function aggregate(records: PhaseRecord[]): Aggregate {
  return {
    p50: median(records.map((r) => r.p50)),
    p99: median(records.map((r) => r.p99)),
    throughput: median(records.map((r) => r.throughput)),
    cpuMs: median(records.map((r) => r.cpuMs)),
    driverCpuMs: median(records.map((r) => r.driverCpuMs)),
    errors: records.reduce((sum, r) => sum + r.errors, 0),
    turns: records.reduce((sum, r) => sum + r.turns, 0),
  };
}

function cosmosOf(records: PhaseRecord[]): CosmosFigures {
  const counts = records.filter((r) => r.cosmos).map((r) => r.cosmos!);
  const of = (pick: (c: CosmosPerTurn) => number) => median(counts.map(pick));
  return {
    reads: of((c) => c.reads),
    writes: of((c) => c.writes),
    bulk: of((c) => c.bulk),
    queries: of((c) => c.queries),
    total: of((c) => c.reads + c.writes + c.bulk + c.queries),
    kBIn: of((c) => c.kBIn),
    kBOut: of((c) => c.kBOut),
  };
}

const ratios = (a: Aggregate, b: Aggregate): Ratios => ({
  p50: a.p50 / b.p50,
  p99: a.p99 / b.p99,
  throughput: a.throughput / b.throughput,
  cpuMs: a.cpuMs / b.cpuMs,
});

export function aggregateCommands(records: PhaseRecord[]): Record<Command, CommandFigures> {
  const result = {} as Record<Command, CommandFigures>;
  for (const command of COMMANDS.filter((c) => records.some((r) => r.command === c))) {
    const of = (bot: BotKind, load: Load) =>
      records.filter((r) => r.command === command && r.bot === bot && r.load === load);
    const pick = (bot: BotKind) => ({
      loaded: aggregate(of(bot, 'loaded')),
      unloaded: aggregate(of(bot, 'unloaded')),
    });
    const desk = pick('desk');
    const floor = pick('floor');
    const echo = pick('echo');
    result[command] = {
      desk,
      floor,
      echo,
      ratio: ratios(desk.loaded, echo.loaded),
      floorRatio: ratios(desk.loaded, floor.loaded),
      cosmos: cosmosOf(of('desk', 'loaded')),
      floorCosmos: cosmosOf(of('floor', 'loaded')),
    };
  }
  return result;
}

export function checkTargets(
  commands: Record<Command, CommandFigures>,
  startup: StartupFigure[],
  concurrency: number,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const command of COMMANDS.filter((c) => commands[c])) {
    const { ratio, floorRatio, cosmos } = commands[command];
    checks.push({
      target: `p50 ≤ 1.3× storage floor at ${concurrency} concurrent`,
      subject: command,
      value: `${floorRatio.p50.toFixed(2)}×`,
      met: floorRatio.p50 <= 1.3,
    });
    checks.push({
      target: 'CPU per turn ≤ 1.3× storage floor',
      subject: command,
      value: `${floorRatio.cpuMs.toFixed(2)}×`,
      met: floorRatio.cpuMs <= 1.3,
    });
    if (command === 'licenses') {
      checks.push({
        target: `licenses: p50 ≤ 3× echo at ${concurrency} concurrent`,
        subject: command,
        value: `${ratio.p50.toFixed(2)}×`,
        met: ratio.p50 <= 3,
      });
    }
    if (HOT_COMMANDS.includes(command)) {
      checks.push({
        target: 'no Cosmos query, ≤ 6 Cosmos requests',
        subject: command,
        value: `${fmt(cosmos.total, 1)} requests, ${fmt(cosmos.queries, 1)} queries`,
        met: cosmos.queries === 0 && cosmos.total <= 6,
      });
    }
  }
  for (const figure of startup) {
    checks.push({
      target: 'start-up to ready ≤ 3 s',
      subject: figure.label,
      value: figure.error ? 'failed' : `${(figure.medianMs / 1000).toFixed(2)} s`,
      met: !figure.error && figure.medianMs <= 3000,
    });
  }
  return checks;
}

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '–');
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');

function cosmosCell(c: CosmosFigures): string {
  if (!Number.isFinite(c.total)) return '–';
  const parts = [
    c.reads && `${fmt(c.reads)} read`,
    c.writes && `${fmt(c.writes)} write`,
    c.bulk && `${fmt(c.bulk)} bulk`,
    c.queries && `${fmt(c.queries)} query`,
  ].filter(Boolean);
  return `${fmt(c.total)}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

const three = (a: number, b: number, c: number, show: (v: number) => string) =>
  `${show(a)} / ${show(b)} / ${show(c)}`;

/** Rows of the timing table (License Desk, its storage floor, echo), the same for the console and the markdown. */
function tableRows(figures: Figures): string[][] {
  const c = figures.settings.concurrency;
  const header = [
    'command',
    `p50 ms LD / floor / echo (${c} conv.)`,
    '÷ floor',
    '÷ echo',
    `p99 ms LD / floor / echo (${c} conv.)`,
    '÷ floor',
    '÷ echo',
    'turns/s LD / floor / echo',
    '÷ floor',
    'CPU ms / turn LD / floor / echo',
    '÷ floor',
    '÷ echo',
    'p50 ms (1 conv.) LD / floor / echo',
  ];
  const rows = COMMANDS.filter((command) => figures.commands[command]).map((command) => {
    const f = figures.commands[command];
    const errors = (['desk', 'floor', 'echo'] as const).reduce(
      (sum, bot) => sum + f[bot].loaded.errors + f[bot].unloaded.errors,
      0,
    );
    const [d, fl, e] = [f.desk.loaded, f.floor.loaded, f.echo.loaded];
    return [
      errors ? `${command} (${errors} failed)` : command,
      three(d.p50, fl.p50, e.p50, ms),
      times(f.floorRatio.p50),
      times(f.ratio.p50),
      three(d.p99, fl.p99, e.p99, ms),
      times(f.floorRatio.p99),
      times(f.ratio.p99),
      three(d.throughput, fl.throughput, e.throughput, (v) => fmt(v, 0)),
      times(f.floorRatio.throughput),
      three(d.cpuMs, fl.cpuMs, e.cpuMs, ms),
      times(f.floorRatio.cpuMs),
      times(f.ratio.cpuMs),
      three(f.desk.unloaded.p50, f.floor.unloaded.p50, f.echo.unloaded.p50, ms),
    ];
  });
  return [header, ...rows];
}

/** Rows of the storage table: what License Desk and its floor asked of Cosmos per turn. */
function storageRows(figures: Figures): string[][] {
  const header = [
    'command',
    'Cosmos requests / turn (LD)',
    'floor',
    'kB sent to Cosmos / turn LD / floor',
    'kB received / turn LD / floor',
    'driver CPU ms / turn',
  ];
  const rows = COMMANDS.filter((command) => figures.commands[command]).map((command) => {
    const f = figures.commands[command];
    return [
      command,
      cosmosCell(f.cosmos),
      fmt(f.floorCosmos.total),
      `${fmt(f.cosmos.kBIn)} / ${fmt(f.floorCosmos.kBIn)}`,
      `${fmt(f.cosmos.kBOut)} / ${fmt(f.floorCosmos.kBOut)}`,
      ms(f.desk.loaded.driverCpuMs),
    ];
  });
  return [header, ...rows];
}

function consoleTable(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
}

function markdownTable(rows: string[][]): string[] {
  const md = (row: string[]) => `| ${row.join(' | ')} |`;
  return [md(rows[0]), md(rows[0].map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.slice(1).map(md)];
}

export function consoleReport(figures: Figures): string {
  const out = [...consoleTable(tableRows(figures)), '', ...consoleTable(storageRows(figures)), ''];
  out.push(
    `peak RSS: License Desk ${fmt(figures.memory.desk.peakRssMiB, 0)} MiB (with embedded Cosmos), ` +
      `storage floor ${fmt(figures.memory.floor.peakRssMiB, 0)} MiB, echo ${fmt(figures.memory.echo.peakRssMiB, 0)} MiB`,
  );
  for (const s of figures.startup) {
    out.push(
      `start-up ${s.label}: ${s.error ? `failed: ${s.error.split('\n')[0]}` : `${fmt(s.medianMs / 1000, 2)} s (runs: ${s.runs.map((r) => fmt(r / 1000, 2)).join(', ')})`}`,
    );
  }
  const missed = figures.targets.filter((t) => !t.met);
  out.push(`targets: ${figures.targets.length - missed.length} met, ${missed.length} missed`);
  for (const t of missed) out.push(`  missed: ${t.target} — ${t.subject}: ${t.value}`);
  if (figures.problems.length) out.push('problems:', ...figures.problems.map((p) => `  ${p}`));
  return out.join('\n');
}

export function markdownFigures(figures: Figures): string {
  const { machine, settings, tenant } = figures;
  const lines = [
    `Run of ${figures.date} (${figures.mode === 'smoke' ? 'smoke mode' : '`npm run bench`'}).`,
    '',
    `- Machine: ${machine.cpus} × ${machine.cpuModel}, ${fmt(machine.memoryGiB, 0)} GiB RAM, ${machine.os}, Node ${machine.node}. ` +
      `Load average before/after the run: ${machine.loadAverage} (the machine is shared with other engineers' test runs).`,
    `- Tenant: ${tenant.users.toLocaleString('en')} users, ${tenant.groups} groups, ${tenant.apps} apps, ` +
      `${tenant.seededAssignments.toLocaleString('en')} existing assignments made through the ledger ` +
      `(seeding took ${fmt(tenant.seedSeconds, 1)} s).`,
    `- Load: ${settings.concurrency} concurrent conversations × ${settings.turnsPerConversation} turns per command ` +
      `(and 1 conversation × ${settings.unloadedTurns} turns), closed loop; warm-up of ${settings.warmupTurns} turns per ` +
      `conversation and command first; ${settings.rounds} rounds, the three bots taking turns (which one goes first ` +
      `rotates; License Desk first in the warm-up, whose calls the storage floor then replays); every figure is the median over the rounds.`,
    `- The three bots ran ${settings.runtime}, each in its own Node process; the driver (HTTP clients and the loopback ` +
      'connector) in a third.',
    '- LD = License Desk; floor = the storage floor (bench/floorBot.ts: the same Cosmos requests and card, nothing else); ' +
      'echo = the echo floor. ÷ = License Desk divided by that floor. Latency: from the POST to `/api/messages` until ' +
      'the reply reaches the loopback connector (for the Unassign click, an invoke: until the invoke response).',
    '',
    ...markdownTable(tableRows(figures)),
    '',
    "Cosmos per turn (median over the rounds, loaded phase): requests of the bot's `DocumentStore`; kB of request " +
      'bodies its embedded server received (documents written, bulk operations) and of response bodies it sent ' +
      '(documents read, and written ones echoed back). Request Units on Azure Cosmos DB follow these sizes.',
    '',
    ...markdownTable(storageRows(figures)),
    '',
    `Peak RSS of the bot process (getrusage): License Desk ${fmt(figures.memory.desk.peakRssMiB, 0)} MiB ` +
      `(its process also runs the embedded Cosmos server holding the tenant and the directory of ` +
      `${tenant.users.toLocaleString('en')} users), storage floor ${fmt(figures.memory.floor.peakRssMiB, 0)} MiB ` +
      `(the same embedded server and data), echo ${fmt(figures.memory.echo.peakRssMiB, 0)} MiB. ` +
      `RSS after the load: ${fmt(figures.memory.desk.rssAfterMiB, 0)}, ${fmt(figures.memory.floor.rssAfterMiB, 0)} ` +
      `and ${fmt(figures.memory.echo.rssAfterMiB, 0)} MiB.`,
    '',
    ...(figures.startup.length
      ? [
          '| start-up (spawn → "License Desk ready" line) | median | runs (s) | load average |',
          '|---|---:|---|---:|',
          ...figures.startup.map((s) => {
            const runs = s.error ? s.error.split('\n')[0] : s.runs.map((r) => fmt(r / 1000, 2)).join(', ');
            const median = s.error ? 'failed' : `${fmt(s.medianMs / 1000, 2)} s`;
            return `| ${s.label} | ${median} | ${runs} | ${fmt(s.loadAverage ?? NaN, 1)} |`;
          }),
        ]
      : ['Start-up not measured in this run (`--no-startup`).']),
    '',
    '### Targets',
    '',
    ...targetsTable(figures.targets),
  ];
  if (figures.problems.length) {
    lines.push('', 'Failed turns (first few):', '', ...figures.problems.map((p) => `- ${p}`));
  }
  return lines.join('\n');
}

/** One row per command (or start-up variant), one column per target: the value, then met or missed. */
function targetsTable(checks: TargetCheck[]): string[] {
  const targets = [...new Set(checks.map((c) => c.target))];
  const subjects = [...new Set(checks.map((c) => c.subject))];
  const commandTargets = targets.filter((t) => !t.startsWith('start-up'));
  const cell = (check: TargetCheck | undefined) =>
    check ? `${check.value} ${check.met ? '✓' : '**✗ missed**'}` : '–';
  const rows = [
    `| command | ${commandTargets.join(' | ')} |`,
    `|---|${commandTargets.map(() => '---').join('|')}|`,
  ];
  for (const subject of subjects) {
    const own = checks.filter((c) => c.subject === subject && !c.target.startsWith('start-up'));
    if (own.length === 0) continue;
    rows.push(
      `| ${subject} | ${commandTargets.map((t) => cell(own.find((c) => c.target === t))).join(' | ')} |`,
    );
  }
  const startup = checks.filter((c) => c.target.startsWith('start-up'));
  if (startup.length) {
    rows.push('', '| start-up to ready ≤ 3 s | result |', '|---|---|');
    for (const check of startup) rows.push(`| ${check.subject} | ${cell(check)} |`);
  }
  const missed = checks.filter((c) => !c.met).length;
  rows.push('', `${checks.length - missed} of ${checks.length} checks met, ${missed} missed.`);
  return rows;
}

const marker = (block: string, end: boolean) =>
  end ? `<!-- bench:${block}:end -->` : `<!-- bench:${block}:begin (written by npm run bench) -->`;

/**
 * Replaces blocks between their markers in BENCHMARKS.md (`figures`, `growth`), keeping the
 * hand-written analysis around them; a block without markers yet is appended.
 */
export async function writeBenchmarks(file: string, blocks: Record<string, string>): Promise<void> {
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  for (const [name, markdown] of Object.entries(blocks)) {
    const [begin, end] = [marker(name, false), marker(name, true)];
    const block = `${begin}\n${markdown}\n${end}`;
    if (text.includes(begin) && text.includes(end)) {
      text = text.slice(0, text.indexOf(begin)) + block + text.slice(text.indexOf(end) + end.length);
    } else {
      text = `${text}\n${block}\n`;
    }
  }
  // The file is checked by `prettier --check .` in the test command: write it formatted.
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
}
