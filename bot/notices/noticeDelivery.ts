import type { TenantJob } from '../background/scheduler';
import { languageOf } from '../i18n';
import type { Logger } from '../logger';
import type { DocumentStore, Stored } from '../storage/documentStore';
import type { AppInstaller } from '../directory/appInstaller';
import type { ConversationReferences } from './conversationReferences';
import type { Delivery, Messenger, OutgoingActivity, StoredReference } from './messenger';
import type { NoticeProgress, NoticeRenderer } from './noticeContent';
import {
  noticeBatchId,
  noticeCardId,
  noticePageId,
  type NoticeBatchDocument,
  type NoticeCardDocument,
  type NoticePageDocument,
  type RecipientEntry,
} from './noticeDocuments';
import { progressOf } from './outbox';
import { Pacer } from './pacing';

/** Re-renders the admin's result card with the delivery's progress (the conversation's views). */
export interface ProgressCards {
  render(card: unknown, progress: NoticeProgress): OutgoingActivity;
}

export interface NoticeDeliveryDeps {
  store: DocumentStore;
  references: ConversationReferences;
  messenger: Messenger;
  renderer: NoticeRenderer;
  progressCards: ProgressCards;
  logger: Logger;
  /** Messages per second over all conversations (NOTICE_RATE_PER_SECOND). */
  ratePerSecond: number;
  /** `notices off` for the tenant (tenantNoticeSettings.ts): people are not told; seat alerts still go. */
  peopleNoticesOff?: (tenantId: string) => Promise<boolean>;
  /** Set when the bot may install itself for a person first (NOTICE_INSTALL_APP). */
  installer?: AppInstaller;
  /** Tries of one recipient through 429/5xx before giving up on them. */
  maxAttempts?: number;
  /** How often the admin's card is updated while a batch is delivered (default 1 s). */
  cardUpdateMs?: number;
  /** After this long a batch whose commit is not in the audit trail is dead (the ledger never commits later). */
  commitGraceMs: number;
  now?: () => Date;
}

type Landed = 'landed' | 'never' | 'unknown';

/** A batch being delivered in this run. */
interface LiveBatch {
  batch: Stored<NoticeBatchDocument>;
  card?: Stored<NoticeCardDocument>;
  shownAt: number;
  finished?: boolean;
}

/** A ledger head as far as the landing check reads it (bot/licensing/ledgerDocuments.ts). */
interface LedgerHead {
  id: string;
  tenantId: string;
  auditSeq: number;
  recentAudit: { seq: number; opId: string }[];
}

/**
 * Delivers the outbox (outbox.ts) as the `notices` tenant job: one instance at a time per tenant
 * (the scheduler's claim), kicked right after an enqueue on this instance (Scheduler.runSoon) and run
 * at an interval for what a dead instance left. Per recipient, `s` (sending) is written with IfMatch
 * before the message goes out and the outcome after, in slices of at most one second of sends: a
 * recipient is sent at most once whatever the crashes. The window: a crash (or a lost claim) between
 * writing `s` and writing the outcome leaves that slice's recipients in `s`; they are not sent again
 * (they may or may not have received it) and are counted neither told nor unreachable.
 */
export class NoticeDelivery {
  private readonly pacer: Pacer;
  private readonly now: () => Date;
  private readonly maxAttempts: number;
  private readonly sliceSize: number;

  constructor(private readonly deps: NoticeDeliveryDeps) {
    this.pacer = new Pacer(deps.ratePerSecond);
    this.now = deps.now ?? (() => new Date());
    this.maxAttempts = deps.maxAttempts ?? 8;
    this.sliceSize = Math.max(1, Math.ceil(deps.ratePerSecond));
  }

  job(intervalMs: number, tenants: () => Promise<string[]>): TenantJob {
    return { intervalMs, tenants, run: (ctx) => this.run(ctx.tenantId, ctx.signal) };
  }

