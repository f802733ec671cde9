import { randomUUID } from 'node:crypto';
import type { TenantJob } from '../background/scheduler';
import type { Directory } from '../directory/directory';
import type { LicenseLedger } from '../licensing/ledger';
import type { CatalogApp } from '../licensing/model';
import type { SeatWatch } from '../licensing/seatWatch';
import type { Logger } from '../logger';
import type { DocumentStore, Stored } from '../storage/documentStore';
import type { NoticeContent } from './noticeContent';
import type { RecipientKey } from './noticeDocuments';
import { conversationRecipient, userRecipient, type Outbox } from './outbox';
import {
  REFUSAL_QUIET_MS,
  SNOOZE_MS,
  decideCrossings,
  isSnoozed,
  newSeatAlertState,
  seatAlertId,
  thresholdOf,
  type PendingAlert,
  type SeatAlertDocument,
  type SeatAlertKind,
} from './seatAlertState';
import type { TenantNoticeSettings } from './tenantNoticeSettings';

export interface SeatAlertsDeps {
  store: DocumentStore;
  ledger: LicenseLedger;
  directory: Directory;
  settings: TenantNoticeSettings;
  outbox: Outbox;
  logger: Logger;
  now?: () => Date;
}

/** A ledger head as far as the alerts read it (bot/licensing/ledgerDocuments.ts). */
interface LedgerHead {
  id: string;
  tenantId: string;
  auditSeq: number;
  recentAudit: { seq: number; seatsAfter: number }[];
}

/** Audit entries read back per app and run at most (a longer gap is judged on the newest ones). */
const LOOKBACK = 50;

/**
 * Seat alerts to the tenant's alert channel, or to the personal chats of its admins who used the
 * bot, through the outbox: available seats fell to the app's threshold, an assignment was refused
 * for lack of seats, the app is over-assigned.
 *
 * Crossings are DERIVED IN THE `alerts` JOB FROM THE AUDIT TRAIL, not told by the turn: each run walks
 * the seats-after of every audit entry since the last one looked at (`seenSeq`), so a commit whose
 * process died right after it is still alerted by the next run, here or on another instance. An alert
 * decided is first recorded in the app's state document with IfMatch (with its outbox id), then handed
 * to the outbox under that id, then cleared: a crash in between hands it over again, and the outbox
 * writes an id it already holds only once. A refusal is not a commit: it is alerted when it happens.
 */
export class SeatAlerts implements SeatWatch {
  private readonly now: () => Date;
  /** Set by the app once the scheduler runs the job: look at this tenant's seats soon. */
  private kick: (tenantId: string) => void = () => undefined;

