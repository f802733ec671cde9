import type { FeedEntry } from '../licensing/changeFeed';
import type { CatalogApp } from '../licensing/model';
import type { SubscriptionOutcome } from '../licensing/vendorCatalog';

/** The licensing core's values as the API answers them (openapi.json's schemas). */

export function apiApp(app: CatalogApp) {
  return {
    appId: app.appId,
    name: app.name,
    vendor: app.vendor,
    installUrl: app.installUrl,
    ...(app.description !== undefined ? { description: app.description } : {}),
    seatsPurchased: app.seatsPurchased,
    subscription: {
      state: app.subscription?.state ?? 'active',
      ...(app.subscription?.renewsOn ? { renewsOn: app.subscription.renewsOn } : {}),
    },
    ...(app.removedAt ? { removedAt: app.removedAt } : {}),
  };
}

export function apiSubscription(outcome: SubscriptionOutcome) {
  const { app, seats, replayed } = outcome;
  return {
    appId: app.appId,
    state: app.subscription?.state ?? 'active',
    ...(app.subscription?.renewsOn ? { renewsOn: app.subscription.renewsOn } : {}),
    seatsPurchased: seats.seatsPurchased,
    seatsAssigned: seats.seatsAssigned,
    overAssignedBy: Math.max(0, seats.seatsAssigned - seats.seatsPurchased),
    replayed,
  };
}

/** One audit entry as a change of the feed: who, what was added and removed, seats after. */
export function apiChange(entry: FeedEntry) {
  const principals = entry.principals.map(({ kind, id, displayName }) => ({ kind, id, displayName }));
  return {
    seq: entry.seq,
    time: entry.at,
    action: entry.action,
    actor: {
      kind: entry.actor.kind ?? 'admin',
      id: entry.actor.userId,
      name: entry.actor.name,
    },
    added: { principals: entry.action === 'assign' ? principals : [], users: entry.users.added },
    removed: { principals: entry.action === 'unassign' ? principals : [], users: entry.users.removed },
    seatsAssignedBefore: entry.seatsBefore,
    seatsAssigned: entry.seatsAfter,
    ...(entry.subscription ? { subscription: entry.subscription } : {}),
  };
}
