import { randomUUID } from 'node:crypto';
import type { TenantJob } from '../background/scheduler';
import type { DocumentStore, Stored } from '../storage/documentStore';
import type { LicenseLedger } from './ledger';
import { LicenseError, type Actor, type AssignOutcome, type CatalogApp } from './model';

/**
 * Seat requests (PRODUCT.md "Requests and approvals"): anyone asks for an app, an admin approves
 * (the seat is assigned through the ledger) or denies, and a request left undecided expires.
 *
 * Documents, in the tenant's partition, each small: `request:<id>` per request (kept after the
 * decision, so a late click is told who decided); `requestslot:<appId>:<userId>`, the one open
 * request of a person for an app (created, or taken over with IfMatch once its request is closed);
 * `requestlog:<appId>`, the app's last denials (the history card).
 *
 * ONE DECISION PER REQUEST: every decision is a replace of the request document with IfMatch. An
 * approval first claims the request (`approving`, with who and when), then assigns, then records
 * `approved`: a second admin, a double click or a replayed invoke finds the claim (and waits a moment
 * for its outcome) or the decision, and is told who decided. The assignment itself is idempotent in
 * the ledger (a person already assigned is not assigned twice), so a claim left by a process that died
 * can be taken over once stale without a second seat or notice.
 *
 * What follows a decision (the requester told, every copy of the card replaced, the history) and the
 * card sent to the admins are done by the `requests` job through RequestFollowUps, and marked done
 * on the document: a process that dies in between leaves them to the next run, here or elsewhere.
 */

export type RequestStatus = 'pending' | 'approving' | 'approved' | 'denied' | 'expired';

export interface RequestPerson {
  /** Entra object id, lowercase. */
  userId: string;
  name: string;
  locale?: string;
}

export interface SeatRequest {
  requestId: string;
  appId: string;
  appName: string;
  requester: RequestPerson;
  reason?: string;
  createdAt: string;
  expiresAt: string;
  status: RequestStatus;
  /** While `approving`: the admin whose approval is under way. */
  approving?: { by: RequestPerson; at: string };
  decision?: { by?: RequestPerson; at: string; message?: string };
}

export interface SeatRequestDocument extends SeatRequest {
  id: string;
  tenantId: string;
  type: 'seatRequest';
  /** The request card was handed to the outbox. */
  announced?: true;
  /** Everything that follows the decision is done. */
  settled?: true;
}

interface RequestSlotDocument {
  id: string;
  tenantId: string;
  type: 'requestSlot';
  requestId: string;
}

/** A denial as the app's history shows it. */
export interface RequestDenial {
  requestId: string;
  requesterName: string;
  adminName: string;
  at: string;
  message?: string;
}

interface RequestLogDocument {
  id: string;
  tenantId: string;
  type: 'requestLog';
  appId: string;
  denials: RequestDenial[];
}

/** What the bot does around a request, outside the licensing core (the outbox and the cards). */
export interface RequestFollowUps {
  /** The request card to the alert channel or the admins; idempotent (named by the request). */
  announce(tenantId: string, request: SeatRequest, seatsLeft: number): Promise<void>;
  /** After the decision or expiry: the requester told, every copy of the card replaced; idempotent. */
  settle(tenantId: string, request: SeatRequest): Promise<void>;
}

export type OpenOutcome =
  | { kind: 'opened'; request: SeatRequest }
  /** The person's request for this app is still open. */
  | { kind: 'pending'; request: SeatRequest };

export type DecisionOutcome =
  | { kind: 'approved'; request: SeatRequest; outcome: AssignOutcome }
  | { kind: 'denied'; request: SeatRequest }
  /** Someone (or this very click, replayed) decided already, or is approving it right now. */
  | { kind: 'decided'; request: SeatRequest }
  /** No seat left: nothing changed, the request stays open. */
  | { kind: 'noSeats'; request: SeatRequest; available: number; purchased: number };

export const requestDocId = (requestId: string) => `request:${requestId}`;
const slotId = (appId: string, userId: string) => `requestslot:${appId}:${userId.toLowerCase()}`;
const logId = (appId: string) => `requestlog:${appId}`;

