import type { TenantJob } from '../background/scheduler';
import {
  CATALOG_ID,
  CHUNK_GRACE_MS,
  auditDocId,
  ledgerId,
  type AuditDetailDocument,
  type AuditDocument,
  type AuditUsersDocument,
  type ChunkDocument,
  type LedgerDocument,
  type LedgerLimits,
} from './ledgerDocuments';
import type { LicensingStore } from './licensingStore';
import type { AuditEntry } from './model';

export interface SweepCounts {
  confirmations: number;
  chunks: number;
  auditDetails: number;
}

export interface HousekeepingDeps {
  store: LicensingStore;
  now: () => Date;
  limits: Pick<LedgerLimits, 'settledRetentionMs'>;
}

/**
 * Housekeeping the container cannot do for us (no TTL on the embedded server): deletes
 * confirmations expired for longer than the settled retention, and chunks and audit details no
 * ledger references that are older than the grace period. Safe to run at any time, from any
 * instance: it only deletes what no commit can reference any more. Its queries scan the partition,
 * so it runs as a background job (bot/background/), never on a turn.
 */
export class Housekeeping {
  constructor(private readonly deps: HousekeepingDeps) {}

  /** The tenants with a catalog: the only ones that can have anything to sweep. */
  tenants(): Promise<string[]> {
    return this.deps.store.tenantsHolding(CATALOG_ID);
  }

  async sweep(tenantId: string): Promise<SweepCounts> {
    const { store, now, limits } = this.deps;
    const at = now().getTime();
    const deleted: SweepCounts = { confirmations: 0, chunks: 0, auditDetails: 0 };
    const expiredBefore = new Date(at - limits.settledRetentionMs).toISOString();
    // Unassign confirmations, and the offboardings and bulk lists built like them.
    for await (const doc of this.scan<{ id: string; tenantId: string }>(
      tenantId,
      'c.type IN (@type, @offboard, @bulk) AND c.expiresAt < @before',
      [
        { name: '@type', value: 'confirmation' },
        { name: '@offboard', value: 'offboard' },
        { name: '@bulk', value: 'bulkList' },
        { name: '@before', value: expiredBefore },
      ],
    )) {
      if ((await store.delete(tenantId, doc.id)).ok) deleted.confirmations++;
    }
    // Reminders of seats that have ended: their buttons have nothing left to act on.
    for await (const doc of this.scan<{ id: string; tenantId: string }>(
      tenantId,
      'c.type = @type AND c.until < @before',
      [
        { name: '@type', value: 'seatReminder' },
        { name: '@before', value: expiredBefore },
      ],
    )) {
      if ((await store.delete(tenantId, doc.id)).ok) deleted.confirmations++;
    }
    // Chunks and audit details no ledger references: each app's head is read once for both.
    const createdBefore = new Date(at - CHUNK_GRACE_MS).toISOString();
    const heads = new Map<string, Promise<LedgerDocument | undefined>>();
    const headOf = (appId: string) => {
      let head = heads.get(appId);
      if (!head) {
        head = store.read<LedgerDocument>(tenantId, ledgerId(appId)).then((stored) => stored?.doc);
        heads.set(appId, head);
      }
      return head;
    };
    for await (const doc of this.scanCreatedBefore<ChunkDocument>(tenantId, 'chunk', createdBefore)) {
      const head = await headOf(doc.appId);
      if (head?.chunks.some((chunk) => chunk.id === doc.id)) continue;
      if ((await store.delete(tenantId, doc.id)).ok) deleted.chunks++;
    }
    for await (const doc of this.scanCreatedBefore<AuditDetailDocument>(
      tenantId,
      'auditDetail',
      createdBefore,
    )) {
      if (await this.auditDetailReferenced(doc, await headOf(doc.appId))) continue;
      if ((await store.delete(tenantId, doc.id)).ok) deleted.auditDetails++;
    }
    // The user lists of large changes are audit details too (counted with them).
    for await (const doc of this.scanCreatedBefore<AuditUsersDocument>(
      tenantId,
      'auditUsers',
      createdBefore,
    )) {
      if (await this.auditDetailReferenced(doc, await headOf(doc.appId))) continue;
      if ((await store.delete(tenantId, doc.id)).ok) deleted.auditDetails++;
    }
    return deleted;
  }

  /** Whether the committed audit entry at the detail's sequence number is the one that names it. */
  private async auditDetailReferenced(
    doc: AuditDetailDocument | AuditUsersDocument,
    head?: LedgerDocument,
  ): Promise<boolean> {
    if (!head || doc.seq > head.auditSeq) return false;
    const names = (entry: AuditEntry) =>
      entry.detailId === doc.id || !!entry.usersDetail?.ids.includes(doc.id);
    const inRing = head.recentAudit.find((entry) => entry.seq === doc.seq);
    if (inRing) return names(inRing);
    const archived = await this.deps.store.read<AuditDocument>(doc.tenantId, auditDocId(doc.appId, doc.seq));
    // Not archived: its entry is gone, or never was (an attempt that did not commit).
    return !!archived && names(archived.doc.entry);
  }

  private scanCreatedBefore<T extends { id: string; tenantId: string }>(
    tenantId: string,
    type: 'chunk' | 'auditDetail' | 'auditUsers',
    before: string,
  ): AsyncGenerator<T> {
    return this.scan<T>(tenantId, 'c.type = @type AND c.createdAt < @before', [
      { name: '@type', value: type },
      { name: '@before', value: before },
    ]);
  }

  private async *scan<T extends { id: string; tenantId: string }>(
    tenantId: string,
    where: string,
    parameters: { name: string; value: string }[],
  ): AsyncGenerator<T> {
    let continuation: string | undefined;
    do {
      const page = await this.deps.store.queryPage<T>(
        tenantId,
        { where, parameters },
        { pageSize: 100, continuation },
      );
      yield* page.items;
      continuation = page.continuation;
    } while (continuation);
  }
}

/** The sweep as a background job: every `intervalMs`, each tenant with a catalog, one instance at a time. */
export function sweepJob(housekeeping: Housekeeping, intervalMs: number): TenantJob {
  return {
    intervalMs,
    tenants: () => housekeeping.tenants(),
    run: (ctx) => housekeeping.sweep(ctx.tenantId),
  };
}
