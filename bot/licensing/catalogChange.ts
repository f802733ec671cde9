import type { CatalogApp } from './model';

/**
 * What a new catalog from the vendor side does to the people who hold its apps. The vendor owns
 * the catalog, but three changes hurt the tenant's users and are applied only when asked for
 * explicitly (`--force`): cutting seats below what is assigned, removing an app that people hold,
 * and changing an app's id (its holders stay with the old id). Nobody ever loses a seat through
 * the catalog: an over-assigned app refuses new assignments, a removed app with holders stays
 * visible to admins, marked, until they have unassigned everyone.
 */

/** Who holds an app now, as the ledger counts it. */
export interface AppHolding {
  /** Distinct users holding it (directly or through groups). */
  seatsAssigned: number;
  /** Users and groups it is directly assigned to. */
  holders: number;
  /** The first few holders' names, to say whom a change touches. */
  names: string[];
}

export type CatalogHarm =
  | { kind: 'seatsBelowAssigned'; app: CatalogApp; seatsBefore: number; holding: AppHolding }
  | { kind: 'removedWithHolders'; app: CatalogApp; holding: AppHolding }
  | { kind: 'appIdChanged'; app: CatalogApp; newAppId: string; holding: AppHolding };

export interface CatalogChangePlan {
  /** The catalog to store: the vendor's apps, with License Desk's marks, and removed apps still held. */
  apps: CatalogApp[];
  harms: CatalogHarm[];
}

const NOBODY: AppHolding = { seatsAssigned: 0, holders: 0, names: [] };
const nameKey = (app: CatalogApp) => app.name.trim().toLowerCase();

/**
 * The apps of `before` whose holders a change to `incoming` could touch: those that leave the
 * catalog and those whose seats go down. Only these need counting.
 */
export function appsToCount(before: CatalogApp[], incoming: CatalogApp[]): string[] {
  const next = new Map(incoming.map((app) => [app.appId, app]));
  return before
    .filter((app) => {
      const after = next.get(app.appId);
      return !after || after.seatsPurchased < app.seatsPurchased;
    })
    .map((app) => app.appId);
}

/**
 * The catalog to store and the harms it does. `incoming` holds the vendor's fields only (a catalog
 * file's own marks are refused); `holdings` has an entry for each app of `appsToCount` that anybody
 * holds; `at` stamps apps removed now.
 */
export function planCatalogChange(
  before: CatalogApp[] | undefined,
  incoming: CatalogApp[],
  holdings: ReadonlyMap<string, AppHolding>,
  at: string,
): CatalogChangePlan {
  const previous = new Map((before ?? []).map((app) => [app.appId, app]));
  const harms: CatalogHarm[] = [];
  const apps = incoming.map((app): CatalogApp => {
    const old = previous.get(app.appId);
    if (!old) return app;
    const holding = holdings.get(app.appId) ?? NOBODY;
    if (app.seatsPurchased < old.seatsPurchased && holding.seatsAssigned > app.seatsPurchased) {
      harms.push({ kind: 'seatsBelowAssigned', app, seatsBefore: old.seatsPurchased, holding });
    }
    const highest = Math.max(old.seatsReducedFrom ?? 0, old.seatsPurchased);
    const kept = keepLicenseDeskState(old, app);
    return app.seatsPurchased < highest ? { ...kept, seatsReducedFrom: highest } : kept;
  });
  const arriving = new Map(
    incoming.filter((app) => !previous.has(app.appId)).map((app) => [nameKey(app), app.appId]),
  );
  const present = new Set(incoming.map((app) => app.appId));
  for (const old of before ?? []) {
    if (present.has(old.appId)) continue;
    const holding = holdings.get(old.appId) ?? NOBODY;
    // Held: it stays, marked, for admins to unassign; nobody holds it: it leaves the catalog.
    if (holding.holders > 0) apps.push({ ...old, removedAt: old.removedAt ?? at });
    // Removed by an earlier load: its admins have been unassigning since.
    if (old.removedAt) continue;
    // A new id under the same name: harmless without holders, but still a likely mistake.
    const newAppId = arriving.get(nameKey(old));
    if (newAppId) harms.push({ kind: 'appIdChanged', app: old, newAppId, holding });
    else if (holding.holders > 0) harms.push({ kind: 'removedWithHolders', app: old, holding });
  }
  return { apps, harms };
}

/**
 * What an incoming entry does not carry is kept from the stored one: the subscription (set through
 * the licensing API only) and the vendor's API client ids when the entry names none.
 */
function keepLicenseDeskState(old: CatalogApp, app: CatalogApp): CatalogApp {
  const subscription = app.subscription ?? old.subscription;
  const clientIds = app.vendor.clientIds ?? old.vendor.clientIds;
  return {
    ...app,
    vendor: { ...app.vendor, ...(clientIds ? { clientIds } : {}) },
    ...(subscription ? { subscription } : {}),
  };
}

const whom = (holding: AppHolding) => {
  const named = holding.names.join(', ');
  const more = holding.holders - holding.names.length;
  return more > 0 ? `${named} and ${more} more` : named;
};

/** One sentence per harm: what the change does, to whom. */
export function describeHarm(harm: CatalogHarm): string {
  const { app, holding } = harm;
  const label = `${app.appId} (${app.name})`;
  switch (harm.kind) {
    case 'seatsBelowAssigned':
      return (
        `${label}: seats ${harm.seatsBefore} → ${app.seatsPurchased} while ${holding.seatsAssigned} users hold it ` +
        `(${whom(holding)}): it becomes over-assigned by ${holding.seatsAssigned - app.seatsPurchased}. Nobody loses ` +
        `a seat; new assignments are refused until admins unassign that many users or seats are added.`
      );
    case 'removedWithHolders':
      return (
        `${label} is removed while ${holding.holders} users and groups hold it (${holding.seatsAssigned} seats: ` +
        `${whom(holding)}): they keep it; admins still see it, marked as removed, to unassign them; ` +
        `nobody can be added. It leaves the catalog once nobody holds it.`
      );
    case 'appIdChanged':
      return holding.holders === 0
        ? `${label} changes its id to ${harm.newAppId}: nobody holds ${app.appId}; its history stays under the old id.`
        : `${label} changes its id to ${harm.newAppId}: the ${holding.holders} users and groups holding ` +
            `${app.appId} (${whom(holding)}) keep it under the old id, shown as removed from the catalog, and ` +
            `${harm.newAppId} starts with nobody assigned. Admins must assign ${harm.newAppId} and unassign ${app.appId}.`;
  }
}