/** An approval claim older than this was left by a process that died: another click may take it over. */
const CLAIM_STALE_MS = 60_000;
/** How long a click waits for another admin's approval under way to come to its outcome. */
const CLAIM_WAIT_MS = 5_000;
const DENIALS_KEPT = 20;
const SCAN_PAGE = 100;

export const isOpen = (status: RequestStatus) => status === 'pending' || status === 'approving';

export interface SeatRequestsDeps {
  store: DocumentStore;
  ledger: LicenseLedger;
  /** How long a request stays open (REQUEST_TTL_DAYS). */
  ttlMs: number;
  followUps?: RequestFollowUps;
  now?: () => Date;
}

export class SeatRequests {
  private readonly now: () => Date;
  /** Set by the app once the scheduler runs the job: this tenant's requests have work to do. */
  private kick: (tenantId: string) => void = () => undefined;

  constructor(private readonly deps: SeatRequestsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  onChanged(kick: (tenantId: string) => void): void {
    this.kick = kick;
  }

  get ttlDays(): number {
    return Math.round(this.deps.ttlMs / 86_400_000);
  }

  /** A person asks for an app: a new request, or the one still open. */
  async open(requester: Actor, app: CatalogApp, reason?: string): Promise<OpenOutcome> {
    const { store } = this.deps;
    const { tenantId } = requester;
    const id = slotId(app.appId, requester.userId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const slot = await store.read<RequestSlotDocument>(tenantId, id);
      if (slot) {
        const current = await this.read(tenantId, slot.doc.requestId);
        if (current && isOpen(current.doc.status))
          return { kind: 'pending', request: toRequest(current.doc) };
      }
      const requestId = randomUUID();
      const taken = slot
        ? await store.replace({ ...slot.doc, requestId }, { ifMatch: slot.etag })
        : await store.create<RequestSlotDocument>({ id, tenantId, type: 'requestSlot', requestId });
      if (!taken.ok) continue;
      const now = this.now();
      const doc: SeatRequestDocument = {
        id: requestDocId(requestId),
        tenantId,
        type: 'seatRequest',
        requestId,
        appId: app.appId,
        appName: app.name,
        requester: person(requester),
        ...(reason ? { reason } : {}),
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + this.deps.ttlMs).toISOString(),
        status: 'pending',
      };
      await store.create(doc);
      this.kick(tenantId);
      return { kind: 'opened', request: toRequest(doc) };
    }
    throw new LicenseError('Busy', { app: app.name });
  }

  async get(tenantId: string, requestId: string): Promise<SeatRequest> {
    const stored = await this.read(tenantId, requestId);
    if (!stored) throw new LicenseError('RequestNotFound');
    return toRequest(stored.doc);
  }

  /** Approve: claim, assign through the ledger (seats checked), record. */
  async approve(admin: Actor, requestId: string): Promise<DecisionOutcome> {
    const at = this.now().toISOString();
    const claim = await this.claim(admin, requestId, (doc) => ({
      ...withoutClaim(doc),
      status: 'approving',
      approving: { by: person(admin), at },
    }));
    if (claim.kind === 'decided') return claim;
    const { doc } = claim.stored;
    let outcome: AssignOutcome;
    try {
      outcome = await this.deps.ledger.assign(admin, doc.appId, [doc.requester.userId], undefined, {
        requestedBy: { userId: doc.requester.userId, name: doc.requester.name },
      });
    } catch (error) {
      const reopened = await this.deps.store.replace(
        { ...withoutClaim(doc), status: 'pending' as const },
        { ifMatch: claim.stored.etag },
      );
      if (error instanceof LicenseError && error.kind === 'NotEnoughSeats') {
        const request = toRequest(reopened.ok ? reopened.doc : doc);
        const { available, purchased } = error.params as Record<string, number>;
        return { kind: 'noSeats', request: { ...request, status: 'pending' }, available, purchased };
      }
      throw error;
    }
    const approved: SeatRequestDocument = {
      ...withoutClaim(doc),
      status: 'approved',
      decision: { by: person(admin), at: this.now().toISOString() },
    };
    const written = await this.deps.store.replace(approved, { ifMatch: claim.stored.etag });
    this.kick(admin.tenantId);
    if (!written.ok) return { kind: 'decided', request: await this.get(admin.tenantId, requestId) };
    return { kind: 'approved', request: toRequest(written.doc), outcome };
  }

