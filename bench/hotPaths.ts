/**
 * Where the benchmark's hot paths beyond the chat commands plug in: each is a phase of its own that
 * starts what it needs (a License Desk process on the benchmark tenant, its own load) and returns
 * its figures and the targets they meet. `npm run bench` runs every registered one after the
 * growth curves and writes their markdown between the `hot-paths` markers of BENCHMARKS.md.
 *
 * Registered: request approval (bench/requestApproval.ts) and notice fan-out across a kill -9
 * (bench/noticeFanOut.ts). The license check (bench/licenseCheck.ts) runs on the command phases'
 * License Desk instead, beside its plain restify GET.
 */
import type { LoopbackConnector } from '../test/harness/loopbackConnector';
import { noticeFanOutPhase } from './noticeFanOut';
import { requestApprovalPhase } from './requestApproval';
import type { TargetCheck } from './report';
import type { BenchTenant } from './tenant';

export interface HotPathContext {
  /** The seeded benchmark tenant (a copy of its data directory is the phase's to change). */
  tenant: BenchTenant;
  connector: LoopbackConnector;
  /** The compiled bot, when the benchmark runs compiled (`BotProcess.start(kind, env, { buildDir })`). */
  buildDir?: string;
  smoke: boolean;
  sizes: HotPathSizes;
  log: (text: string) => void;
}

/** How big each phase runs (`npm run bench -- --approvals N --notices N --notice-rate N`). */
export interface HotPathSizes {
  approvals: number;
  /** Approve clicks (and request messages) in flight. */
  approvalConcurrency: number;
  notices: number;
  /** NOTICE_RATE_PER_SECOND of the fan-out. */
  noticeRate: number;
}

export interface HotPathFigures {
  name: string;
  /** A section of BENCHMARKS.md: what was measured, as tables. */
  markdown: string;
  targets: TargetCheck[];
  problems: string[];
  /** The phase's figures as measured (written to --json). */
  data: unknown;
}

export interface HotPath {
  name: string;
  run(context: HotPathContext): Promise<HotPathFigures>;
}

/** The hot paths `npm run bench` measures after the chat commands. */
export const HOT_PATHS: HotPath[] = [
  {
    name: 'Request approval',
    run: (context) =>
      requestApprovalPhase(context, {
        requests: context.sizes.approvals,
        concurrency: context.sizes.approvalConcurrency,
      }),
  },
  {
    name: 'Notice fan-out',
    run: (context) =>
      noticeFanOutPhase(context, {
        recipients: context.sizes.notices,
        ratePerSecond: context.sizes.noticeRate,
      }),
  },
];

export async function runHotPaths(context: HotPathContext): Promise<HotPathFigures[]> {
  const figures: HotPathFigures[] = [];
  for (const path of HOT_PATHS) {
    context.log(`hot path: ${path.name}`);
    figures.push(await path.run(context));
  }
  return figures;
}
