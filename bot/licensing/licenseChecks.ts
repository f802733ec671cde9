import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';
import type { Directory } from '../directory/directory';
import type { LicenseLedger } from './ledger';
import { LicenseError, type CatalogApp, type PrincipalRef, type SubscriptionState } from './model';
import { seatSummary } from './seats';

/**
 * The answer a vendor's app gets at every sign-in, "does this user hold a seat?", and the holders
 * list behind it. The hottest path of the product, so it is answered from a snapshot of the app
 * (catalog entry, ledger head, group expansions) this instance read at most `maxAgeMs` ago: no Cosmos
 * request on a warm instance. The bound is on the snapshot's age, taken before its reads start, so a
 * change committed by any instance shows in every instance's answers within `maxAgeMs`. A snapshot
 * past its age is read again once however many checks wait for it (one ledger read, plus one catalog
 * read per tenant); a head that did not move keeps its holders without recomputing them. Group
 * membership also has the directory's own delay (the ledger cache's membership delay, and Graph's).
 */

export type NotLicensedReason = 'noSeat' | 'subscriptionSuspended' | 'subscriptionExpired' | 'unknownUser';

export interface SubscriptionView {
  state: SubscriptionState;
  renewsOn?: string;
  seatsPurchased: number;
  seatsAssigned: number;
  /** Users holding the app beyond the seats purchased (the vendor cut seats, or a group grew). */
  overAssignedBy: number;
}

export interface LicenseCheck {
  appId: string;
  /** The user's object id when known (lowercase); the address asked otherwise. */
  userId: string;
  licensed: boolean;
  /** How the user holds the app (whatever the subscription state). */
  via: { direct: boolean; groups: PrincipalRef[] };
  subscription: SubscriptionView;
  reason?: NotLicensedReason;
  /** When the data this answer rests on was read (at most the staleness bound ago). */
  asOf: string;
}

export interface HolderEntry {
  userId: string;
  via: { direct: boolean; groups: PrincipalRef[] };
}

export interface HolderPage {
  items: HolderEntry[];
  total: number;
  /** The last user id of this page when more follow (the caller makes it opaque). */
  lastUserId?: string;
  subscription: SubscriptionView;
  asOf: string;
}

interface AppSnapshot {
  app: CatalogApp;
  etag?: string;
  direct: ReadonlySet<string>;
  groups: { ref: PrincipalRef; members: ReadonlySet<string> }[];
  holders: ReadonlySet<string>;
  /** performance.now() before the reads began; the snapshot serves until readAt + maxAge. */
  readAt: number;
  asOf: string;
  /** Until when (performance.now()) its group expansions hold. */
  validUntil: number;
  /** Every holder sorted by id, built on the first holders page asked of it. */
  sorted?: string[];
}

export interface LicenseChecksDeps {
  ledger: LicenseLedger;
  directory: Directory;
  /** The staleness bound (LICENSE_CHECK_MAX_AGE_SECONDS). */
  maxAgeMs: number;
  now?: () => Date;
}

const ADDRESS = /@/;

export class LicenseChecks {
  // Bounded by the users held in memory (a snapshot of an app held by a 50,000-member group weighs 50,000).
  private readonly snapshots = new LRUCache<string, AppSnapshot>({
    maxSize: 1_000_000,
    sizeCalculation: (snapshot) => snapshot.holders.size + 1,
  });
  private readonly refreshing = new Map<string, Promise<AppSnapshot>>();
  private readonly catalogs = new LRUCache<string, { apps: CatalogApp[]; readAt: number }>({ max: 10_000 });
  private readonly catalogReads = new Map<string, Promise<{ apps: CatalogApp[]; readAt: number }>>();
  private readonly now: () => Date;

