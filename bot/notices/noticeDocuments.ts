import type { NoticeContent } from './noticeContent';
import type { StoredReference } from './messenger';

/**
 * The outbox's documents, in the tenant's partition. A batch is one notice to many recipients: a
 * small head (`notice:<id>`) and its recipients in pages (`noticepage:<id>:<n>`, at most
 * PAGE_SIZE each), so a 50,000-member group is 250 small documents, never one that grows.
 */

export const PAGE_SIZE = 200;

/**
 * A recipient: `u:<Entra object id>` (the person's personal chat, created if needed) or
 * `c:<conversation id>` (a conversation whose reference is stored: an alert channel, a group chat).
 */
export type RecipientKey = `u:${string}` | `c:${string}`;

/**
 * Per-recipient progress. `s` (sending) is written, with IfMatch, before the message goes out and
 * replaced by the outcome after: a recipient found in `s` by a later run is never sent again.
 */
export type RecipientState = 'p' | 's' | 'd' | 'x' | 'f';

export interface RecipientEntry {
  r: RecipientKey;
  s: RecipientState;
  /** Attempts so far (429/5xx). */
  a?: number;
  /** Not before this time (epoch ms): the service asked to wait. */
  n?: number;
}

export type BatchState =
  /** Written before a ledger commit: live only if the commit with `follows.opId` landed. */
  | 'pending'
  | 'live'
  | 'done'
  /** Its commit never landed: nothing to send. */
  | 'dead';

export interface NoticeBatchDocument {
  id: string;
  tenantId: string;
  type: 'noticeBatch';
  noticeId: string;
  state: BatchState;
  follows?: { appId: string; opId: string; seq: number };
  content: NoticeContent;
  /** Locale for recipients whose reference has none (the admin's). */
  fallbackLocale?: string;
  pages: number;
  recipients: number;
  delivered: number;
  unreachable: number;
  createdAt: string;
}

export interface NoticePageDocument {
  id: string;
  tenantId: string;
  type: 'noticePage';
  noticeId: string;
  entries: RecipientEntry[];
}

/** The admin's card that shows this batch's progress (written by the conversation after its reply). */
export interface NoticeCardDocument {
  id: string;
  tenantId: string;
  type: 'noticeCard';
  noticeId: string;
  reference: StoredReference;
  activityId: string;
  /** What the card is re-rendered from (opaque here: the conversation's card data). */
  card: unknown;
  /** Set once the card shows the finished delivery. */
  final?: true;
}

export const noticeBatchId = (noticeId: string) => `notice:${noticeId}`;
export const noticePageId = (noticeId: string, page: number) => `noticepage:${noticeId}:${page}`;
export const noticeCardId = (noticeId: string) => `noticecard:${noticeId}`;
