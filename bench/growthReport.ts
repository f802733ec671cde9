/** The growth curves' tables, targets and plot (bench/growth.ts measures them). */
import type { GrowthFigures } from './growth';
import type { TargetCheck } from './report';
import { COMMANDS } from './scenario';
import { lineChart } from './svgPlot';

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '–');
const md = (row: string[]) => `| ${row.join(' | ')} |`;
const rule = (row: string[]) => md(row.map((_, i) => (i === 0 ? '---' : '---:')));
const users = (n: number) => n.toLocaleString('en');
const requests = (c?: { reads: number; writes: number; bulk: number; queries: number }) =>
  c ? fmt(c.reads + c.writes + c.bulk + c.queries) : '–';

/** Growth of CPU per turn from the smallest tenant to the largest, per command. */
export function growthTargets(figures: GrowthFigures): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const sizes = [...figures.sizes].sort((a, b) => a.users - b.users);
  if (sizes.length >= 2) {
    const [small, large] = [sizes[0], sizes[sizes.length - 1]];
    for (const command of COMMANDS) {
      const ratio = (large.commands[command]?.cpuMs ?? NaN) / (small.commands[command]?.cpuMs ?? NaN);
      checks.push({
        target: `CPU per turn grows ≤ 2× from ${users(small.users)} to ${users(large.users)} users`,
        subject: command,
        value: `${fmt(ratio, 2)}×`,
        met: ratio <= 2,
      });
    }
  }
  if (figures.warm) {
    checks.push({
      target: 'RSS with the tenants warm < 1.5 GiB',
      subject: `${users(figures.warm.tenants)} tenants of ${users(figures.warm.usersEach)} users`,
      value: `${fmt(figures.warm.rssWarmMiB, 0)} MiB (peak ${fmt(figures.warm.peakRssMiB, 0)})`,
      met: figures.warm.peakRssMiB < 1536,
    });
  }
  return checks;
}

export function growthMarkdown(figures: GrowthFigures, svgLink: string | undefined): string {
  const sizes = [...figures.sizes].sort((a, b) => a.users - b.users);
  const { options } = figures;
  const lines: string[] = [
    `Each setup ran in a fresh License Desk process on its own seeded data; ${options.concurrency} conversations ` +
      `× ${options.turns} turns per command after one warm-up turn each (the big-app rows: one conversation).`,
    '',
  ];
  if (sizes.length) {
    const header = [
      'command',
      ...sizes.map((s) => `CPU ms / turn, ${users(s.users)} users`),
      `÷ ${users(sizes[0].users)}`,
      ...sizes.map((s) => `p50 ms, ${users(s.users)}`),
      ...sizes.map((s) => `kB received / turn, ${users(s.users)}`),
    ];
    lines.push(md(header), rule(header));
    for (const command of COMMANDS) {
      const cells = sizes.map((s) => s.commands[command]);
      const ratio = (cells[cells.length - 1]?.cpuMs ?? NaN) / (cells[0]?.cpuMs ?? NaN);
      lines.push(
        md([
          command,
          ...cells.map((c) => ms(c?.cpuMs ?? NaN)),
          `${fmt(ratio, 2)}×`,
          ...cells.map((c) => ms(c?.p50 ?? NaN)),
          ...cells.map((c) => fmt(c?.cosmos?.kBOut ?? NaN)),
        ]),
      );
    }
    lines.push(
      '',
      `Seeding: ${sizes.map((s) => `${users(s.users)} users ${fmt(s.seedSeconds)} s`).join(', ')}. Peak RSS of the ` +
        `bot process: ${sizes.map((s) => `${users(s.users)} users ${fmt(s.peakRssMiB, 0)} MiB`).join(', ')}.`,
    );
    if (svgLink) lines.push('', `![CPU per turn against tenant size](${svgLink})`);
    lines.push('');
  }
  if (figures.big) {
    const big = figures.big;
    const header = [
      'operation',
      'CPU ms / turn',
      'p50 ms',
      'Cosmos requests / turn',
      'kB sent / turn',
      'kB received / turn',
    ];
    lines.push(
      `One tenant of ${users(big.users)} users: an app with ${users(big.holders)} direct holders, another with a ` +
        `${users(big.groupSize)}-member group assigned (seeded through the ledger in ${fmt(big.seedSeconds)} s; ` +
        `peak RSS ${fmt(big.peakRssMiB, 0)} MiB).`,
      '',
      md(header),
      rule(header),
      ...big.rows.map(({ label, figures: f }) =>
        md([
          label,
          ms(f.cpuMs),
          ms(f.p50),
          requests(f.cosmos),
          fmt(f.cosmos?.kBIn ?? NaN),
          fmt(f.cosmos?.kBOut ?? NaN),
        ]),
      ),
      '',
    );
  }
  if (figures.warm) {
    const w = figures.warm;
    lines.push(
      `${users(w.tenants)} tenants of ${users(w.usersEach)} users on one instance (10 apps each, seeded in ` +
        `${fmt(w.seedSeconds)} s), each admin sending \`licenses\`, \`details\` and one \`assign\` ` +
        `(${users(w.turns)} turns in ${fmt(w.warmSeconds)} s, ${w.errors} failed): RSS ${fmt(w.rssColdMiB, 0)} MiB ` +
        `before the first turn, ${fmt(w.rssWarmMiB, 0)} MiB with every tenant warm, peak ${fmt(w.peakRssMiB, 0)} MiB. ` +
        `The ${users(w.tenants * w.usersEach)} users' sample directories are in that process (Microsoft Graph's ` +
        `data in production, outside it), so this is an upper bound.`,
      '',
    );
  }
  if (figures.problems.length) lines.push('Failed turns:', '', ...figures.problems.map((p) => `- ${p}`), '');
  return lines.join('\n');
}

export function growthSvg(figures: GrowthFigures): string | undefined {
  if (figures.sizes.length < 2) return undefined;
  return lineChart({
    title: 'License Desk: CPU per turn against tenant size',
    xLabel: 'users in the tenant (log scale)',
    yLabel: 'CPU ms per turn',
    logX: true,
    series: COMMANDS.map((command) => ({
      name: command,
      points: figures.sizes.map((s): [number, number] => [s.users, s.commands[command]?.cpuMs ?? NaN]),
    })),
  });
}
