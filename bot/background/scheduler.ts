import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { outsideRequestScope } from '../observability/requestScope';
import type { DocumentStore } from '../storage/documentStore';
import { JOBS_PARTITION, JobClaims, type Claim } from './jobClaims';

export interface JobContext {
  job: string;
  /** The claim this run holds (its lease is renewed while the run lasts). */
  readonly claim: Readonly<Claim>;
  /** Extends the lease now (a run also renews it by itself every third of the lease); throws if lost. */
  renew(): Promise<void>;
  /** Aborted when the scheduler stops or the claim was lost: a long run should end early. */
  signal: AbortSignal;
}

export interface TenantJobContext extends JobContext {
  tenantId: string;
}

/** A job run once per interval (by one instance at a time). */
export interface Job {
  intervalMs: number;
  run(ctx: JobContext): Promise<unknown>;
}

/** A job run once per interval for each tenant `tenants` lists, under a claim per tenant. */
export interface TenantJob {
  intervalMs: number;
  /** Listed on every tick (a query is acceptable here: background work, never a turn). */
  tenants(): Promise<string[]>;
  run(ctx: TenantJobContext): Promise<unknown>;
}

export class ClaimLost extends Error {
  constructor(job: string) {
    super(`the claim of ${job} was lost`);
    this.name = 'ClaimLost';
  }
}

export interface SchedulerOptions {
  store: DocumentStore;
  logger: Logger;
  /** How long a claim holds without renewal: a killed instance's job is taken over after this. */
  leaseMs: number;
  /** This instance's id in the claims it takes (default: a fresh UUID). */
  owner?: string;
  now?: () => Date;
}

/**
 * Background work shared by every instance: named jobs run at an interval, each run under a claim
 * document in Cosmos (jobClaims.ts), so that across instances one at a time runs a given job (per
 * tenant for a tenant job), a killed instance's claim is taken over once its lease runs out, and a run
 * that lasts renews its lease. Every instance ticks each job once per interval; a tick skips a job
 * (or tenant) whose claim is held or whose last run started less than half an interval ago, so a job
 * runs once or twice per interval however many instances there are. Nothing is kept in memory that
 * another instance needs.
 */
export class Scheduler {
  readonly owner: string;
  private readonly claims: JobClaims;
  private readonly jobs = new Map<string, Job | TenantJob>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private started = false;
  /** Runs asked for by `runSoon`, per job and tenant: in progress, or in progress with one more asked. */
  private readonly soon = new Map<string, 'running' | 'again'>();

  constructor(private readonly options: SchedulerOptions) {
    this.owner = options.owner ?? randomUUID();
    this.claims = new JobClaims(options.store, options.now);
  }

  register(name: string, job: TenantJob): this;
  register(name: string, job: Job): this;
  register(name: string, job: Job | TenantJob): this {
    if (this.jobs.has(name)) throw new Error(`job ${name} is registered twice`);
    if (!(job.intervalMs > 0)) throw new Error(`job ${name}: intervalMs must be positive`);
    this.jobs.set(name, job);
    if (this.started) this.schedule(name, job, firstDelay(job.intervalMs));
    return this;
  }

  start(): this {
    if (this.started || this.stopping.signal.aborted) return this;
    this.started = true;
    for (const [name, job] of this.jobs) this.schedule(name, job, firstDelay(job.intervalMs));
    return this;
  }

  /**
   * Runs a tenant job for one tenant on this instance now, without waiting for its interval (work
   * was just enqueued here): under the same claim as every run, so never beside another run of it,
   * and whatever the time since the last one. Asked while such a run is in progress here, one more
   * follows it. When the claim is held (by another instance, or by this one's interval tick, which
   * may have looked before the new work existed) it is tried again after 1, 2, 4, 8 and 16 s; after
   * that the job's interval takes over.
   */
  runSoon(name: string, tenantId: string, attempt = 0): void {
    // Asked for by a turn, but not the turn's work: its logs and Cosmos requests are not the request's.
    outsideRequestScope(() => this.startSoon(name, tenantId, attempt));
  }

