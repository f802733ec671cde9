/**
 * The licensing API's seat check under load (`npm run bench` runs it after the chat phases): GET
 * /api/v1/tenants/{tenantId}/apps/{appId}/users/{userId} at `concurrency` requests in flight
 * (closed loop), for users of the bench tenant's largest app (some hold it, some do not), against a
 * plain restify GET of the same process (`/healthz`: same server, no work) as the floor. Reports
 * throughput, p50 and p99, the bot's CPU per request, and the Cosmos requests per check (a warm
 * instance answers from its snapshot, so about one ledger read per LICENSE_CHECK_MAX_AGE_SECONDS).
 */
import { performance } from 'node:perf_hooks';
import type { RequestCounts } from '../bot/storage/documentStore';
import type { BotProcess } from './bots';
import { percentile } from './load';
import type { BenchTenant } from './tenant';

/** The benchmark is one caller: lift the per-caller rate limit so that it measures the check, not the 429s. */
export const LICENSE_CHECK_ENV = { API_RATE_LIMIT_PER_SECOND: '100000' };

export interface GetFigures {
  requests: number;
  errors: number;
  throughput: number;
  p50: number;
  p99: number;
  /** CPU time of the bot process per request, ms. */
  cpuMs: number;
}

export interface LicenseCheckFigures {
  concurrency: number;
  check: GetFigures & { cosmosPerCheck: RequestCounts; licensed: number };
  plainGet: GetFigures;
}

async function closedLoop(
  bot: BotProcess,
  concurrency: number,
  requests: number,
  url: (i: number) => string,
  onBody?: (body: Record<string, unknown>) => void,
): Promise<GetFigures> {
  const before = await bot.usage();
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < requests; i = next++) {
        const sent = performance.now();
        const response = await fetch(url(i));
        const body = (await response.json()) as Record<string, unknown>;
        if (response.status !== 200) errors++;
        else latencies.push(performance.now() - sent);
        onBody?.(body);
      }
    }),
  );
  const wall = performance.now() - start;
  const after = await bot.usage();
  latencies.sort((a, b) => a - b);
  return {
    requests,
    errors,
    throughput: latencies.length / (wall / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMs: (after.cpuMicros - before.cpuMicros) / 1000 / requests,
  };
}

export async function runLicenseCheckPhase(
  desk: BotProcess,
  tenant: BenchTenant,
  options: { concurrency: number; requests: number },
): Promise<LicenseCheckFigures> {
  const app = tenant.apps[tenant.apps.length - 1].appId;
  const users = tenant.org.users.slice(Math.floor(tenant.org.users.length / 2)).map((user) => user.id);
  const check = (i: number) =>
    `${desk.url}/api/v1/tenants/${tenant.tenantId}/apps/${app}/users/${users[(i * 7919) % users.length]}`;
  const plain = () => `${desk.url}/healthz`;
  const { concurrency, requests } = options;
  // Warm-up: snapshots read, connections open, code optimised.
  await closedLoop(desk, concurrency, Math.min(requests, 512), check);
  await closedLoop(desk, concurrency, Math.min(requests, 512), plain);
  await desk.resetCounts();
  let licensed = 0;
  const checked = await closedLoop(desk, concurrency, requests, check, (body) => {
    if (body.licensed === true) licensed++;
  });
  const counts = (await desk.counts()).counts!;
  const plainGet = await closedLoop(desk, concurrency, requests, plain);
  return {
    concurrency,
    check: {
      ...checked,
      licensed,
      cosmosPerCheck: {
        reads: counts.reads / requests,
        writes: counts.writes / requests,
        queries: counts.queries / requests,
        bulk: counts.bulk / requests,
      },
    },
    plainGet,
  };
}

export function formatLicenseCheck(figures: LicenseCheckFigures): string {
  const row = (name: string, f: GetFigures) =>
    `| ${name} | ${f.requests} | ${f.errors} | ${f.throughput.toFixed(0)} | ${f.p50.toFixed(2)} | ${f.p99.toFixed(2)} | ${f.cpuMs.toFixed(3)} |`;
  const cosmos = figures.check.cosmosPerCheck;
  return [
    `Licensing API seat check, ${figures.concurrency} requests in flight:`,
    '',
    '| GET | requests | errors | per second | p50 ms | p99 ms | bot CPU ms/request |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('seat check', figures.check),
    row('plain restify GET (/healthz)', figures.plainGet),
    '',
    `Cosmos requests per check: ${cosmos.reads.toFixed(4)} reads, ${cosmos.writes} writes, ${cosmos.queries} queries, ` +
      `${cosmos.bulk.toFixed(4)} bulk (${figures.check.licensed} of ${figures.check.requests} answers licensed)`,
  ].join('\n');
}