  constructor(private readonly deps: LicenseChecksDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The catalog entry of an app as the snapshot sees it (for the caller's vendor check). */
  async app(tenantId: string, appId: string): Promise<CatalogApp> {
    return (await this.snapshot(tenantId, appId)).app;
  }

  async check(tenantId: string, appId: string, user: string): Promise<LicenseCheck> {
    const snapshot = await this.snapshot(tenantId, appId);
    const subscription = subscriptionView(snapshot);
    const base = { appId, subscription, asOf: snapshot.asOf };
    let userId = user.toLowerCase();
    if (ADDRESS.test(user) || !snapshot.holders.has(userId)) {
      // Not a holder by id (or named by address): ask the directory who it is.
      const found = await this.findUser(tenantId, user);
      if (!found)
        return {
          ...base,
          userId,
          licensed: false,
          via: { direct: false, groups: [] },
          reason: 'unknownUser',
        };
      userId = found;
    }
    const via = {
      direct: snapshot.direct.has(userId),
      groups: snapshot.groups.filter((group) => group.members.has(userId)).map((group) => group.ref),
    };
    const holds = via.direct || via.groups.length > 0;
    const reason: NotLicensedReason | undefined =
      subscription.state === 'suspended'
        ? 'subscriptionSuspended'
        : subscription.state === 'expired'
          ? 'subscriptionExpired'
          : holds
            ? undefined
            : 'noSeat';
    return { ...base, userId, licensed: !reason, via, ...(reason ? { reason } : {}) };
  }

  /** Holders in user id order after `afterUserId`: stable paging, whatever changes between pages. */
  async holders(
    tenantId: string,
    appId: string,
    afterUserId: string | undefined,
    limit: number,
  ): Promise<HolderPage> {
    const snapshot = await this.snapshot(tenantId, appId);
    snapshot.sorted ??= [...snapshot.holders].sort();
    const sorted = snapshot.sorted;
    let start = 0;
    if (afterUserId !== undefined) {
      let high = sorted.length;
      while (start < high) {
        const middle = (start + high) >>> 1;
        if (sorted[middle] <= afterUserId) start = middle + 1;
        else high = middle;
      }
    }
    const page = sorted.slice(start, start + limit);
    return {
      items: page.map((userId) => ({
        userId,
        via: {
          direct: snapshot.direct.has(userId),
          groups: snapshot.groups.filter((group) => group.members.has(userId)).map((group) => group.ref),
        },
      })),
      total: sorted.length,
      ...(start + page.length < sorted.length ? { lastUserId: page[page.length - 1] } : {}),
      subscription: subscriptionView(snapshot),
      asOf: snapshot.asOf,
    };
  }

  /** The user's object id (lowercase), from an object id or an address; undefined when nobody is. */
  private async findUser(tenantId: string, user: string): Promise<string | undefined> {
    if (!ADDRESS.test(user)) {
      const principal = await this.deps.directory.getPrincipal(tenantId, user);
      return principal?.kind === 'user' ? principal.id.toLowerCase() : undefined;
    }
    const address = user.toLowerCase();
    const matches = await this.deps.directory.resolvePrincipal(tenantId, user, { kinds: ['user'] });
    const found = matches.find(
      (principal) =>
        principal.kind === 'user' &&
        (principal.userPrincipalName.toLowerCase() === address || principal.mail?.toLowerCase() === address),
    );
    return found?.id.toLowerCase();
  }

  private snapshot(tenantId: string, appId: string): Promise<AppSnapshot> {
    const key = `${tenantId}\n${appId}`;
    const cached = this.snapshots.get(key);
    const at = performance.now();
    if (cached && at - cached.readAt < this.deps.maxAgeMs && at < cached.validUntil)
      return Promise.resolve(cached);
    let pending = this.refreshing.get(key);
    if (!pending) {
      pending = this.read(tenantId, appId, cached).finally(() => this.refreshing.delete(key));
      this.refreshing.set(key, pending);
    }
    return pending;
  }

  private async read(
    tenantId: string,
    appId: string,
    previous: AppSnapshot | undefined,
  ): Promise<AppSnapshot> {
    const started = performance.now();
    // The catalog first: a check for an app the tenant does not have costs no ledger read.
    const catalog = await this.catalog(tenantId, started);
    const app = catalog.apps.find((candidate) => candidate.appId === appId);
    if (!app) throw new LicenseError('AppNotFound', { appId });
    const holdings = await this.deps.ledger.holdings(tenantId, appId);
    // The answer is as old as the older of its two reads.
    const readAt = Math.min(started, catalog.readAt);
    const asOf = new Date(this.now().getTime() - (performance.now() - readAt)).toISOString();
    // The same head and group expansions as before: the holders set carries over.
    const same =
      previous &&
      previous.etag === holdings.etag &&
      previous.groups.length === holdings.groups.length &&
      previous.groups.every((group, i) => group.members === holdings.groups[i].members);
    const holders = same ? previous.holders : new Set(holdings.direct);
    if (!same)
      for (const group of holdings.groups)
        for (const user of group.members) (holders as Set<string>).add(user);
    const snapshot: AppSnapshot = {
      app,
      etag: holdings.etag,
      direct: holdings.direct,
      groups: holdings.groups,
      holders,
      readAt,
      asOf,
      validUntil: holdings.validUntil,
      ...(same && previous.sorted ? { sorted: previous.sorted } : {}),
    };
    this.snapshots.set(`${tenantId}\n${appId}`, snapshot);
    return snapshot;
  }

  /** The tenant's catalog, read less than the bound before `notBefore` (one read per tenant per bound). */
  private async catalog(
    tenantId: string,
    notBefore: number,
  ): Promise<{ apps: CatalogApp[]; readAt: number }> {
    const cached = this.catalogs.get(tenantId);
    if (cached && notBefore - cached.readAt < this.deps.maxAgeMs) return cached;
    let pending = this.catalogReads.get(tenantId);
    if (!pending) {
      const readAt = performance.now();
      pending = this.deps.ledger
        .readCatalogForChange(tenantId)
        .then((stored) => {
          if (!stored) throw new LicenseError('CatalogMissing', { tenantId });
          const entry = { apps: stored.apps, readAt };
          this.catalogs.set(tenantId, entry);
          return entry;
        })
        .finally(() => this.catalogReads.delete(tenantId));
      this.catalogReads.set(tenantId, pending);
    }
    return pending;
  }
}

function subscriptionView(snapshot: AppSnapshot): SubscriptionView {
  const { app } = snapshot;
  const seats = seatSummary(app.seatsPurchased, snapshot.holders.size);
  return {
    state: app.subscription?.state ?? 'active',
    ...(app.subscription?.renewsOn ? { renewsOn: app.subscription.renewsOn } : {}),
    seatsPurchased: seats.seatsPurchased,
    seatsAssigned: seats.seatsAssigned,
    overAssignedBy: Math.max(0, seats.seatsAssigned - seats.seatsPurchased),
  };
}