  /**
   * Delivers every open batch of the tenant, in passes over all of them (a recipient the service
   * asked to wait for never holds up the others), and brings the admins' cards of finished ones up to date.
   */
  async run(tenantId: string, signal: AbortSignal): Promise<{ batches: number; sent: number }> {
    let live: LiveBatch[] = [];
    let batches = 0;
    let sent = 0;
    do {
      // Batches enqueued meanwhile (here or elsewhere) join the next pass.
      for (const stored of await this.open<NoticeBatchDocument>(tenantId, 'noticeBatch')) {
        if (live.some((state) => state.batch.doc.id === stored.doc.id)) continue;
        const batch = await this.makeLive(stored);
        if (!batch || (await this.endedByNoticesOff(batch))) continue;
        live.push({ batch, shownAt: 0 });
        batches++;
      }
      let nextDue = Infinity;
      for (const state of live) {
        if (signal.aborted) break;
        const pass = await this.pass(state, signal);
        sent += pass.sent;
        if (pass.nextDue === undefined) await this.finish(state);
        else nextDue = Math.min(nextDue, pass.nextDue);
      }
      live = live.filter((state) => !state.finished);
      if (live.length > 0) await sleepUnless(nextDue - this.now().getTime(), signal);
    } while (live.length > 0 && !signal.aborted);
    for (const card of await this.open<NoticeCardDocument>(tenantId, 'noticeCard')) {
      if (signal.aborted) break;
      const batch = await this.deps.store.read<NoticeBatchDocument>(
        tenantId,
        noticeBatchId(card.doc.noticeId),
      );
      if (batch && progressOf(batch.doc).done) await this.showProgress(batch.doc, card, true);
    }
    return { batches, sent };
  }

  private async open<T extends NoticeBatchDocument | NoticeCardDocument>(
    tenantId: string,
    type: T['type'],
  ): Promise<Stored<T>[]> {
    // Background work only: a query per run, never on a turn.
    const where =
      type === 'noticeBatch'
        ? "c.type = @type AND (c.state = 'pending' OR c.state = 'live')"
        : 'c.type = @type AND NOT IS_DEFINED(c.final)';
    const ids: string[] = [];
    let continuation: string | undefined;
    do {
      const page = await this.deps.store.queryPage<T>(
        tenantId,
        { where, parameters: [{ name: '@type', value: type }] },
        { pageSize: 100, continuation },
      );
      ids.push(...page.items.map((doc) => doc.id));
      continuation = page.continuation;
    } while (continuation);
    // Read again by id, for their etags (every change below is conditional).
    const fresh = await this.deps.store.readMany<T>(tenantId, ids);
    return [...fresh.values()];
  }

  /** Notices to people are off for the tenant: the batch ends unsent (the setting when sending wins). */
  private async endedByNoticesOff(batch: Stored<NoticeBatchDocument>): Promise<boolean> {
    if (batch.doc.content.kind === 'seatAlert') return false;
    if (!(await this.deps.peopleNoticesOff?.(batch.doc.tenantId))) return false;
    const ended = await this.deps.store.replace(
      { ...batch.doc, state: 'done' as const },
      { ifMatch: batch.etag },
    );
    if (ended.ok) await this.deletePages(ended.doc);
    return true;
  }

  /** A pending batch becomes live once its commit landed (dead if it never will); undefined when not live. */
  private async makeLive(
    stored: Stored<NoticeBatchDocument>,
  ): Promise<Stored<NoticeBatchDocument> | undefined> {
    if (stored.doc.state === 'live') return stored;
    const landed = await this.landed(stored.doc);
    if (landed === 'unknown') return undefined;
    const written = await this.deps.store.replace(
      { ...stored.doc, state: landed === 'landed' ? ('live' as const) : ('dead' as const) },
      { ifMatch: stored.etag },
    );
    if (!written.ok) return undefined;
    if (landed === 'landed') return written;
    await this.deletePages(written.doc);
    return undefined;
  }

  /** One pass over a batch's pages: every recipient due now. When the next is due (undefined: none left). */
  private async pass(state: LiveBatch, signal: AbortSignal): Promise<{ sent: number; nextDue?: number }> {
    const { store } = this.deps;
    state.card ??=
      (await store.read<NoticeCardDocument>(
        state.batch.doc.tenantId,
        noticeCardId(state.batch.doc.noticeId),
      )) ?? undefined;
    let sent = 0;
    let nextDue: number | undefined;
    for (let n = 0; n < state.batch.doc.pages && !signal.aborted; n++) {
      const page = await this.deliverPage(state.batch.doc, n, signal, async (delivered, unreachable) => {
        state.batch = await this.count(state.batch, delivered, unreachable);
        if (state.card && Date.now() - state.shownAt >= (this.deps.cardUpdateMs ?? 1000)) {
          state.shownAt = Date.now();
          await this.showProgress(state.batch.doc, state.card, false);
        }
      });
      sent += page.sent;
      if (page.nextDue !== undefined) nextDue = Math.min(nextDue ?? Infinity, page.nextDue);
    }
    return { sent, nextDue: signal.aborted ? (nextDue ?? 0) : nextDue };
  }

