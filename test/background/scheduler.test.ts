import { JOBS_PARTITION, JobClaims, jobClaimId, type JobClaimDocument } from '../../bot/background/jobClaims';
import { Scheduler, type JobContext } from '../../bot/background/scheduler';
import { createLogger } from '../../bot/logger';
import type { DocumentStore } from '../../bot/storage/documentStore';
import { useCosmosFixture } from '../licensing/harness';

const fixture = useCosmosFixture();
const logger = createLogger('silent');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Another bot instance: its own Cosmos client and container object on the same account. */
async function instanceStore(): Promise<DocumentStore> {
  return fixture.store(undefined, await fixture.openStack());
}

/** Counts runs per owner and the most runs ever in progress at once, across schedulers. */
function watchedJob(runMs: number) {
  const seen = { concurrent: 0, maxConcurrent: 0, runs: [] as { owner: string; at: number }[] };
  const run = async (ctx: JobContext) => {
    seen.concurrent++;
    seen.maxConcurrent = Math.max(seen.maxConcurrent, seen.concurrent);
    seen.runs.push({ owner: ctx.claim.owner, at: Date.now() });
    await sleep(runMs);
    seen.concurrent--;
  };
  return { seen, run };
}

async function claimOf(store: DocumentStore, job: string, partition = JOBS_PARTITION) {
  return (await store.read<JobClaimDocument>(partition, jobClaimId(job)))?.doc;
}

test('two instances on one Cosmos: a job runs on one at a time, and keeps running', async () => {
  const { seen, run } = watchedJob(150);
  const schedulers = await Promise.all(
    ['a', 'b'].map(async (owner) =>
      new Scheduler({ store: await instanceStore(), logger, leaseMs: 5000, owner })
        .register('exclusive', { intervalMs: 100, run })
        .start(),
    ),
  );
  await sleep(2000);
  await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
  expect(seen.maxConcurrent).toBe(1);
  expect(seen.runs.length).toBeGreaterThanOrEqual(5);
  const claim = await claimOf(fixture.store(), 'exclusive');
  expect(claim?.owner).toBeUndefined(); // released on stop
});

test('the claim of an instance killed while running is taken over once its lease runs out', async () => {
  const store = await instanceStore();
  // What a killed instance leaves: a claim taken (by the same code), never renewed nor released.
  const dead = await new JobClaims(store).take('takeover', JOBS_PARTITION, 'killed-instance', 800, 0);
  expect(dead).toBeDefined();
  const { seen, run } = watchedJob(10);
  const survivor = new Scheduler({ store: await instanceStore(), logger, leaseMs: 800, owner: 'survivor' })
    .register('takeover', { intervalMs: 100, run })
    .start();
  await sleep(600);
  expect(seen.runs).toEqual([]); // the lease still holds
  await sleep(900);
  await survivor.stop();
  expect(seen.runs.length).toBeGreaterThan(0);
  expect(seen.runs[0].owner).toBe('survivor');
  expect(seen.runs[0].at).toBeGreaterThanOrEqual(dead!.leaseUntil.getTime());
});

test('a run longer than its lease renews it: no other instance starts meanwhile', async () => {
  const leases: number[] = [];
  const { seen, run } = watchedJob(1200);
  const longRun = async (ctx: JobContext) => {
    leases.push(ctx.claim.leaseUntil.getTime());
    await ctx.renew();
    leases.push(ctx.claim.leaseUntil.getTime());
    await run(ctx);
    leases.push(ctx.claim.leaseUntil.getTime());
  };
  const schedulers = await Promise.all(
    ['first', 'second'].map(async (owner) =>
      new Scheduler({ store: await instanceStore(), logger, leaseMs: 300, owner })
        .register('overrun', { intervalMs: 100, run: longRun })
        .start(),
    ),
  );
  await sleep(1600);
  await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
  expect(seen.maxConcurrent).toBe(1);
  expect(leases[1]).toBeGreaterThan(leases[0]); // ctx.renew()
  expect(leases[2]).toBeGreaterThan(leases[1] + 600); // renewed by the scheduler while it ran
});

test('stop() waits for the running job, which is told to stop, then releases its claim', async () => {
  const store = await instanceStore();
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const events: string[] = [];
  const scheduler = new Scheduler({ store, logger, leaseMs: 5000, owner: 'stopping' })
    .register('graceful', {
      intervalMs: 50,
      run: async (ctx) => {
        started();
        await sleep(300);
        events.push(ctx.signal.aborted ? 'finished, told to stop' : 'finished');
      },
    })
    .start();
  await running;
  expect((await claimOf(store, 'graceful'))?.owner).toBe('stopping');
  await scheduler.stop();
  events.push('stopped');
  expect(events).toEqual(['finished, told to stop', 'stopped']);
  expect((await claimOf(store, 'graceful'))?.owner).toBeUndefined();
});

test('a tenant job runs under one claim per tenant, in the tenant’s partition', async () => {
  const store = await instanceStore();
  const ran: string[] = [];
  const scheduler = new Scheduler({ store, logger, leaseMs: 5000, owner: 'tenants' })
    .register('per-tenant', {
      intervalMs: 200,
      tenants: async () => ['tenant-a', 'tenant-b'],
      run: async (ctx) => void ran.push(ctx.tenantId),
    })
    .start();
  for (let waited = 0; ran.length < 2 && waited < 5000; waited += 50) await sleep(50);
  await scheduler.stop();
  expect(ran.slice(0, 2)).toEqual(['tenant-a', 'tenant-b']);
  for (const tenant of ran)
    expect(await claimOf(store, 'per-tenant', tenant)).toMatchObject({ tenantId: tenant });
});

test('runSoon runs a tenant job for that tenant now, once more when asked during a run, never beside another run', async () => {
  const { seen, run } = watchedJob(200);
  const tenants: string[] = [];
  const make = async (owner: string) =>
    new Scheduler({ store: await instanceStore(), logger, leaseMs: 5000, owner })
      .register('soon', {
        intervalMs: 60_000, // the interval alone would not run it during this test
        tenants: async () => ['t-soon'],
        run: async (ctx) => {
          tenants.push(ctx.tenantId);
          await run(ctx);
        },
      })
      .start();
  const [a, b] = await Promise.all([make('a'), make('b')]);
  const started = Date.now();
  a.runSoon('soon', 't-soon');
  await sleep(50);
  a.runSoon('soon', 't-soon'); // during the run: one more after it
  a.runSoon('soon', 't-soon'); // still one more, not two
  b.runSoon('soon', 't-soon'); // claim held by a: b tries again after 1 s
  await sleep(1800);
  await Promise.all([a.stop(), b.stop()]);
  expect(seen.maxConcurrent).toBe(1);
  expect(tenants.every((tenant) => tenant === 't-soon')).toBe(true);
  expect(seen.runs[0].at - started).toBeLessThan(1000);
  expect(seen.runs.filter((r) => r.owner === 'a')).toHaveLength(2);
  expect(seen.runs.filter((r) => r.owner === 'b')).toHaveLength(1);
});
