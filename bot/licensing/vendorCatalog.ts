import { createHash } from 'node:crypto';
import { OPERATIONS_KEPT, catalogProblems, normalizeCatalogApp } from './catalog';
import { appsToCount, planCatalogChange, type AppHolding, type CatalogChangePlan } from './catalogChange';
import type { LicenseLedger } from './ledger';
import {
  LicenseError,
  type CatalogApp,
  type SeatSummary,
  type SubscriptionChange,
  type SubscriptionState,
  type Vendor,
} from './model';
import { seatSummary } from './seats';

/**
 * The vendor side of a tenant's catalog: a whole catalog loaded by `npm run catalog`, one app put
 * and a subscription changed through the licensing API. Every write is decided on the catalog as
 * read and written with IfMatch on its etag, again on a fresh read when another writer was first, so
 * the CLI and any number of API instances never undo each other's changes.
 */

/** Who writes: the vendor's calling app (`clientId`), or an operator (`undefined`: the CLI, local mode). */
export interface VendorCaller {
  clientId?: string;
}

/** The fields of `PUT /apps/{appId}`. */
export interface VendorAppFields {
  name: string;
  vendor: Vendor;
  installUrl: string;
  description?: string;
}

export interface SubscriptionRequest {
  seats: number;
  state: SubscriptionState;
  renewsOn?: string;
  operationId: string;
}

export interface SubscriptionOutcome {
  app: CatalogApp;
  seats: SeatSummary;
  /** The same operation was applied before: nothing changed now. */
  replayed: boolean;
}

const WRITE_ATTEMPTS = 10;

/**
 * What only the vendor side can be refused for (the chat never meets these): an app of another
 * vendor, an operation id reused with another body, a field that cannot be stored. `field` names it.
 */
export class VendorRefusal extends Error {
  constructor(
    readonly kind: 'AppNotYours' | 'OperationReused' | 'InvalidField',
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
    this.name = 'VendorRefusal';
  }
}

/** Whether the caller may see and change this app: an operator always, a vendor's app when the catalog names it. */
export function isVendorOf(app: CatalogApp, caller: VendorCaller): boolean {
  return caller.clientId === undefined || !!app.vendor.clientIds?.includes(caller.clientId.toLowerCase());
}