  private async finish(state: LiveBatch): Promise<void> {
    const { store, logger } = this.deps;
    state.finished = true;
    const done = await store.replace(
      { ...state.batch.doc, state: 'done' as const },
      { ifMatch: state.batch.etag },
    );
    if (!done.ok) return;
    await this.deletePages(done.doc);
    const card = await store.read<NoticeCardDocument>(done.doc.tenantId, noticeCardId(done.doc.noticeId));
    if (card) await this.showProgress(done.doc, card, true);
    logger.info(
      {
        tenantId: done.doc.tenantId,
        noticeId: done.doc.noticeId,
        kind: done.doc.content.kind,
        recipients: done.doc.recipients,
        delivered: done.doc.delivered,
        unreachable: done.doc.unreachable,
      },
      'notices delivered',
    );
  }

  /** Whether the ledger commit a pending batch follows landed: its opId at its seq in the audit trail. */
  private async landed(batch: NoticeBatchDocument): Promise<Landed> {
    const { follows } = batch;
    if (!follows) return 'landed';
    const head = await this.deps.store.read<LedgerHead>(batch.tenantId, `ledger:${follows.appId}`);
    const inRing = head?.doc.recentAudit.find((record) => record.seq === follows.seq);
    if (inRing) return inRing.opId === follows.opId ? 'landed' : 'never';
    if (head && head.doc.auditSeq >= follows.seq) {
      const archived = await this.deps.store.read<{ id: string; tenantId: string; opId?: string }>(
        batch.tenantId,
        `audit:${follows.appId}:${follows.seq}`,
      );
      return archived?.doc.opId === follows.opId ? 'landed' : 'never';
    }
    const age = this.now().getTime() - Date.parse(batch.createdAt);
    return age > this.deps.commitGraceMs ? 'never' : 'unknown';
  }

  /** The recipients of one page who are due now, a slice at a time; when the next one left is due. */
  private async deliverPage(
    batch: NoticeBatchDocument,
    n: number,
    signal: AbortSignal,
    progressed: (delivered: number, unreachable: number) => Promise<void>,
  ): Promise<{ sent: number; nextDue?: number }> {
    const { store } = this.deps;
    let page = await store.read<NoticePageDocument>(batch.tenantId, noticePageId(batch.noticeId, n));
    let sent = 0;
    while (page && !signal.aborted) {
      const now = this.now().getTime();
      const pending = page.doc.entries.filter((entry) => entry.s === 'p');
      if (pending.length === 0) return { sent };
      const due = pending.filter((entry) => (entry.n ?? 0) <= now).slice(0, this.sliceSize);
      if (due.length === 0) return { sent, nextDue: Math.min(...pending.map((entry) => entry.n ?? now)) };
      // Claim the slice: after this write these recipients are never sent to again by anyone.
      const claimed = new Set(due.map((entry) => entry.r));
      const marked = await store.replace(
        {
          ...page.doc,
          entries: page.doc.entries.map((e) => (claimed.has(e.r) ? { ...e, s: 's' as const } : e)),
        },
        { ifMatch: page.etag },
      );
      if (!marked.ok) return { sent, nextDue: now };
      // Concurrently, each at its paced slot: one slow or failing recipient does not hold up the slice.
      const results = await Promise.all(
        due.map(async (entry) => [entry, await this.deliverOne(batch, entry)] as const),
      );
      const outcomes = new Map<string, RecipientEntry>();
      let delivered = 0;
      let unreachable = 0;
      for (const [entry, outcome] of results) {
        sent += outcome.kind === 'delivered' ? 1 : 0;
        const next = this.nextState(entry, outcome);
        if (next.s === 'd') delivered++;
        if (next.s === 'x') unreachable++;
        outcomes.set(entry.r, next);
      }
      const written = await store.replace(
        { ...marked.doc, entries: marked.doc.entries.map((e) => outcomes.get(e.r) ?? e) },
        { ifMatch: marked.etag },
      );
      if (!written.ok) return { sent, nextDue: now };
      page = written;
      await progressed(delivered, unreachable);
    }
    // A page gone (the batch finished elsewhere) has nobody left; a stopped run leaves the rest for later.
    return signal.aborted ? { sent, nextDue: this.now().getTime() } : { sent };
  }

