import type { TenantDocument } from '../storage/documentStore';
import type { Actor, AuditAction, CatalogApp } from './model';

/** A change about to be committed, with the people it moves a seat for. */
export interface NoticeWorthyChange {
  tenantId: string;
  action: AuditAction;
  app: CatalogApp;
  actor: Actor;
  /** The commit's operation id and the audit sequence number this attempt would take. */
  opId: string;
  seq: number;
  /** Users (Entra object ids) who newly hold a seat, or who no longer hold one. */
  gained: readonly string[];
  lost: readonly string[];
}

/**
 * The port through which the ledger hands the notices of a change to the outbox (bot/notices)
 * without knowing it: the documents are written before the commit, like a chunk, and are live only
 * if that commit lands (the outbox checks the audit trail for `opId` at `seq`).
 */
export interface ChangeNotices {
  /** The documents that carry the change's notices (none when nobody is to be told), and their id. */
  documentsFor(change: NoticeWorthyChange): { noticeId?: string; documents: TenantDocument[] };
  /** The commit landed (on this instance): deliver soon, without waiting for the next interval. */
  committed(tenantId: string, noticeId: string): void;
}
