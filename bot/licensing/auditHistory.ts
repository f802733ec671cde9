import type { LedgerCache } from './ledgerCache';
import {
  auditDocId,
  ledgerId,
  toAuditEntry,
  type AuditDetailDocument,
  type AuditDocument,
  type LedgerDocument,
} from './ledgerDocuments';
import type { LicensingStore } from './licensingStore';
import type { AuditEntry, PrincipalRef } from './model';

/** Archived audit entries `history` reads by id in one bulk request (Cosmos allows 100 operations). */
const HISTORY_BULK_READ = 100;

/** The audit trail as read back: the ring in each ledger head, then the archived entries. */
export class AuditHistory {
  constructor(
    private readonly store: LicensingStore,
    private readonly cache: LedgerCache,
  ) {}

  /**
   * The newest `limit` entries, newest first: the ring in the ledger head, then up to 100 archived
   * ones before it by id (every entry is archived before it leaves the ring) in one bulk read; beyond
   * those, or where an archived entry is missing (deleted by hand), a paged query.
   */
  async history(tenantId: string, appId: string, limit = 10): Promise<AuditEntry[]> {
    const wanted = Math.max(0, Math.floor(limit));
    const ledger = await this.store.read<LedgerDocument>(tenantId, ledgerId(appId));
    if (!ledger) return [];
    this.cache.putHead(tenantId, appId, ledger.doc, ledger.etag);
    const entries = ledger.doc.recentAudit.map(toAuditEntry).reverse().slice(0, wanted);
    let oldestInRing = ledger.doc.recentAudit[0]?.seq ?? ledger.doc.auditSeq + 1;
    if (entries.length < wanted && oldestInRing > 1) {
      const seqs: number[] = [];
      const count = Math.min(HISTORY_BULK_READ, wanted - entries.length);
      for (let seq = oldestInRing - 1; seq >= 1 && seqs.length < count; seq--) seqs.push(seq);
      const archived = await this.store.readMany<AuditDocument>(
        tenantId,
        seqs.map((seq) => auditDocId(appId, seq)),
      );
      for (const seq of seqs) {
        const doc = archived.get(auditDocId(appId, seq));
        if (!doc) break;
        entries.push(doc.doc.entry);
        oldestInRing = seq;
      }
    }
    let continuation: string | undefined;
    while (entries.length < wanted && oldestInRing > 1) {
      const page = await this.store.queryPage<AuditDocument>(
        tenantId,
        {
          where: 'c.type = @type AND c.appId = @appId AND c.seq < @before',
          parameters: [
            { name: '@type', value: 'audit' },
            { name: '@appId', value: appId },
            { name: '@before', value: oldestInRing },
          ],
          orderBy: 'c.seq DESC',
        },
        { pageSize: Math.min(100, wanted - entries.length), continuation },
      );
      entries.push(...page.items.map((doc) => doc.entry).slice(0, wanted - entries.length));
      continuation = page.continuation;
      if (!continuation) break;
    }
    return entries;
  }

  /** Every principal an audit entry named (its ring copy may list only the first few). */
  async principals(tenantId: string, entry: AuditEntry): Promise<PrincipalRef[]> {
    if (!entry.detailId) return entry.principals;
    const detail = await this.store.read<AuditDetailDocument>(tenantId, entry.detailId);
    if (!detail) throw new Error(`audit entry ${entry.seq} of ${entry.appId}: ${entry.detailId} is missing`);
    return detail.doc.principals;
  }
}