export class VendorCatalog {
  constructor(
    private readonly ledger: LicenseLedger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Plans a whole catalog from the vendor (the CLI): what it stores and the harms it does to people
   * who hold apps. `apply` writes it when the harms are accepted.
   */
  async plan(
    tenantId: string,
    incoming: CatalogApp[],
  ): Promise<{ before?: CatalogApp[]; plan: CatalogChangePlan; etag: string | null }> {
    const stored = await this.ledger.readCatalogForChange(tenantId);
    const holdings = stored
      ? await this.countHolders(tenantId, appsToCount(stored.apps, incoming))
      : new Map<string, AppHolding>();
    return {
      before: stored?.apps,
      plan: planCatalogChange(stored?.apps, incoming, holdings, this.now().toISOString()),
      etag: stored?.etag ?? null,
    };
  }

  /** Writes a plan over the catalog it was made from; false when the catalog changed since (plan again). */
  apply(tenantId: string, plan: CatalogChangePlan, etag: string | null): Promise<boolean> {
    return this.ledger.putCatalogIfUnchanged(tenantId, plan.apps, etag);
  }

  /**
   * Adds or updates one app (not its seats: those are the subscription's). A new app starts with no
   * seat. A vendor's app may change only apps whose `vendor.clientIds` name it, and must name itself
   * in a new one. `created` says whether the app is new.
   */
  async putApp(
    tenantId: string,
    appId: string,
    fields: VendorAppFields,
    caller: VendorCaller,
  ): Promise<{ app: CatalogApp; created: boolean }> {
    return this.untilWritten(tenantId, (apps) => {
      const old = apps.find((candidate) => candidate.appId === appId);
      if (old && !isVendorOf(old, caller))
        throw new VendorRefusal(
          'AppNotYours',
          'appId',
          'this app id belongs to another vendor in this catalog',
        );
      const clientIds = fields.vendor.clientIds ?? old?.vendor.clientIds;
      if (caller.clientId && !clientIds?.includes(caller.clientId.toLowerCase()))
        throw new VendorRefusal(
          'InvalidField',
          'vendor.clientIds',
          'must include the calling app (client) id',
        );
      const { removedAt: _removed, ...kept } = old ?? { seatsPurchased: 0 };
      const app = normalizeCatalogApp({
        ...kept,
        appId,
        name: fields.name,
        vendor: { ...fields.vendor, ...(clientIds ? { clientIds } : {}) },
        installUrl: fields.installUrl,
        ...(fields.description !== undefined ? { description: fields.description } : {}),
      } as CatalogApp);
      if (old && fields.description === undefined) delete app.description;
      const next = old ? apps.map((candidate) => (candidate === old ? app : candidate)) : [...apps, app];
      return { apps: next, result: { app, created: !old } };
    });
  }

  /**
   * Sets seats purchased and the subscription state. Idempotent by `operationId`: the same call again
   * changes nothing and answers the same; the same id with another body is refused. Seats below what
   * is assigned make the app over-assigned (nobody loses a seat). Audited in the app's ledger as the vendor.
   */
  async putSubscription(
    tenantId: string,
    appId: string,
    request: SubscriptionRequest,
    caller: VendorCaller,
  ): Promise<SubscriptionOutcome> {
    const digest = createHash('sha256')
      .update(JSON.stringify([request.seats, request.state, request.renewsOn ?? null]))
      .digest('base64url');
    const opId = `vendor:${request.operationId}`;
    let change: SubscriptionChange | undefined;
    const { app, replayed } = await this.untilWritten(tenantId, (apps) => {
      const old = apps.find((candidate) => candidate.appId === appId);
      if (!old || !isVendorOf(old, caller)) throw new LicenseError('AppNotFound', { appId });
      const done = old.subscription?.operations.find((op) => op.id === request.operationId);
      if (done) {
        if (done.digest !== digest)
          throw new VendorRefusal(
            'OperationReused',
            'operationId',
            'was already used for a different subscription change',
          );
        return { apps: undefined, result: { app: old, replayed: true } };
      }
      change = {
        seatsPurchasedBefore: old.seatsPurchased,
        seatsPurchased: request.seats,
        stateBefore: old.subscription?.state ?? 'active',
        state: request.state,
        ...(request.renewsOn !== undefined ? { renewsOn: request.renewsOn } : {}),
      };
      const updated: CatalogApp = {
        ...old,
        seatsPurchased: request.seats,
        subscription: {
          state: request.state,
          ...(request.renewsOn !== undefined ? { renewsOn: request.renewsOn } : {}),
          updatedAt: this.now().toISOString(),
          operations: [...(old.subscription?.operations ?? []), { id: request.operationId, digest }].slice(
            -OPERATIONS_KEPT,
          ),
          lastChange: { ...change, operationId: request.operationId },
        },
      };
      // The same rules as a whole catalog from the vendor: a cut remembers the seats it came from.
      const incoming = apps.map((candidate) => (candidate === old ? updated : candidate));
      const { apps: next } = planCatalogChange(apps, incoming, new Map(), this.now().toISOString());
      return {
        apps: next,
        result: { app: next.find((candidate) => candidate.appId === appId)!, replayed: false },
      };
    });
    const vendor = { clientId: caller.clientId ?? 'operator', name: app.vendor.name };
    if (change) {
      await this.ledger.recordSubscriptionChange(tenantId, appId, vendor, change, opId);
    } else if (
      app.subscription?.lastChange?.operationId === request.operationId &&
      !(await this.ledger.auditedRecently(tenantId, appId, opId))
    ) {
      // The catalog was written but the process stopped before the audit: the retry completes it.
      const { operationId: _id, ...last } = app.subscription.lastChange;
      await this.ledger.recordSubscriptionChange(tenantId, appId, vendor, last, opId);
    }
    const holdings = await this.ledger.holdings(tenantId, appId);
    const holders = new Set(holdings.direct);
    for (const group of holdings.groups) for (const user of group.members) holders.add(user);
    return { app, seats: seatSummary(app.seatsPurchased, holders.size), replayed };
  }

  /** Who holds each app a change could touch: seats counted through groups, and the first holders' names. */
  private async countHolders(tenantId: string, appIds: string[]): Promise<Map<string, AppHolding>> {
    const holdings = new Map<string, AppHolding>();
    for (const appId of appIds) {
      const details = await this.ledger.details(tenantId, appId, 0, 5);
      if (details.totalHolders === 0) continue;
      holdings.set(appId, {
        seatsAssigned: details.seatsAssigned,
        holders: details.totalHolders,
        names: details.holders.map((holder) => holder.displayName),
      });
    }
    return holdings;
  }

  /**
   * Reads the catalog, lets `decide` change it (undefined apps: nothing to write), writes it with
   * IfMatch, and decides again on a fresh read when another writer was first.
   */
  private async untilWritten<T>(
    tenantId: string,
    decide: (apps: CatalogApp[]) => { apps: CatalogApp[] | undefined; result: T },
  ): Promise<T> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const stored = await this.ledger.readCatalogForChange(tenantId);
      const { apps, result } = decide(stored?.apps ?? []);
      if (!apps) return result;
      const problems = catalogProblems(apps);
      if (problems.length > 0)
        throw new LicenseError('CatalogInvalid', { problem: problems[0], count: problems.length });
      if (await this.ledger.putCatalogIfUnchanged(tenantId, apps, stored?.etag ?? null)) return result;
    }
    throw new LicenseError('Busy', { attempts: WRITE_ATTEMPTS });
  }
}
