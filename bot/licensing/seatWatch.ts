import type { CatalogApp } from './model';

/**
 * The port through which the ledger tells the seat alerts (bot/notices/seatAlerts.ts) what happened
 * to an app's seats, without knowing them. A committed change is only a nudge: the alerts are derived
 * from the audit trail, so one is not lost if the process dies before the nudge.
 */
export interface SeatWatch {
  /** A change to the app's assignments was committed. */
  changed(tenantId: string, appId: string): void;
  /** An assignment by `actorId` was refused for lack of seats (nothing was committed). */
  refused(
    tenantId: string,
    actorId: string,
    app: CatalogApp,
    seats: { needed: number; available: number; purchased: number; assigned: number },
  ): Promise<void>;
}
