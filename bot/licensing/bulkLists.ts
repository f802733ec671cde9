import { randomUUID } from 'node:crypto';
import type { LicensingStore } from './licensingStore';
import { LicenseError, type Actor } from './model';

/**
 * A pasted list waiting for its admin's Assign all (the bulk preview): the resolved principal ids are
 * kept here, not in the card, so the card carries only an id. Used once: Assign all marks it used
 * with IfMatch before assigning (a second click, or a replay, is refused); the assign itself is one
 * ledger commit with one audit entry, refused whole when seats are short.
 */
export interface BulkListDocument {
  id: string;
  tenantId: string;
  type: 'bulkList';
  bulkId: string;
  adminId: string;
  adminName: string;
  appId: string;
  principalIds: string[];
  createdAt: string;
  expiresAt: string;
  status?: 'used' | 'cancelled';
}

export const bulkListDocId = (bulkId: string) => `bulk:${bulkId}`;

export class BulkLists {
  constructor(
    private readonly store: LicensingStore,
    private readonly now: () => Date,
    private readonly ttlMs: number,
  ) {}

  async create(actor: Actor, appId: string, principalIds: string[]): Promise<BulkListDocument> {
    const at = this.now();
    const bulkId = randomUUID();
    const doc: BulkListDocument = {
      id: bulkListDocId(bulkId),
      tenantId: actor.tenantId,
      type: 'bulkList',
      bulkId,
      adminId: actor.userId,
      adminName: actor.name,
      appId,
      principalIds,
      createdAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + this.ttlMs).toISOString(),
    };
    const written = await this.store.create(doc);
    if (!written.ok && written.reason !== 'conflict')
      throw new LicenseError('StorageUnavailable', { reason: written.reason });
    return doc;
  }

  /** Marks the list used (or cancelled) for this admin, once; the list as it was. */
  async settle(actor: Actor, bulkId: string, status: 'used' | 'cancelled'): Promise<BulkListDocument> {
    const stored = await this.store.read<BulkListDocument>(actor.tenantId, bulkListDocId(bulkId));
    const doc = stored?.doc;
    if (!stored || !doc || doc.tenantId !== actor.tenantId || doc.bulkId !== bulkId) {
      throw new LicenseError('ConfirmationNotFound', { confirmationId: bulkId });
    }
    if (doc.adminId !== actor.userId) {
      throw new LicenseError('ConfirmationNotYours', { confirmationId: bulkId, name: doc.adminName });
    }
    if (doc.status === 'used') throw new LicenseError('ConfirmationUsed', { confirmationId: bulkId });
    if (doc.status === 'cancelled')
      throw new LicenseError('ConfirmationCancelled', { confirmationId: bulkId });
    if (this.now().getTime() > Date.parse(doc.expiresAt)) {
      throw new LicenseError('ConfirmationExpired', { confirmationId: bulkId });
    }
    const written = await this.store.replace({ ...doc, status }, { ifMatch: stored.etag });
    // Another click settled it first.
    if (!written.ok) throw new LicenseError('ConfirmationUsed', { confirmationId: bulkId });
    return doc;
  }

  /** Back to pending after an Assign all the ledger refused (seats short by then): it can be tried again. */
  async reopen(actor: Actor, bulkId: string): Promise<void> {
    const stored = await this.store.read<BulkListDocument>(actor.tenantId, bulkListDocId(bulkId));
    if (!stored || stored.doc.status !== 'used') return;
    const { status: _status, ...pending } = stored.doc;
    await this.store.replace(pending, { ifMatch: stored.etag });
  }
}