  private startSoon(name: string, tenantId: string, attempt: number): void {
    const job = this.jobs.get(name);
    if (!job || !('tenants' in job) || !this.started || this.stopping.signal.aborted) return;
    const key = `${name}|${tenantId}`;
    if (this.soon.has(key)) {
      this.soon.set(key, 'again');
      return;
    }
    this.soon.set(key, 'running');
    const runs = (async () => {
      let took: boolean;
      do {
        this.soon.set(key, 'running');
        took = await this.runClaimed(name, tenantId, 0, (ctx) => job.run({ ...ctx, tenantId })).catch(
          (error: unknown) => {
            this.options.logger.error({ job: name, err: error }, 'background job run failed');
            return true;
          },
        );
      } while (took && this.soon.get(key) === 'again' && !this.stopping.signal.aborted);
      this.soon.delete(key);
      if (!took && attempt < SOON_RETRIES && !this.stopping.signal.aborted) {
        const timer = setTimeout(
          () => {
            this.timers.delete(timer);
            this.runSoon(name, tenantId, attempt + 1);
          },
          SOON_RETRY_MS * 2 ** attempt,
        );
        this.timers.add(timer);
      }
    })().finally(() => this.running.delete(runs));
    this.running.add(runs);
  }

  /** No new runs; waits for the running ones (told to end early through their signal), which release their claims. */
  async stop(): Promise<void> {
    this.stopping.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private schedule(name: string, job: Job | TenantJob, delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const tick = this.tick(name, job).finally(() => {
        this.running.delete(tick);
        this.schedule(name, job, job.intervalMs);
      });
      this.running.add(tick);
    }, delayMs);
    this.timers.add(timer);
  }

  private async tick(name: string, job: Job | TenantJob): Promise<void> {
    try {
      if (!('tenants' in job)) {
        await this.runClaimed(name, JOBS_PARTITION, job.intervalMs / 2, (ctx) => job.run(ctx));
        return;
      }
      for (const tenantId of await job.tenants()) {
        if (this.stopping.signal.aborted) return;
        await this.runClaimed(name, tenantId, job.intervalMs / 2, (ctx) => job.run({ ...ctx, tenantId }));
      }
    } catch (error) {
      this.options.logger.error({ job: name, err: error }, 'background job tick failed');
    }
  }

  /**
   * Runs the job in one partition if this instance takes its claim (free, and no run started within
   * `notWithinMs`); renews the lease meanwhile. Whether it took the claim.
   */
  private async runClaimed(
    name: string,
    partition: string,
    notWithinMs: number,
    run: (ctx: JobContext) => Promise<unknown>,
  ): Promise<boolean> {
    const { leaseMs, logger } = this.options;
    let claim = await this.claims.take(name, partition, this.owner, leaseMs, notWithinMs);
    if (!claim) return false;
    const aborted = new AbortController();
    const onStop = () => aborted.abort(this.stopping.signal.reason);
    this.stopping.signal.addEventListener('abort', onStop);
    // Renewals never overlap: each starts from the etag the previous one wrote.
    let renewing: Promise<void> = Promise.resolve();
    const renew = () => {
      renewing = renewing.then(async () => {
        if (!claim) throw new ClaimLost(name);
        claim = await this.claims.renew(claim, leaseMs);
        if (!claim) {
          aborted.abort(new ClaimLost(name));
          throw new ClaimLost(name);
        }
      });
      return renewing;
    };
    const heartbeat = setInterval(() => {
      renew().catch((error: unknown) =>
        logger.warn({ job: name, partition, err: error }, 'lease not renewed'),
      );
    }, leaseMs / 3);
    const startedAt = Date.now();
    try {
      const current = claim;
      const result = await run({
        job: name,
        get claim() {
          return claim ?? current;
        },
        renew,
        signal: aborted.signal,
      });
      logger.debug({ job: name, partition, ms: Date.now() - startedAt, result }, 'background job ran');
    } catch (error) {
      logger.error({ job: name, partition, err: error }, 'background job failed');
    } finally {
      clearInterval(heartbeat);
      this.stopping.signal.removeEventListener('abort', onStop);
      await renewing.catch(() => undefined);
      if (claim) await this.claims.release(claim);
    }
    return true;
  }
}

const SOON_RETRIES = 5;
const SOON_RETRY_MS = 1000;

/**
 * The first run comes between half an interval and one interval after start: instances started
 * together spread out, and a start (or a restart loop) does not trigger every job at once.
 */
function firstDelay(intervalMs: number): number {
  return intervalMs / 2 + Math.random() * (intervalMs / 2);
}
