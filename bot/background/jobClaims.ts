import type { DocumentStore } from '../storage/documentStore';

/** The partition of claims of jobs that are not per tenant (tenant ids are GUIDs: no collision). */
export const JOBS_PARTITION = 'license-desk:jobs';

/**
 * Who runs a job (in one partition) now, until when, and when a run last started. One document per
 * job and partition, changed only with IfMatch (or created, 409 when another instance was first), so
 * at most one instance holds it at a time. A lease that runs out is free for anyone to take.
 */
export interface JobClaimDocument {
  id: string;
  tenantId: string;
  type: 'jobClaim';
  job: string;
  /** The instance holding it; absent when released. */
  owner?: string;
  leaseUntil: string;
  lastStartedAt: string;
}

/** A claim this instance holds. */
export interface Claim {
  job: string;
  partition: string;
  owner: string;
  leaseUntil: Date;
  /** When this run started (kept in the document for the next instance's `notWithinMs`). */
  startedAt: Date;
  etag: string;
}

export const jobClaimId = (job: string) => `jobclaim:${job}`;

export class JobClaims {
  constructor(
    private readonly store: DocumentStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Takes the claim when it is free (never taken, released, or its lease ran out) and no run started
   * within `notWithinMs` (another instance ran it recently); undefined otherwise.
   */
  async take(
    job: string,
    partition: string,
    owner: string,
    leaseMs: number,
    notWithinMs: number,
  ): Promise<Claim | undefined> {
    const stored = await this.store.read<JobClaimDocument>(partition, jobClaimId(job));
    const now = this.now();
    if (stored) {
      const { owner: holder, leaseUntil, lastStartedAt } = stored.doc;
      if (holder && Date.parse(leaseUntil) > now.getTime()) return undefined;
      if (now.getTime() - Date.parse(lastStartedAt) < notWithinMs) return undefined;
    }
    const doc: JobClaimDocument = {
      id: jobClaimId(job),
      tenantId: partition,
      type: 'jobClaim',
      job,
      owner,
      leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
      lastStartedAt: now.toISOString(),
    };
    const written = stored
      ? await this.store.replace(doc, { ifMatch: stored.etag })
      : await this.store.create(doc);
    return written.ok ? claimOf(written.doc, written.etag, owner) : undefined;
  }

  /** Extends the lease; undefined when the claim was lost (taken over after it ran out). */
  async renew(claim: Claim, leaseMs: number): Promise<Claim | undefined> {
    const doc = { ...documentOf(claim), leaseUntil: new Date(this.now().getTime() + leaseMs).toISOString() };
    const written = await this.store.replace(doc, { ifMatch: claim.etag });
    return written.ok ? claimOf(written.doc, written.etag, claim.owner) : undefined;
  }

  /** Frees the claim for the next run, keeping when this one started; a lost claim is left alone. */
  async release(claim: Claim): Promise<void> {
    const { owner: _owner, ...released } = documentOf(claim);
    await this.store.replace({ ...released, leaseUntil: this.now().toISOString() }, { ifMatch: claim.etag });
  }
}

function claimOf(doc: JobClaimDocument, etag: string, owner: string): Claim {
  return {
    job: doc.job,
    partition: doc.tenantId,
    owner,
    leaseUntil: new Date(doc.leaseUntil),
    startedAt: new Date(doc.lastStartedAt),
    etag,
  };
}

function documentOf(claim: Claim): JobClaimDocument {
  return {
    id: jobClaimId(claim.job),
    tenantId: claim.partition,
    type: 'jobClaim',
    job: claim.job,
    owner: claim.owner,
    leaseUntil: claim.leaseUntil.toISOString(),
    lastStartedAt: claim.startedAt.toISOString(),
  };
}
