/**
 * The outbox: notices that follow from committed changes, delivered in the background by the
 * `notices` job (noticeDelivery.ts) on the scheduler, never lost and sent at most once per recipient.
 *
 * HOW TO ENQUEUE A NOTICE (an alert is just another notice):
 *   1. Add its kind to `NoticeContent` (noticeContent.ts) and a case to the renderer the app hands
 *      the job (bot/conversation/views/noticeViews.ts), in English and French.
 *   2. Address it to conversations (an alert channel: `c:<conversation id>`, whose reference
 *      ConversationReferences stores) and/or users (`u:<Entra object id>`: their personal chat,
 *      opened if needed), e.g. the admins' personal chats:
 *        await outbox.enqueue(tenantId, {
 *          content: { kind: 'seatAlert', ... },
 *          recipients: [conversationRecipient(channelId)] or adminIds.map(userRecipient),
 *          fallbackLocale: 'fr-FR',
 *        });
 *      `enqueue` writes the batch live and asks this instance's scheduler to deliver it soon; if the
 *      process dies first, the job's next run (here or on another instance) delivers it.
 *   3. A notice that must exist only if a ledger commit lands is written before the commit instead:
 *      that is what `documentsFor` (the licensing core's ChangeNotices port) does for seats gained
 *      and lost; the job makes the batch live once it finds the commit's opId in the audit trail.
 */
import { randomUUID } from 'node:crypto';
import type { ChangeNotices, NoticeWorthyChange } from '../licensing/changeNotices';
import type { DocumentStore, TenantDocument } from '../storage/documentStore';
import type { NoticeContent, NoticeProgress } from './noticeContent';
import {
  PAGE_SIZE,
  noticeBatchId,
  noticeCardId,
  noticePageId,
  type NoticeBatchDocument,
  type NoticeCardDocument,
  type NoticePageDocument,
  type RecipientKey,
} from './noticeDocuments';
import type { StoredReference } from './messenger';

export const userRecipient = (aadObjectId: string): RecipientKey => `u:${aadObjectId.toLowerCase()}`;
export const conversationRecipient = (conversationId: string): RecipientKey => `c:${conversationId}`;

export interface NoticeRequest {
  content: NoticeContent;
  recipients: readonly RecipientKey[];
  /** Locale for recipients whose stored reference has none. */
  fallbackLocale?: string;
}

export interface OutboxDeps {
  store: DocumentStore;
  now?: () => Date;
  pageSize?: number;
}

export class Outbox implements ChangeNotices {
  private readonly now: () => Date;
  private readonly pageSize: number;
  /** Set by the app once the scheduler runs the delivery job: deliver this tenant's notices soon. */
  private kick: (tenantId: string) => void = () => undefined;

  constructor(private readonly deps: OutboxDeps) {
    this.now = deps.now ?? (() => new Date());
    this.pageSize = deps.pageSize ?? PAGE_SIZE;
  }

  onEnqueued(kick: (tenantId: string) => void): void {
    this.kick = kick;
  }

  /** A notice not tied to a ledger commit: written live (pages first, then the head), then delivered soon. */
  async enqueue(
    tenantId: string,
    request: NoticeRequest,
    options: { noticeId?: string } = {},
  ): Promise<string> {
    const noticeId = options.noticeId ?? randomUUID();
    const [head, ...pages] = this.layOut(tenantId, noticeId, request, 'live');
    if (!head) return noticeId;
    // A caller-chosen id (a seat alert handed over again after a crash): written once, never reset.
    if (options.noticeId && (await this.deps.store.read(tenantId, head.id))) return noticeId;
    await this.deps.store.upsertMany(tenantId, pages);
    await this.deps.store.upsert(head);
    this.kick(tenantId);
    return noticeId;
  }

  documentsFor(change: NoticeWorthyChange): { noticeId?: string; documents: TenantDocument[] } {
    const people = change.action === 'assign' ? change.gained : change.lost;
    if (people.length === 0) return { documents: [] };
    const content: NoticeContent =
      change.action === 'assign'
        ? {
            kind: 'seatGained',
            appId: change.app.appId,
            appName: change.app.name,
            installUrl: change.app.installUrl,
            adminName: change.actor.name,
          }
        : {
            kind: 'seatLost',
            appId: change.app.appId,
            appName: change.app.name,
            adminName: change.actor.name,
          };
    // The operation id names the batch: every attempt of one change rewrites the same documents.
    const documents = this.layOut(
      change.tenantId,
      change.opId,
      { content, recipients: people.map(userRecipient), fallbackLocale: change.actor.locale },
      'pending',
      { appId: change.app.appId, opId: change.opId, seq: change.seq },
    );
    return { noticeId: change.opId, documents };
  }

  committed(tenantId: string): void {
    this.kick(tenantId);
  }

  /** Remembers the admin's card that shows this batch's progress, so the job can update it. */
  async followCard(
    tenantId: string,
    noticeId: string,
    card: { reference: StoredReference; activityId: string; data: unknown },
  ): Promise<void> {
    const doc: NoticeCardDocument = {
      id: noticeCardId(noticeId),
      tenantId,
      type: 'noticeCard',
      noticeId,
      reference: card.reference,
      activityId: card.activityId,
      card: card.data,
    };
    await this.deps.store.upsert(doc);
    this.kick(tenantId);
  }

  async progress(tenantId: string, noticeId: string): Promise<NoticeProgress | undefined> {
    const stored = await this.deps.store.read<NoticeBatchDocument>(tenantId, noticeBatchId(noticeId));
    return stored && progressOf(stored.doc);
  }

  /** The head first, then the pages. */
  private layOut(
    tenantId: string,
    noticeId: string,
    request: NoticeRequest,
    state: 'pending' | 'live',
    follows?: NoticeBatchDocument['follows'],
  ): [NoticeBatchDocument, ...NoticePageDocument[]] | [] {
    const recipients = [...new Set(request.recipients)];
    if (recipients.length === 0) return [];
    const pages: NoticePageDocument[] = [];
    for (let i = 0; i < recipients.length; i += this.pageSize) {
      pages.push({
        id: noticePageId(noticeId, pages.length),
        tenantId,
        type: 'noticePage',
        noticeId,
        entries: recipients.slice(i, i + this.pageSize).map((r) => ({ r, s: 'p' })),
      });
    }
    const head: NoticeBatchDocument = {
      id: noticeBatchId(noticeId),
      tenantId,
      type: 'noticeBatch',
      noticeId,
      state,
      ...(follows ? { follows } : {}),
      content: request.content,
      ...(request.fallbackLocale ? { fallbackLocale: request.fallbackLocale } : {}),
      pages: pages.length,
      recipients: recipients.length,
      delivered: 0,
      unreachable: 0,
      createdAt: this.now().toISOString(),
    };
    return [head, ...pages];
  }
}

export function progressOf(batch: NoticeBatchDocument): NoticeProgress {
  return {
    recipients: batch.recipients,
    delivered: batch.delivered,
    unreachable: batch.unreachable,
    done: batch.state === 'done' || batch.state === 'dead',
  };
}