  private nextState(entry: RecipientEntry, outcome: Delivery): RecipientEntry {
    switch (outcome.kind) {
      case 'delivered':
        return { r: entry.r, s: 'd' };
      case 'unreachable':
        return { r: entry.r, s: 'x' };
      case 'failed':
        return { r: entry.r, s: 'f' };
      case 'retryAfter': {
        const attempts = (entry.a ?? 0) + 1;
        if (attempts >= this.maxAttempts) return { r: entry.r, s: 'f', a: attempts };
        return { r: entry.r, s: 'p', a: attempts, n: this.now().getTime() + outcome.ms };
      }
    }
  }

  /** Finds (or opens) the recipient's conversation and sends the notice in their language. */
  private async deliverOne(batch: NoticeBatchDocument, entry: RecipientEntry): Promise<Delivery> {
    const { references, messenger, renderer, logger } = this.deps;
    const tenantId = batch.tenantId;
    const id = entry.r.slice(2);
    let reference: StoredReference | undefined;
    if (entry.r.startsWith('c:')) {
      reference = await references.conversation(tenantId, id);
    } else {
      reference = (await references.personal(tenantId, id)) ?? (await this.openPersonal(tenantId, id));
    }
    if (!reference) return { kind: 'unreachable', status: 404 };
    const language = languageOf(reference.locale ?? batch.fallbackLocale);
    await this.pacer.slot(reference.conversation.id);
    const outcome = await messenger.send(reference, renderer.render(batch.content, language));
    if (outcome.kind === 'retryAfter') this.pacer.pause(outcome.ms);
    if (outcome.kind === 'unreachable') {
      // A stale or revoked reference: dropped, so the next notice opens a fresh conversation.
      await references.forget(tenantId, reference);
    }
    if (outcome.kind !== 'delivered') {
      logger.warn({ tenantId, noticeId: batch.noticeId, outcome }, 'notice not delivered');
    }
    return outcome;
  }

  /** Someone who never wrote to the bot: install it for them (if allowed), then open a personal chat. */
  private async openPersonal(tenantId: string, aadObjectId: string): Promise<StoredReference | undefined> {
    const { references, messenger, installer, logger } = this.deps;
    const origin = await references.origin(tenantId);
    if (!origin) return undefined;
    if (installer && !(await installer.installFor(tenantId, aadObjectId))) return undefined;
    await this.pacer.slot('createConversation');
    const created = await messenger.createPersonalConversation(origin, { tenantId, aadObjectId });
    if (created.kind !== 'created') {
      logger.info({ tenantId, outcome: created }, 'no personal conversation could be opened');
      if (created.kind === 'retryAfter') this.pacer.pause(created.ms);
      return undefined;
    }
    await references.rememberPersonal(tenantId, aadObjectId, created.reference);
    return created.reference;
  }

  private async count(
    batch: Stored<NoticeBatchDocument>,
    delivered: number,
    unreachable: number,
  ): Promise<Stored<NoticeBatchDocument>> {
    let current = batch;
    for (;;) {
      const written = await this.deps.store.replace(
        {
          ...current.doc,
          delivered: current.doc.delivered + delivered,
          unreachable: current.doc.unreachable + unreachable,
        },
        { ifMatch: current.etag },
      );
      if (written.ok) return written;
      const fresh = await this.deps.store.read<NoticeBatchDocument>(current.doc.tenantId, current.doc.id);
      if (!fresh) return current;
      current = fresh;
    }
  }

  private async showProgress(
    batch: NoticeBatchDocument,
    card: Stored<NoticeCardDocument>,
    final: boolean,
  ): Promise<void> {
    const { messenger, progressCards, store, logger } = this.deps;
    const activity = progressCards.render(card.doc.card, progressOf(batch));
    const outcome = await messenger.update(card.doc.reference, card.doc.activityId, activity);
    if (outcome.kind !== 'delivered')
      logger.warn({ noticeId: batch.noticeId, outcome }, 'progress card not updated');
    if (final) await store.replace({ ...card.doc, final: true }, { ifMatch: card.etag });
  }

  private async deletePages(batch: NoticeBatchDocument): Promise<void> {
    for (let n = 0; n < batch.pages; n++) {
      await this.deps.store.delete(batch.tenantId, noticePageId(batch.noticeId, n));
    }
  }
}

function sleepUnless(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
