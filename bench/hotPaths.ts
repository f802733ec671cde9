/**
 * Where the benchmark's hot paths beyond the chat commands plug in: each is a phase of its own that
 * starts what it needs (a License Desk process on the benchmark tenant, its own load) and returns
 * its figures and the targets they meet. `npm run bench` runs every registered one after the
 * growth curves and writes their markdown between the `hot-paths` markers of BENCHMARKS.md.
 *
 * Waiting for their code on main (BENCHMARKS.md, "New hot paths", says what each must measure):
 * - the license check (api branch): throughput and p99 at 64 concurrent against a plain restify GET
 *   on the same server, Cosmos requests per check;
 * - request approval (requests branch): as a command phase of bench/scenario.ts, with its floor;
 * - notice fan-out (alerts branch): 5,000 notices, delivered rate against the configured pace,
 *   duplicates 0 and lost 0 across a kill -9 of the sending process.
 */
import type { LoopbackConnector } from '../test/harness/loopbackConnector';
import type { TargetCheck } from './report';
import type { BenchTenant } from './tenant';

export interface HotPathContext {
  /** The seeded benchmark tenant (a copy of its data directory is the phase's to change). */
  tenant: BenchTenant;
  connector: LoopbackConnector;
  /** The compiled bot, when the benchmark runs compiled (`BotProcess.start(kind, env, { buildDir })`). */
  buildDir?: string;
  smoke: boolean;
  log: (text: string) => void;
}

export interface HotPathFigures {
  name: string;
  /** A section of BENCHMARKS.md: what was measured, as tables. */
  markdown: string;
  targets: TargetCheck[];
  problems: string[];
}

export interface HotPath {
  name: string;
  run(context: HotPathContext): Promise<HotPathFigures>;
}

/** The hot paths `npm run bench` measures after the chat commands. */
export const HOT_PATHS: HotPath[] = [];

export async function runHotPaths(context: HotPathContext): Promise<HotPathFigures[]> {
  const figures: HotPathFigures[] = [];
  for (const path of HOT_PATHS) {
    context.log(`hot path: ${path.name}`);
    figures.push(await path.run(context));
  }
  return figures;
}
