/**
 * Seat alerts' memory per tenant and app (`seatalert:<appId>`, one small document): the admins'
 * threshold, whether each alert is armed or has fired (so a crossing alerts once, not once per
 * assign, and is re-armed when seats go back above the threshold), the last audit entry looked at,
 * snoozes, and the alerts decided but not yet handed to the outbox.
 */

export type SeatAlertKind = 'low' | 'refused' | 'over';

export const SEAT_ALERT_KINDS: readonly SeatAlertKind[] = ['low', 'refused', 'over'];

/** The numbers an alert shows. */
export interface SeatNumbers {
  purchased: number;
  assigned: number;
  available: number;
  threshold: number;
  /** Seats an assignment asked for (refused only). */
  needed?: number;
}

export interface PendingAlert {
  /** The outbox batch id: handing it over twice writes nothing the second time. */
  noticeId: string;
  alert: SeatAlertKind;
  numbers: SeatNumbers;
  /** An admin not to tell (who was refused: the refusal card told them). */
  except?: string;
}

export interface SeatAlertDocument {
  id: string;
  tenantId: string;
  type: 'seatAlert';
  appId: string;
  /** Set by `alert me when … has N seats left`; absent: the default. */
  threshold?: number;
  /** Fired: available seats are at or below the threshold and the admins were told. */
  low: 'armed' | 'fired';
  /** Fired: more users hold the app than seats purchased and the admins were told. */
  over: 'armed' | 'fired';
  /** The newest audit entry of the app's ledger already looked at. */
  seenSeq: number;
  /** Per kind, alerts are suppressed until this time (ISO). */
  snoozedUntil?: Partial<Record<SeatAlertKind, string>>;
  /** When the last refusal alert was decided: one per app and REFUSAL_QUIET_MS at most. */
  refusedAt?: string;
  /** Decided (claimed with IfMatch) and not yet in the outbox: the next run hands them over. */
  pending: PendingAlert[];
}

export const seatAlertId = (appId: string) => `seatalert:${appId}`;

/** Refusals within this long of the last refusal alert of an app are not alerted again. */
export const REFUSAL_QUIET_MS = 60 * 60 * 1000;

export const SNOOZE_MS = 7 * 24 * 60 * 60 * 1000;

/** The default threshold: 10 % of the seats purchased, rounded up, at least 1. */
export function defaultThreshold(purchased: number): number {
  return Math.max(1, Math.ceil(purchased / 10));
}

export function thresholdOf(state: SeatAlertDocument | undefined, purchased: number): number {
  return state?.threshold ?? defaultThreshold(purchased);
}

export function newSeatAlertState(tenantId: string, appId: string): SeatAlertDocument {
  return {
    id: seatAlertId(appId),
    tenantId,
    type: 'seatAlert',
    appId,
    low: 'armed',
    over: 'armed',
    seenSeq: 0,
    pending: [],
  };
}

export function isSnoozed(state: SeatAlertDocument, alert: SeatAlertKind, now: Date): boolean {
  const until = state.snoozedUntil?.[alert];
  return until !== undefined && Date.parse(until) > now.getTime();
}

/**
 * Walks the app's seat counts in order (each committed change's seats after it, then the count now)
 * and decides the alerts: `low` when available seats fall to the threshold while armed, re-armed
 * above it; `over` when more users hold the app than seats purchased, re-armed when no longer.
 * A snoozed kind still fires (the crossing happened) but is not alerted.
 */
export function decideCrossings(
  state: SeatAlertDocument,
  purchased: number,
  assignedCounts: readonly number[],
  now: Date,
): { state: SeatAlertDocument; alerts: Omit<PendingAlert, 'noticeId'>[] } {
  const threshold = thresholdOf(state, purchased);
  let { low, over } = state;
  const alerts: Omit<PendingAlert, 'noticeId'>[] = [];
  for (const assigned of assignedCounts) {
    const available = purchased - assigned;
    const numbers = { purchased, assigned, available: Math.max(0, available), threshold };
    if (available <= threshold) {
      // Over-assigned says more than "few left": one alert, not two.
      const told = assigned > purchased || isSnoozed(state, 'low', now);
      if (low === 'armed' && !told) alerts.push({ alert: 'low', numbers });
      low = 'fired';
    } else {
      low = 'armed';
    }
    if (assigned > purchased) {
      if (over === 'armed' && !isSnoozed(state, 'over', now)) alerts.push({ alert: 'over', numbers });
      over = 'fired';
    } else {
      over = 'armed';
    }
  }
  return { state: { ...state, low, over }, alerts };
}
