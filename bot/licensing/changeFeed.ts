import {
  auditDocId,
  ledgerId,
  toAuditEntry,
  type AuditDetailDocument,
  type AuditDocument,
  type AuditUsersDocument,
  type LedgerDocument,
} from './ledgerDocuments';
import type { LicensingStore } from './licensingStore';
import type { AuditEntry, PrincipalRef } from './model';

/**
 * An app's audit trail as a feed, for a vendor to provision and deprovision incrementally: entries
 * in sequence order after a given seq, gap-free. Every entry is archived by its seq
 * (`audit:<appId>:<seq>`) before it leaves the ledger's ring, so a page is one read of the head plus
 * one bulk read by id; principals and users beyond what an entry holds itself come from its detail
 * documents, also by id. An entry no longer stored cannot be skipped silently: the feed says it is gone.
 */

export interface FeedEntry extends Omit<
  AuditEntry,
  'principals' | 'principalCount' | 'detailId' | 'users' | 'usersDetail'
> {
  principals: PrincipalRef[];
  users: { added: string[]; removed: string[] };
}

export type FeedPage =
  | { kind: 'page'; entries: FeedEntry[]; latestSeq: number }
  /** `after` is beyond the newest entry. */
  | { kind: 'ahead'; latestSeq: number }
  /** The entry after `after` is no longer stored. */
  | { kind: 'gone'; latestSeq: number };

export class ChangeFeed {
  constructor(private readonly store: LicensingStore) {}

  async page(tenantId: string, appId: string, after: number, limit: number): Promise<FeedPage> {
    const head = await this.store.read<LedgerDocument>(tenantId, ledgerId(appId));
    const latestSeq = head?.doc.auditSeq ?? 0;
    if (after > latestSeq) return { kind: 'ahead', latestSeq };
    const last = Math.min(latestSeq, after + limit);
    if (!head || last <= after) return { kind: 'page', entries: [], latestSeq };
    const inRing = new Map(head.doc.recentAudit.map((record) => [record.seq, toAuditEntry(record)]));
    const wanted: number[] = [];
    for (let seq = after + 1; seq <= last; seq++) if (!inRing.has(seq)) wanted.push(seq);
    const archived = await this.store.readMany<AuditDocument>(
      tenantId,
      wanted.map((seq) => auditDocId(appId, seq)),
    );
    const entries: AuditEntry[] = [];
    for (let seq = after + 1; seq <= last; seq++) {
      const entry = inRing.get(seq) ?? archived.get(auditDocId(appId, seq))?.doc.entry;
      if (!entry) return { kind: 'gone', latestSeq };
      entries.push(entry);
    }
    return { kind: 'page', entries: await this.complete(tenantId, entries), latestSeq };
  }

  /** Every principal and user of each entry, from its detail documents (one bulk read for the page). */
  private async complete(tenantId: string, entries: AuditEntry[]): Promise<FeedEntry[]> {
    const ids = entries.flatMap((entry) => [
      ...(entry.detailId ? [entry.detailId] : []),
      ...(entry.usersDetail?.ids ?? []),
    ]);
    const details = ids.length
      ? await this.store.readMany<AuditDetailDocument | AuditUsersDocument>(tenantId, ids)
      : new Map();
    return entries.map((entry) => {
      const { detailId, principalCount: _count, users, usersDetail, ...rest } = entry;
      const detail = detailId ? (details.get(detailId)?.doc as AuditDetailDocument | undefined) : undefined;
      const slices = (usersDetail?.ids ?? []).map(
        (id) => details.get(id)?.doc as AuditUsersDocument | undefined,
      );
      if ((detailId && !detail) || slices.some((slice) => !slice))
        throw new Error(`audit entry ${entry.seq} of ${entry.appId}: a detail document is missing`);
      return {
        ...rest,
        principals: detail?.principals ?? entry.principals,
        users: usersDetail
          ? {
              added: slices.flatMap((slice) => slice!.added),
              removed: slices.flatMap((slice) => slice!.removed),
            }
          : (users ?? { added: [], removed: [] }),
      };
    });
  }
}