  /** Deny, with the admin's message for the requester. */
  async deny(admin: Actor, requestId: string, message?: string): Promise<DecisionOutcome> {
    const at = this.now().toISOString();
    const claim = await this.claim(admin, requestId, (doc) => ({
      ...withoutClaim(doc),
      status: 'denied',
      decision: { by: person(admin), at, ...(message ? { message } : {}) },
    }));
    if (claim.kind === 'decided') return claim;
    this.kick(admin.tenantId);
    return { kind: 'denied', request: toRequest(claim.stored.doc) };
  }

  /** The open requests, oldest first: one page, and whether there are more. */
  async pending(
    tenantId: string,
    offset: number,
    pageSize: number,
  ): Promise<{ requests: SeatRequest[]; hasMore: boolean }> {
    const found: SeatRequest[] = [];
    const wanted = offset + pageSize + 1;
    let continuation: string | undefined;
    do {
      const page = await this.deps.store.queryPage<SeatRequestDocument>(
        tenantId,
        {
          where: 'c.type = @type AND (c.status = @pending OR c.status = @approving)',
          parameters: [
            { name: '@type', value: 'seatRequest' },
            { name: '@pending', value: 'pending' },
            { name: '@approving', value: 'approving' },
          ],
          orderBy: 'c.createdAt',
        },
        { pageSize: Math.min(SCAN_PAGE, wanted), continuation },
      );
      found.push(...page.items.map(toRequest));
      continuation = page.continuation;
    } while (continuation && found.length < wanted);
    return { requests: found.slice(offset, offset + pageSize), hasMore: found.length > offset + pageSize };
  }

  /** The app's last denials, newest first (approvals are in the audit trail). */
  async denials(tenantId: string, appId: string): Promise<RequestDenial[]> {
    const log = await this.deps.store.read<RequestLogDocument>(tenantId, logId(appId));
    return [...(log?.doc.denials ?? [])].reverse();
  }

  job(intervalMs: number, tenants: () => Promise<string[]>): TenantJob {
    return { intervalMs, tenants, run: (ctx) => this.run(ctx.tenantId, ctx.signal) };
  }

  /**
   * The `requests` job for one tenant: requests past their time expire; new ones are announced; the
   * decided and expired ones are settled. One query per run over the requests not yet settled.
   */
  async run(
    tenantId: string,
    signal?: AbortSignal,
  ): Promise<{ announced: number; expired: number; settled: number }> {
    const counts = { announced: 0, expired: 0, settled: 0 };
    const ids: string[] = [];
    let continuation: string | undefined;
    do {
      const page = await this.deps.store.queryPage<SeatRequestDocument>(
        tenantId,
        {
          where: 'c.type = @type AND NOT IS_DEFINED(c.settled)',
          parameters: [{ name: '@type', value: 'seatRequest' }],
        },
        { pageSize: SCAN_PAGE, continuation },
      );
      ids.push(...page.items.map((doc) => doc.id));
      continuation = page.continuation;
    } while (continuation);
    const failures: unknown[] = [];
    for (const id of ids) {
      if (signal?.aborted) break;
      // One request that cannot be handled (its app left the catalog…) holds up none of the others.
      await this.follow(tenantId, id, counts).catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) {
      throw new AggregateError(failures, `requests job: ${failures.length} of ${ids.length} requests failed`);
    }
    return counts;
  }

