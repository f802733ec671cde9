import type { Actor, CatalogApp, PrincipalRef, UnassignPreview } from './model';

/** What holdings need of the ledger (its unassign preview); an interface, so the ledger can use holdings. */
export interface HoldingsLedger {
  previewUnassign(actor: Actor, appId: string, principalIds: string[]): Promise<UnassignPreview>;
}

/** How one user or group holds one app. */
export interface Holding {
  app: CatalogApp;
  /** The app is assigned to the principal itself. */
  direct: boolean;
  /** The assigned groups it holds the app through (for a group: its members hold it through). */
  through: PrincipalRef[];
  /** For a group not assigned itself: how many of its members hold the app (of how many; how many directly). */
  membersHolding?: number;
  memberCount?: number;
  membersDirect?: number;
}

/** Apps asked about at once: a catalog can list hundreds, each one ledger read. */
const PARALLEL_APPS = 8;

/**
 * Every app of the catalog the principal holds, and how (PRODUCT.md "People"). The ledger's unassign
 * preview already works out, for a principal, its own assignment and every group giving it the app;
 * nothing is prepared or changed.
 */
export async function holdingsOf(
  ledger: HoldingsLedger,
  actor: Actor,
  principalId: string,
  catalog: readonly CatalogApp[],
): Promise<Holding[]> {
  const found: (Holding | undefined)[] = new Array(catalog.length);
  let next = 0;
  const worker = async () => {
    while (next < catalog.length) {
      const index = next++;
      found[index] = await holdingOf(ledger, actor, principalId, catalog[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_APPS, catalog.length) }, worker));
  return found.filter((holding): holding is Holding => holding !== undefined);
}

async function holdingOf(
  ledger: HoldingsLedger,
  actor: Actor,
  principalId: string,
  app: CatalogApp,
): Promise<Holding | undefined> {
  const preview = await ledger.previewUnassign(actor, app.appId, [principalId]);
  const [assigned] = preview.effects;
  if (assigned) {
    const groups = assigned.principal.kind === 'user' ? (assigned.keptThrough[0]?.via ?? []) : [];
    return { app, direct: true, through: groups.filter((via) => via.kind === 'group') };
  }
  const [named] = preview.notAssigned;
  if (!named || (named.heldThrough.length === 0 && !named.membersHolding)) return undefined;
  return {
    app,
    direct: false,
    through: named.heldThrough,
    ...(named.kind === 'group'
      ? {
          membersHolding: named.membersHolding,
          memberCount: named.memberCount,
          membersDirect: named.membersDirect,
        }
      : {}),
  };
}
