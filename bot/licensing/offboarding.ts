import { randomUUID } from 'node:crypto';
import { holdingsOf, type Holding, type HoldingsLedger } from './holdings';
import type { LicensingStore } from './licensingStore';
import {
  LicenseError,
  type Actor,
  type CatalogApp,
  type Confirmation,
  type LicenseErrorKind,
  type PrincipalRef,
  type UnassignOutcome,
} from './model';

/**
 * Offboarding ("offboard Bob Kelly"): one confirmation card for every app a person is assigned
 * directly. It is one unassign confirmation per app (confirmations.ts) gathered under one document,
 * and confirming applies them one commit per app: each app's ledger head is its own commit point (no
 * cross-document transaction in Cosmos DB), and each keeps the unassign rules whole — used once,
 * refused if that app's assignments changed since the card, audited in that app's trail. An app that
 * changed meanwhile is left as it is and named; the others are removed.
 */

export interface OffboardDocument {
  id: string;
  tenantId: string;
  type: 'offboard';
  offboardId: string;
  adminId: string;
  adminName: string;
  principal: PrincipalRef;
  /** One unassign confirmation per app assigned directly. */
  steps: { appId: string; confirmationId: string }[];
  createdAt: string;
  expiresAt: string;
}

export const offboardDocId = (offboardId: string) => `offboard:${offboardId}`;

export interface OffboardPlan {
  principal: PrincipalRef;
  /** Absent when nothing is assigned directly (then nothing can be confirmed). */
  offboardId?: string;
  expiresAt?: string;
  confirmations: Confirmation[];
  /** Apps held only through groups: named with the groups to change. */
  throughGroups: Holding[];
  /** Apps held directly and through groups too: the person keeps them through the groups. */
  alsoThroughGroups: Holding[];
}

export type OffboardStep =
  | { app: CatalogApp; outcome: UnassignOutcome }
  | { app: CatalogApp; refused: LicenseErrorKind; params: Record<string, string | number> };

export interface OffboardOutcome {
  principal: PrincipalRef;
  steps: OffboardStep[];
}

/** The ledger operations offboarding is made of (an interface: the ledger builds offboarding). */
export interface OffboardLedger extends HoldingsLedger {
  getCatalog(tenantId: string): Promise<CatalogApp[]>;
  prepareUnassign(
    actor: Actor,
    appId: string,
    principalIds: string[],
    known?: CatalogApp,
  ): Promise<Confirmation>;
  confirmUnassign(actor: Actor, confirmationId: string): Promise<UnassignOutcome>;
  cancelUnassign(actor: Actor, confirmationId: string): Promise<Confirmation>;
}

export interface OffboardingDeps {
  ledger: OffboardLedger;
  store: LicensingStore;
  now: () => Date;
  ttlMs: number;
}

export class Offboarding {
  constructor(private readonly deps: OffboardingDeps) {}

  async prepare(actor: Actor, principal: PrincipalRef): Promise<OffboardPlan> {
    const { ledger, store, now, ttlMs } = this.deps;
    const catalog = await ledger.getCatalog(actor.tenantId);
    const holdings = await holdingsOf(ledger, actor, principal.id, catalog);
    const direct = holdings.filter((holding) => holding.direct);
    const plan: OffboardPlan = {
      principal,
      confirmations: [],
      throughGroups: holdings.filter((holding) => !holding.direct),
      alsoThroughGroups: direct.filter((holding) => holding.through.length > 0),
    };
    if (direct.length === 0) return plan;
    for (const holding of direct) {
      plan.confirmations.push(
        await ledger.prepareUnassign(actor, holding.app.appId, [principal.id], holding.app),
      );
    }
    const at = now();
    const offboardId = randomUUID();
    const doc: OffboardDocument = {
      id: offboardDocId(offboardId),
      tenantId: actor.tenantId,
      type: 'offboard',
      offboardId,
      adminId: actor.userId,
      adminName: actor.name,
      principal,
      steps: plan.confirmations.map((confirmation) => ({
        appId: confirmation.preview.app.appId,
        confirmationId: confirmation.confirmationId,
      })),
      createdAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + ttlMs).toISOString(),
    };
    const written = await store.create(doc);
    if (!written.ok && written.reason !== 'conflict')
      throw new LicenseError('StorageUnavailable', { reason: written.reason });
    return { ...plan, offboardId, expiresAt: doc.expiresAt };
  }

  /**
   * Applies every app's confirmation, one commit each. A second click finds them all used and is
   * refused as a used confirmation; an app whose assignments changed is reported, the others applied.
   */
  async confirm(actor: Actor, offboardId: string): Promise<OffboardOutcome> {
    const doc = await this.usable(actor, offboardId);
    const catalog = await this.deps.ledger.getCatalog(actor.tenantId);
    const steps: OffboardStep[] = [];
    for (const step of doc.steps) {
      const app = catalog.find((candidate) => candidate.appId === step.appId);
      if (!app) continue;
      try {
        steps.push({ app, outcome: await this.deps.ledger.confirmUnassign(actor, step.confirmationId) });
      } catch (error) {
        if (!(error instanceof LicenseError)) throw error;
        steps.push({ app, refused: error.kind, params: error.params });
      }
    }
    const refusals = steps.filter((step) => 'refused' in step).map((step) => step.refused);
    if (refusals.length === steps.length) {
      const settled = refusals.find(
        (kind) => kind === 'ConfirmationUsed' || kind === 'ConfirmationCancelled',
      );
      if (settled) throw new LicenseError(settled, { confirmationId: offboardId });
    }
    return { principal: doc.principal, steps };
  }

  async cancel(actor: Actor, offboardId: string): Promise<PrincipalRef> {
    const doc = await this.usable(actor, offboardId);
    let cancelled = 0;
    for (const step of doc.steps) {
      try {
        await this.deps.ledger.cancelUnassign(actor, step.confirmationId);
        cancelled++;
      } catch (error) {
        if (!(error instanceof LicenseError) || error.kind !== 'ConfirmationUsed') throw error;
      }
    }
    if (cancelled === 0) throw new LicenseError('ConfirmationUsed', { confirmationId: offboardId });
    return doc.principal;
  }

  /** The offboarding, if this admin may still act on it (the same rules as one unassign). */
  private async usable(actor: Actor, offboardId: string): Promise<OffboardDocument> {
    const doc = (await this.deps.store.read<OffboardDocument>(actor.tenantId, offboardDocId(offboardId)))
      ?.doc;
    if (!doc || doc.tenantId !== actor.tenantId || doc.offboardId !== offboardId) {
      throw new LicenseError('ConfirmationNotFound', { confirmationId: offboardId });
    }
    if (doc.adminId !== actor.userId) {
      throw new LicenseError('ConfirmationNotYours', { confirmationId: offboardId, name: doc.adminName });
    }
    if (this.deps.now().getTime() > Date.parse(doc.expiresAt)) {
      throw new LicenseError('ConfirmationExpired', { confirmationId: offboardId });
    }
    return doc;
  }
}