  /** What one request not yet settled needs now: expiry, announcement, settlement. */
  private async follow(
    tenantId: string,
    id: string,
    counts: { announced: number; expired: number; settled: number },
  ): Promise<void> {
    let stored = await this.deps.store.read<SeatRequestDocument>(tenantId, id);
    if (!stored) return;
    if (stored.doc.status === 'pending' && Date.parse(stored.doc.expiresAt) <= this.now().getTime()) {
      const expired = await this.deps.store.replace(
        { ...stored.doc, status: 'expired' as const, decision: { at: this.now().toISOString() } },
        { ifMatch: stored.etag },
      );
      // Decided meanwhile: the next run settles it.
      if (!expired.ok) return;
      stored = expired;
      counts.expired++;
    }
    const { doc } = stored;
    if (isOpen(doc.status) && !doc.announced) {
      const { seatsAvailable } = await this.deps.ledger.details(tenantId, doc.appId, 0, 1);
      await this.deps.followUps?.announce(tenantId, toRequest(doc), seatsAvailable);
      await this.mark(tenantId, id, { announced: true });
      counts.announced++;
    }
    if (!isOpen(doc.status)) {
      if (doc.status === 'denied') await this.logDenial(doc);
      await this.deps.followUps?.settle(tenantId, toRequest(doc));
      await this.mark(tenantId, id, { settled: true });
      counts.settled++;
    }
  }

  private read(tenantId: string, requestId: string): Promise<Stored<SeatRequestDocument> | undefined> {
    return this.deps.store.read<SeatRequestDocument>(tenantId, requestDocId(requestId));
  }

  /**
   * Writes the admin's decision (or approval claim) with IfMatch while the request is open. Another
   * admin's approval under way is waited for a moment; a decided request is answered as it stands.
   */
  private async claim(
    admin: Actor,
    requestId: string,
    decide: (doc: SeatRequestDocument) => SeatRequestDocument,
  ): Promise<
    { kind: 'claimed'; stored: Stored<SeatRequestDocument> } | { kind: 'decided'; request: SeatRequest }
  > {
    const waitUntil = Date.now() + CLAIM_WAIT_MS;
    for (;;) {
      const stored = await this.read(admin.tenantId, requestId);
      if (!stored) throw new LicenseError('RequestNotFound');
      const { doc } = stored;
      const claimed =
        doc.status === 'approving' &&
        this.now().getTime() - Date.parse(doc.approving?.at ?? '') < CLAIM_STALE_MS;
      if (claimed && Date.now() < waitUntil) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      if (claimed || !isOpen(doc.status)) return { kind: 'decided', request: toRequest(doc) };
      const written = await this.deps.store.replace(decide(doc), { ifMatch: stored.etag });
      if (written.ok) return { kind: 'claimed', stored: written };
    }
  }

  private async mark(tenantId: string, id: string, flags: { announced?: true; settled?: true }) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.deps.store.read<SeatRequestDocument>(tenantId, id);
      if (!stored) return;
      const written = await this.deps.store.replace({ ...stored.doc, ...flags }, { ifMatch: stored.etag });
      if (written.ok) return;
    }
  }

  /** Appends the denial to the app's log (once per request; the last DENIALS_KEPT kept). */
  private async logDenial(doc: SeatRequestDocument): Promise<void> {
    const { store } = this.deps;
    const denial: RequestDenial = {
      requestId: doc.requestId,
      requesterName: doc.requester.name,
      adminName: doc.decision?.by?.name ?? '',
      at: doc.decision?.at ?? this.now().toISOString(),
      ...(doc.decision?.message ? { message: doc.decision.message } : {}),
    };
    for (let attempt = 0; attempt < 5; attempt++) {
      const log = await store.read<RequestLogDocument>(doc.tenantId, logId(doc.appId));
      if (log?.doc.denials.some((entry) => entry.requestId === doc.requestId)) return;
      const next: RequestLogDocument = {
        id: logId(doc.appId),
        tenantId: doc.tenantId,
        type: 'requestLog',
        appId: doc.appId,
        denials: [...(log?.doc.denials ?? []), denial].slice(-DENIALS_KEPT),
      };
      const written = log ? await store.replace(next, { ifMatch: log.etag }) : await store.create(next);
      if (written.ok) return;
    }
  }
}

function person(actor: Actor): RequestPerson {
  return { userId: actor.userId, name: actor.name, ...(actor.locale ? { locale: actor.locale } : {}) };
}

function withoutClaim(doc: SeatRequestDocument): SeatRequestDocument {
  const { approving: _claim, ...rest } = doc;
  return rest;
}

/** The request as the rest of the bot sees it (no storage fields). */
export function toRequest(doc: SeatRequestDocument): SeatRequest {
  const { id: _id, tenantId: _tenant, type: _type, announced: _a, settled: _s, ...request } = doc;
  return request;
}
