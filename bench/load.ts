/** Closed-loop load: every conversation sends its next turn as soon as it has its answer. */
import { performance } from 'node:perf_hooks';
import type { RequestCounts } from '../bot/storage/documentStore';
import type { StoreCall } from './storeRecorder';
import type { BotProcess } from './bots';
import type { BenchConversation, Command } from './scenario';

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  const mid = finite.length >> 1;
  return finite.length % 2 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
}

/** What one phase (one bot, one command, one concurrency, one round) measured. */
export interface PhaseFigures {
  turns: number;
  errors: number;
  problems: string[];
  p50: number;
  p99: number;
  /** Turns per second over the phase. */
  throughput: number;
  /** CPU time of the bot process per turn, ms. */
  cpuMs: number;
  /** CPU time of the driver (clients and loopback connector) per turn, ms. */
  driverCpuMs: number;
  /**
   * Cosmos requests made on behalf of the turns, per turn (background jobs apart), and kB the bot's
   * embedded server received and sent per turn (background jobs included). Not for echo.
   */
  cosmos?: CosmosPerTurn;
}

export type CosmosPerTurn = RequestCounts & { kBIn: number; kBOut: number };

/** License Desk's store calls and one of its answers during the phase: the storage floor's script. */
export interface PhaseRecording {
  calls: StoreCall[];
  card?: Record<string, unknown>;
}

export async function runPhase(
  bot: BotProcess,
  conversations: BenchConversation[],
  command: Command,
  turnsEach: number,
): Promise<PhaseFigures & { recording?: PhaseRecording }> {
  await bot.resetCounts();
  const trafficBefore = (await bot.counts()).traffic;
  const before = await bot.usage();
  const driverBefore = process.cpuUsage();
  const latencies: number[] = [];
  const problems: string[] = [];
  const start = performance.now();
  await Promise.all(
    conversations.map(async (conversation) => {
      for (let i = 0; i < turnsEach; i++) {
        const result = await conversation.turn(command);
        if (result.ok) latencies.push(result.ms);
        else problems.push(result.problem ?? 'failed');
      }
    }),
  );
  const wall = performance.now() - start;
  const driver = process.cpuUsage(driverBefore);
  const after = await bot.usage();
  const { counts, traffic } = await bot.counts();
  const recording =
    bot.kind === 'desk' ? { calls: await bot.calls(), card: conversations[0]?.lastCard(command) } : undefined;
  const turns = conversations.length * turnsEach;
  const kB = (field: 'bytesIn' | 'bytesOut') =>
    traffic && trafficBefore ? (traffic[field] - trafficBefore[field]) / 1024 / turns : NaN;
  latencies.sort((a, b) => a - b);
  return {
    turns,
    errors: problems.length,
    problems: problems.slice(0, 3),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    throughput: latencies.length / (wall / 1000),
    cpuMs: (after.cpuMicros - before.cpuMicros) / 1000 / turns,
    driverCpuMs: (driver.user + driver.system) / 1000 / turns,
    cosmos: counts && {
      reads: counts.reads / turns,
      writes: counts.writes / turns,
      queries: counts.queries / turns,
      bulk: counts.bulk / turns,
      kBIn: kB('bytesIn'),
      kBOut: kB('bytesOut'),
    },
    recording,
  };
}