  constructor(private readonly deps: SeatAlertsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  onChanged(kick: (tenantId: string) => void): void {
    this.kick = kick;
  }

  job(intervalMs: number, tenants: () => Promise<string[]>): TenantJob {
    return { intervalMs, tenants, run: (ctx) => this.check(ctx.tenantId) };
  }

  changed(tenantId: string, _appId: string): void {
    // The job looks at every app of the tenant: one run for any number of changes.
    this.kick(tenantId);
  }

  /**
   * The enqueue point for vendor-side changes (the licensing API's subscription updates, when they
   * come, call it in-process): the alerts a new seat count causes (an app now over-assigned or low)
   * are decided and handed to the outbox at once. The catalog tool (`npm run catalog`, another process)
   * needs no call: every run of the alerts job compares each app's holders with the catalog it reads,
   * so a cut is alerted within NOTICE_INTERVAL_SECONDS.
   */
  vendorChanged(tenantId: string): Promise<number> {
    return this.check(tenantId);
  }

  /** The admin who was refused saw it already: the alert goes to the channel or the other admins. */
  async refused(
    tenantId: string,
    actorId: string,
    app: CatalogApp,
    seats: { needed: number; available: number; purchased: number; assigned: number },
  ): Promise<void> {
    try {
      const now = this.now();
      const claimed = await this.update(tenantId, app.appId, (state) => {
        const last = state.refusedAt ? Date.parse(state.refusedAt) : 0;
        if (isSnoozed(state, 'refused', now) || now.getTime() - last < REFUSAL_QUIET_MS) return undefined;
        const numbers = { ...seats, threshold: thresholdOf(state, seats.purchased) };
        return withPending({ ...state, refusedAt: now.toISOString() }, [
          { alert: 'refused', numbers, except: actorId.toLowerCase() },
        ]);
      });
      if (claimed) await this.handOver(app, claimed);
    } catch (error) {
      // The admin is told of the refusal whatever happens here.
      this.deps.logger.warn({ err: error, tenantId, appId: app.appId }, 'refusal alert not recorded');
    }
  }

  /** Looks at every app's seats since the last run; returns how many alerts went to the outbox. */
  async check(tenantId: string): Promise<number> {
    const { store, ledger } = this.deps;
    const catalog = await ledger.getCatalog(tenantId);
    const [heads, states] = await Promise.all([
      store.readMany<LedgerHead>(
        tenantId,
        catalog.map((app) => `ledger:${app.appId}`),
      ),
      store.readMany<SeatAlertDocument>(
        tenantId,
        catalog.map((app) => seatAlertId(app.appId)),
      ),
    ]);
    let alerted = 0;
    for (const app of catalog) {
      const head = heads.get(`ledger:${app.appId}`)?.doc;
      const known = states.get(seatAlertId(app.appId));
      const counts = await this.countsSince(tenantId, app.appId, head, known?.doc.seenSeq ?? 0);
      const decided = await this.update(
        tenantId,
        app.appId,
        (state) => {
          const { state: next, alerts } = decideCrossings(state, app.seatsPurchased, counts, this.now());
          const seen = { ...next, seenSeq: Math.max(state.seenSeq, head?.auditSeq ?? 0) };
          if (alerts.length === 0 && sameState(state, seen)) return undefined;
          return withPending(seen, alerts);
        },
        known,
      );
      const current = decided ?? known;
      if (current && current.doc.pending.length > 0) alerted += await this.handOver(app, current);
    }
    return alerted;
  }

  /** `alert me when <app> has N seats left`: the app's threshold, re-armed so the next look judges it anew. */
  async setThreshold(tenantId: string, appId: string, threshold: number): Promise<void> {
    await this.update(tenantId, appId, (state) => ({ ...state, threshold, low: 'armed' }));
    this.kick(tenantId);
  }

  /** Suppresses the app's alerts of this kind for 7 days; returns until when. */
  async snooze(tenantId: string, appId: string, alert: SeatAlertKind): Promise<Date> {
    const until = new Date(this.now().getTime() + SNOOZE_MS);
    await this.update(tenantId, appId, (state) => ({
      ...state,
      snoozedUntil: { ...state.snoozedUntil, [alert]: until.toISOString() },
    }));
    return until;
  }

  /** The alert channel, else the personal chats of the admins who used the bot and still are admins. */
  async recipients(tenantId: string): Promise<RecipientKey[]> {
    const settings = await this.deps.settings.get(tenantId);
    if (settings.alertConversationId) return [conversationRecipient(settings.alertConversationId)];
    const roles = await Promise.all(
      settings.admins.map((id) => this.deps.directory.adminRoles(tenantId, id).catch(() => [])),
    );
    return settings.admins.filter((_id, i) => roles[i].length > 0).map(userRecipient);
  }

  /** The seats-after of the app's audit entries newer than `seenSeq`, oldest first, then the count now. */
  private async countsSince(
    tenantId: string,
    appId: string,
    head: LedgerHead | undefined,
    seenSeq: number,
  ): Promise<number[]> {
    if (!head || head.recentAudit.length === 0) return [0];
    const newest = head.recentAudit.reduce((a, b) => (b.seq > a.seq ? b : a));
    const missed = head.auditSeq - seenSeq;
    if (missed <= 0) return [newest.seatsAfter];
    const inRing = head.recentAudit.filter((entry) => entry.seq > seenSeq);
    const entries =
      inRing.length >= Math.min(missed, LOOKBACK)
        ? inRing
        : (await this.deps.ledger.history(tenantId, appId, Math.min(missed, LOOKBACK))).filter(
            (entry) => entry.seq > seenSeq,
          );
    return [...entries].sort((a, b) => a.seq - b.seq).map((entry) => entry.seatsAfter);
  }

  /** Hands the state's pending alerts to the outbox under their ids, then clears them. */
  private async handOver(app: CatalogApp, stored: Stored<SeatAlertDocument>): Promise<number> {
    const { doc } = stored;
    const everyone = await this.recipients(doc.tenantId);
    let handedOver = 0;
    for (const pending of doc.pending) {
      const recipients = pending.except
        ? everyone.filter((recipient) => recipient !== userRecipient(pending.except!))
        : everyone;
      if (recipients.length === 0) {
        this.deps.logger.info({ tenantId: doc.tenantId, appId: app.appId }, 'seat alert: nobody to tell yet');
        continue;
      }
      const content: NoticeContent = {
        kind: 'seatAlert',
        alert: pending.alert,
        appId: app.appId,
        appName: app.name,
        numbers: pending.numbers,
      };
      await this.deps.outbox.enqueue(doc.tenantId, { content, recipients }, { noticeId: pending.noticeId });
      handedOver++;
    }
    const handed = new Set(doc.pending.map((pending) => pending.noticeId));
    await this.update(doc.tenantId, app.appId, (state) => ({
      ...state,
      pending: state.pending.filter((pending) => !handed.has(pending.noticeId)),
    }));
    return handedOver;
  }

  /** Read, change, write with IfMatch (create when absent), again on a concurrent change; undefined: no change. */
  private async update(
    tenantId: string,
    appId: string,
    change: (state: SeatAlertDocument) => SeatAlertDocument | undefined,
    known?: Stored<SeatAlertDocument>,
  ): Promise<Stored<SeatAlertDocument> | undefined> {
    let current = known;
    let fresh = !known;
    for (;;) {
      if (fresh) current = await this.deps.store.read<SeatAlertDocument>(tenantId, seatAlertId(appId));
      fresh = true;
      const next = change(current?.doc ?? newSeatAlertState(tenantId, appId));
      if (!next) return undefined;
      const written = current
        ? await this.deps.store.replace(next, { ifMatch: current.etag })
        : await this.deps.store.create(next);
      if (written.ok) return { doc: written.doc, etag: written.etag };
    }
  }
}

function withPending(state: SeatAlertDocument, alerts: Omit<PendingAlert, 'noticeId'>[]): SeatAlertDocument {
  // The id is chosen now and kept with the alert, so handing it over again names the same batch.
  const pending = alerts.map((alert) => ({ ...alert, noticeId: randomUUID() }));
  return { ...state, pending: [...state.pending, ...pending] };
}

function sameState(a: SeatAlertDocument, b: SeatAlertDocument): boolean {
  return a.low === b.low && a.over === b.over && a.seenSeq === b.seenSeq;
}
