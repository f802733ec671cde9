import { randomUUID } from 'node:crypto';
import type { LedgerCache } from './ledgerCache';
import { CONFLICT, type LedgerCommits } from './ledgerCommits';
import {
  confirmationDocId,
  ledgerId,
  type ConfirmationDocument,
  type LedgerDocument,
} from './ledgerDocuments';
import type { LicensingStore } from './licensingStore';
import { LicenseError, type Actor, type Confirmation, type PrincipalRef } from './model';
import type { DirectoryView } from './seats';
import type { PlannedUnassign } from './unassignPreview';

/** Where a confirmation stands: 'used' and 'cancelled' come from the ledger head, 'expired' from the clock. */
export type ConfirmationStatus = 'pending' | 'used' | 'cancelled' | 'expired';

export interface ConfirmationsDeps {
  store: LicensingStore;
  cache: LedgerCache;
  commits: LedgerCommits;
  now: () => Date;
  /** How long an unassign confirmation can be used. */
  ttlMs: number;
}

/**
 * Unassign confirmations: a document written once when the card is shown and never changed; its
 * outcome (used or cancelled) is settled in the app's ledger head, in the same commit as the change,
 * so a confirmation can be used once whatever the clicks.
 */
export class UnassignConfirmations {
  constructor(private readonly deps: ConfirmationsDeps) {}

  async create(
    actor: Actor,
    appId: string,
    plan: PlannedUnassign & { requested: PrincipalRef[] },
  ): Promise<Confirmation> {
    const { store, cache, now, ttlMs } = this.deps;
    const at = now();
    const confirmationId = randomUUID();
    const doc: ConfirmationDocument = {
      id: confirmationDocId(confirmationId),
      tenantId: actor.tenantId,
      type: 'confirmation',
      confirmationId,
      appId,
      adminId: actor.userId,
      adminName: actor.name,
      principals: plan.requested,
      preview: plan.preview,
      fingerprint: plan.fingerprint,
      createdAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + ttlMs).toISOString(),
    };
    const written = await store.create(doc);
    // The id is a fresh UUID: a conflict means a retried create whose first answer was lost.
    if (!written.ok && written.reason !== 'conflict')
      throw new LicenseError('StorageUnavailable', { reason: written.reason });
    cache.putConfirmation(doc);
    return { confirmationId, expiresAt: doc.expiresAt, preview: plan.preview };
  }

  /** The confirmation, if this admin may still act on it; otherwise the reason. */
  async usable(actor: Actor, confirmationId: string): Promise<ConfirmationDocument> {
    const doc = await this.read(actor, confirmationId);
    if (doc.adminId !== actor.userId) {
      throw new LicenseError('ConfirmationNotYours', { confirmationId, name: doc.adminName });
    }
    if (this.isExpired(doc)) throw new LicenseError('ConfirmationExpired', { confirmationId });
    return doc;
  }

  /** Ends a pending confirmation; returns what it would have done (for the card that says so). */
  async cancel(actor: Actor, confirmationId: string, view: DirectoryView): Promise<Confirmation> {
    const confirmation = await this.usable(actor, confirmationId);
    await this.deps.commits.untilCommitted(actor.tenantId, confirmation.appId, async (state) => {
      const settled = state.doc.settled.find((entry) => entry.id === confirmationId);
      if (settled?.status === 'cancelled') return true;
      throwIfSettled(state.doc, confirmationId);
      const committed = await this.deps.commits.commit(
        state,
        {
          settle: { id: confirmationId, status: 'cancelled', expiresAt: confirmation.expiresAt },
        },
        view,
      );
      return committed ? true : CONFLICT;
    });
    return { confirmationId, expiresAt: confirmation.expiresAt, preview: confirmation.preview };
  }

  async status(
    actor: Actor,
    confirmationId: string,
  ): Promise<{ status: ConfirmationStatus; confirmation: Confirmation }> {
    const doc = await this.read(actor, confirmationId);
    const confirmation = { confirmationId, expiresAt: doc.expiresAt, preview: doc.preview };
    const ledger = await this.deps.store.read<LedgerDocument>(actor.tenantId, ledgerId(doc.appId));
    const settled = ledger?.doc.settled.find((entry) => entry.id === confirmationId);
    if (settled) return { status: settled.status, confirmation };
    return { status: this.isExpired(doc) ? 'expired' : 'pending', confirmation };
  }

  /** A confirmation this instance created is not read again: the document never changes. */
  private async read(actor: Actor, confirmationId: string): Promise<ConfirmationDocument> {
    const id = confirmationDocId(confirmationId);
    // Once expired it may be swept away at any time: then only the store can say whether it is there.
    const cached = this.deps.cache.confirmation(actor.tenantId, id);
    const doc =
      cached && !this.isExpired(cached)
        ? cached
        : (await this.deps.store.read<ConfirmationDocument>(actor.tenantId, id))?.doc;
    // The read is confined to the actor's partition; the check repeats it in case an id was forged.
    if (!doc || doc.tenantId !== actor.tenantId || doc.confirmationId !== confirmationId) {
      throw new LicenseError('ConfirmationNotFound', { confirmationId });
    }
    return doc;
  }

  private isExpired(doc: ConfirmationDocument): boolean {
    return this.deps.now().getTime() > Date.parse(doc.expiresAt);
  }
}

export function throwIfSettled(doc: LedgerDocument, confirmationId: string): void {
  const settled = doc.settled.find((entry) => entry.id === confirmationId);
  if (settled?.status === 'used') throw new LicenseError('ConfirmationUsed', { confirmationId });
  if (settled?.status === 'cancelled') throw new LicenseError('ConfirmationCancelled', { confirmationId });
}
