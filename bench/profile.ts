/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time by origin (our code, each package,
 * Node internals, garbage collection, idle) and the functions with the most self time.
 * Run on its own: npx tsx bench/profile.ts <file.cpuprofile>
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Sampled time that was not idle, ms. */
  busyMs: number;
  /** Self time by origin, ms, largest first (idle left out). */
  byOrigin: [string, number][];
  /**
   * Busy time by what our code called: a sample counts for the outermost package on the stack below
   * our nearest frame (the dependency we called, whatever it called in turn), or for our own file
   * when it is our code running; Node internals, JSON and natives count for their caller. Stacks
   * without our code (after an await inside a package) count for their outermost package.
   */
  byEntry: [string, number][];
  /** Self time by function, ms, largest first. */
  byFunction: [string, number][];
  /** Inclusive (synchronous) time of our own functions, ms, largest first. */
  oursInclusive: [string, number][];
}

/** Where code comes from: `pkg:<name>`, `ours:<folder>`, `node:<module>`, or a V8 pseudo-frame. */
export function originOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return `pkg:${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  if (!url.startsWith('file://') && !url.startsWith('/')) return url.split(':')[0];
  const file = url.replace(/^file:\/\//, '');
  // The compiled bot (bench/startup.ts buildBot) lives in a temporary directory.
  const built = /\/license-desk-build-[^/]+\/(.*)$/.exec(file);
  if (built) return `ours:${built[1].split('/').slice(0, 2).join('/')}`;
  const relative = path.relative(path.resolve(__dirname, '..'), file);
  if (!relative.startsWith('..')) return `ours:${relative.split(path.sep).slice(0, 2).join('/')}`;
  return file;
}

const isCode = (origin: string) => origin.startsWith('pkg:') || origin.startsWith('ours:');

export function summarise(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const origins = new Map<string, number>();
  const callers = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  const describe = (id: number) => {
    const { url, functionName, lineNumber } = byId.get(id)!.callFrame;
    const origin = originOf(url, functionName);
    const where = url ? `${path.basename(url)}:${lineNumber + 1}` : '';
    return { origin, key: `${functionName || '(anonymous)'} ${where} [${origin}]` };
  };
  let total = 0;
  let busy = 0;
  for (const [id, micros] of self) {
    const ms = micros / 1000;
    total += ms;
    const { origin, key } = describe(id);
    if (origin === '(idle)') continue;
    busy += ms;
    add(origins, origin, ms);
    add(functions, key, ms);
    let entry: string | undefined;
    let reachedOurs = false;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = describe(at);
      if (frame.origin.startsWith('ours:')) {
        if (!reachedOurs) entry = entry ?? frame.origin;
        reachedOurs = true;
        if (!seen.has(frame.key)) {
          seen.add(frame.key);
          add(inclusive, frame.key, ms);
        }
      } else if (!reachedOurs && isCode(frame.origin)) {
        entry = frame.origin;
      }
    }
    add(callers, entry ?? origin, ms);
  }
  const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs: total,
    busyMs: busy,
    byOrigin: sorted(origins),
    byEntry: sorted(callers),
    byFunction: sorted(functions),
    oursInclusive: sorted(inclusive),
  };
}

export function formatSummary(summary: ProfileSummary): string {
  const pct = (ms: number) => `${((100 * ms) / summary.busyMs).toFixed(1).padStart(5)} %`;
  const lines = [
    `CPU profile: ${(summary.totalMs / 1000).toFixed(1)} s sampled, ${(summary.busyMs / 1000).toFixed(1)} s busy; ` +
      'percentages are of the busy time',
  ];
  const section = (title: string, rows: [string, number][]) => {
    lines.push(title);
    for (const [name, ms] of rows) lines.push(`  ${pct(ms)}  ${name}`);
  };
  section('self time by origin:', summary.byOrigin);
  section('busy time by what our code called (package) or our own file:', summary.byEntry);
  section('self time by function:', summary.byFunction);
  section('inclusive time of our functions (synchronous part):', summary.oursInclusive);
  return lines.join('\n');
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npx tsx bench/profile.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(formatSummary(summarise(file, Number(process.argv[3] ?? 25))));
}
