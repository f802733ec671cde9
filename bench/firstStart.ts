/**
 * Start-up as a newcomer sees it: for each run and each commit given, a fresh `git clone` of this
 * repository at that commit, node_modules hard-linked from this checkout and `npm run prepare` if
 * the commit has one (what `npm ci` would do), an empty TMPDIR (tsx's transform cache lives there),
 * then `npm start` timed from spawn to the ready line, the first `help` and `licenses` turns through
 * the HTTP surface, a stop; and the same again on the data and caches the first start left (the
 * second start). The commits alternate, and which goes first alternates from run to run (the
 * machine is shared).
 *
 *   npx tsx bench/firstStart.ts <runs> <label>=<commit> [<label>=<commit> ...]
 *
 * CPU is that of every process of the start's group (npm, sh, node and its threads, and the children
 * they waited for) at the ready line, from /proc.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LoopbackConnector } from '../test/harness/loopbackConnector';
import { TeamsTestClient } from '../test/harness/teamsClient';

const REPO = path.resolve(__dirname, '..');

interface Start {
  /** Spawn to the ready line, s. */
  wall: number;
  /** The bot's own figure (process uptime), s. */
  own: number;
  /** CPU of the process group at the ready line, s. */
  cpu: number;
  /** The first turns after ready, ms. */
  help: number;
  licenses: number;
}

function groupCpuSeconds(group: number): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === group) ticks += fields.slice(11, 15).reduce((sum, n) => sum + Number(n), 0);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100; // USER_HZ
}

async function timeStart(dir: string, tmp: string): Promise<Start> {
  const began = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: dir,
    env: { ...process.env, TMPDIR: tmp, PORT: '0', EMBEDDED_COSMOS_PORT: '0', LOG_LEVEL: 'info' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  try {
    const ready = await new Promise<{ wall: number; own: number; cpu: number; url: string }>(
      (resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /License Desk ready in ([\d.]+)s at (http:\/\/[\d.:]+)\/api\/messages/.exec(output);
          if (match) {
            const wall = (performance.now() - began) / 1000;
            resolve({ wall, own: Number(match[1]), cpu: groupCpuSeconds(child.pid!), url: match[2] });
          }
        });
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) =>
          reject(new Error(`npm start exited (${code}) before ready:\n${output}`)),
        );
      },
    );
    const connector = await new LoopbackConnector().start();
    try {
      const client = new TeamsTestClient(ready.url, connector);
      const turn = async (text: string) => {
        const sent = performance.now();
        const answer = await client.send(text);
        if (answer.status !== 200 || !answer.card) throw new Error(`${text}: no card (${answer.status})`);
        return performance.now() - sent;
      };
      const help = await turn('help');
      const licenses = await turn('licenses');
      return { wall: ready.wall, own: ready.own, cpu: ready.cpu, help, licenses };
    } finally {
      await connector.stop();
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const [runs, ...variants] = process.argv.slice(2);
  if (!Number(runs) || variants.length === 0) {
    console.error('usage: npx tsx bench/firstStart.ts <runs> <label>=<commit> [<label>=<commit> ...]');
    process.exit(2);
  }
  const results = new Map<string, { first: Start; second: Start; load: number }[]>();
  for (let run = 0; run < Number(runs); run++) {
    for (const variant of run % 2 ? [...variants].reverse() : variants) {
      const [label, commit] = variant.split('=');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `license-desk-fresh-${label}-`));
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `license-desk-fresh-tmp-`));
      try {
        execFileSync('git', ['clone', '-q', REPO, dir]);
        execFileSync('git', ['checkout', '-q', commit], { cwd: dir });
        execFileSync('cp', ['-al', path.join(REPO, 'node_modules'), path.join(dir, 'node_modules')]);
        execFileSync('npm', ['run', '--silent', '--if-present', 'prepare'], {
          cwd: dir,
          env: { ...process.env, TMPDIR: tmp },
        });
        const load = os.loadavg()[0];
        const first = await timeStart(dir, tmp);
        const second = await timeStart(dir, tmp);
        results.set(label, [...(results.get(label) ?? []), { first, second, load }]);
        const show = (s: Start) =>
          `${s.wall.toFixed(2)} s (own ${s.own.toFixed(2)}, CPU ${s.cpu.toFixed(2)}; help ${s.help.toFixed(0)} ms, licenses ${s.licenses.toFixed(0)} ms)`;
        console.log(
          `${label} run ${run} (load ${load.toFixed(1)}): first ${show(first)}; second ${show(second)}`,
        );
      } finally {
        // The bot may still be closing its store as npm exits: retry a folder that is not empty yet.
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
        fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10 });
      }
    }
  }
  for (const [label, rows] of results) {
    for (const which of ['first', 'second'] as const) {
      const of = (pick: (s: Start) => number) => median(rows.map((row) => pick(row[which])));
      console.log(
        `${label} ${which} start, medians of ${rows.length}: ${of((s) => s.wall).toFixed(2)} s wall ` +
          `(runs ${rows.map((row) => row[which].wall.toFixed(2)).join(', ')}), own ${of((s) => s.own).toFixed(2)} s, ` +
          `CPU ${of((s) => s.cpu).toFixed(2)} s, help ${of((s) => s.help).toFixed(0)} ms, ` +
          `licenses ${of((s) => s.licenses).toFixed(0)} ms; load ${rows.map((row) => row.load.toFixed(1)).join(', ')}`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
