import { languageOf } from '../i18n';
import {
  isOpen,
  requestDocId,
  toRequest,
  type RequestFollowUps,
  type SeatRequest,
  type SeatRequestDocument,
} from '../licensing/seatRequests';
import type { Logger } from '../logger';
import type { DocumentStore } from '../storage/documentStore';
import type { Messenger, StoredReference } from './messenger';
import type { NoticeRenderer } from './noticeContent';
import type { NoticeBatchDocument, RecipientKey } from './noticeDocuments';
import { userRecipient, type Outbox } from './outbox';

/**
 * Where each request card was posted (`requestcards:<requestId>`): the alert channel, or each admin's
 * personal chat — at most one copy per recipient of the batch, so small — to replace every copy with
 * the decision.
 */
interface RequestCardsDocument {
  id: string;
  tenantId: string;
  type: 'requestCards';
  requestId: string;
  copies: { reference: StoredReference; activityId: string; locale?: string }[];
}

const cardsId = (requestId: string) => `requestcards:${requestId}`;

export interface RequestNoticesDeps {
  store: DocumentStore;
  outbox: Outbox;
  messenger: Messenger;
  renderer: NoticeRenderer;
  /** Where the request cards go: the alert channel, else the admins' personal chats (as seat alerts). */
  recipients: (tenantId: string) => Promise<RecipientKey[]>;
  /** How long a request stays open, in days (the expiry notice says it). */
  ttlDays: number;
  logger: Logger;
}

/**
 * The notices of seat requests, through the outbox: the request card to the admins, the denial or
 * expiry to the requester (an approval is told by the seat-gained notice of the assignment itself),
 * and every posted copy of the card replaced with the decision.
 */
export class RequestNotices implements RequestFollowUps {
  constructor(private readonly deps: RequestNoticesDeps) {}

  async announce(tenantId: string, request: SeatRequest, seatsLeft: number): Promise<void> {
    const recipients = await this.deps.recipients(tenantId);
    if (recipients.length === 0) {
      // The admins still find it with `requests`.
      this.deps.logger.info({ tenantId, requestId: request.requestId }, 'request card: nobody to tell yet');
      return;
    }
    await this.deps.outbox.enqueue(
      tenantId,
      {
        content: { kind: 'seatRequest', request, seatsLeft },
        recipients,
        ...(request.requester.locale ? { fallbackLocale: request.requester.locale } : {}),
      },
      { noticeId: `request-${request.requestId}` },
    );
  }

  async settle(tenantId: string, request: SeatRequest): Promise<void> {
    const tell = (noticeId: string, content: Parameters<Outbox['enqueue']>[1]['content']) =>
      this.deps.outbox.enqueue(
        tenantId,
        {
          content,
          recipients: [userRecipient(request.requester.userId)],
          ...(request.requester.locale ? { fallbackLocale: request.requester.locale } : {}),
        },
        { noticeId },
      );
    const base = { appId: request.appId, appName: request.appName };
    if (request.status === 'denied') {
      await tell(`denied-${request.requestId}`, {
        kind: 'requestDenied',
        ...base,
        adminName: request.decision?.by?.name ?? '',
        ...(request.decision?.message ? { message: request.decision.message } : {}),
      });
    }
    if (request.status === 'expired') {
      await tell(`expired-${request.requestId}`, {
        kind: 'requestExpired',
        ...base,
        days: this.deps.ttlDays,
      });
    }
    const cards = await this.deps.store.read<RequestCardsDocument>(tenantId, cardsId(request.requestId));
    for (const copy of cards?.doc.copies ?? []) await this.replace(tenantId, request, copy);
  }

  /** A request card went out (NoticeDelivery's `posted`): kept, and replaced at once if decided meanwhile. */
  async posted(batch: NoticeBatchDocument, reference: StoredReference, activityId: string): Promise<void> {
    if (batch.content.kind !== 'seatRequest') return;
    const { store } = this.deps;
    const { tenantId } = batch;
    const { requestId } = batch.content.request;
    const locale = reference.locale ?? batch.fallbackLocale;
    const copy = { reference, activityId, ...(locale ? { locale } : {}) };
    for (let attempt = 0; attempt < 10; attempt++) {
      const stored = await store.read<RequestCardsDocument>(tenantId, cardsId(requestId));
      const copies = [...(stored?.doc.copies ?? []), copy];
      const next: RequestCardsDocument = {
        id: cardsId(requestId),
        tenantId,
        type: 'requestCards',
        requestId,
        copies,
      };
      const written = stored ? await store.replace(next, { ifMatch: stored.etag }) : await store.create(next);
      if (written.ok) break;
    }
    // Decided while the card was on its way: the settlement may have missed this copy.
    const current = await store.read<SeatRequestDocument>(tenantId, requestDocId(requestId));
    if (current && !isOpen(current.doc.status)) await this.replace(tenantId, toRequest(current.doc), copy);
  }

  private async replace(
    tenantId: string,
    request: SeatRequest,
    copy: RequestCardsDocument['copies'][number],
  ): Promise<void> {
    const activity = this.deps.renderer.render({ kind: 'seatRequest', request }, languageOf(copy.locale));
    const outcome = await this.deps.messenger.update(copy.reference, copy.activityId, activity);
    if (outcome.kind !== 'delivered') {
      this.deps.logger.warn({ tenantId, requestId: request.requestId, outcome }, 'request card not replaced');
    }
  }
}
