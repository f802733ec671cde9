import { randomUUID } from 'node:crypto';
import type { TenantJob } from '../background/scheduler';
import type { CatalogStore } from './catalogStore';
import type { ChangeNotices } from './changeNotices';
import { CONFLICT, type LedgerCommits } from './ledgerCommits';
import { assignmentKey, type AssignmentRecord } from './ledgerDocuments';
import type { LicensingStore } from './licensingStore';
import { LicenseError, type Actor, type CatalogApp, type PrincipalRef } from './model';
import { holders, type DirectoryView } from './seats';

/** Who removes a seat at its end date: the bot itself, as the audit trail names it. */
export const SCHEDULE_ACTOR = { userId: 'license-desk', name: 'License Desk' };

/**
 * Where the admins' reminder goes (the outbox, to the alert channel): sent once per `reminderId`
 * however often it is handed over. The people whose seat ended are told through the ledger's
 * ChangeNotices, written before the commit that ends it.
 */
export interface SeatEndReminders {
  ending(tenantId: string, seat: EndingSeat): Promise<void>;
}

/** The seat-ends job: every interval, per tenant with a catalog, end what is due, then remind. */
export function seatEndsJob(
  seatEnds: SeatEnds,
  intervalMs: number,
  tenants: () => Promise<string[]>,
  reminders?: SeatEndReminders,
): TenantJob {
  return {
    intervalMs,
    tenants,
    async run({ tenantId }) {
      const ended = await seatEnds.endDue(tenantId);
      const ending = await seatEnds.endingSoon(tenantId);
      for (const seat of ending) await reminders?.ending(tenantId, seat);
      return { ended: ended.reduce((sum, seats) => sum + seats.seats.length, 0), ending: ending.length };
    },
  };
}

/** Admins are reminded this long before a time-bound seat ends. */
export const REMINDER_BEFORE_MS = 7 * 24 * 60 * 60 * 1000;

/** A time-bound seat removed at its end date. */
export interface EndedSeat {
  app: CatalogApp;
  principal: PrincipalRef;
  until: string;
}

/** One app's seats ended by one commit, and the users who no longer hold the app. */
export interface EndedSeats {
  app: CatalogApp;
  seats: EndedSeat[];
  usersLost: string[];
  opId: string;
}

/** A time-bound seat that ends within the reminder window: admins are told once (`reminderId`). */
export interface EndingSeat {
  reminderId: string;
  app: CatalogApp;
  principal: PrincipalRef;
  until: string;
}

/**
 * Marks that the admins were reminded of one end date; written once (409 afterwards), so a reminder
 * goes out once across instances and runs. An extension gives a new end date, hence a new reminder.
 */
export interface SeatReminderDocument {
  id: string;
  tenantId: string;
  type: 'seatReminder';
  appId: string;
  kind: 'u' | 'g';
  principalId: string;
  until: string;
  createdAt: string;
}

export const seatReminderId = (appId: string, record: { k: 'u' | 'g'; id: string; until: string }) =>
  `seatreminder:${appId}:${record.k}:${record.id.toLowerCase()}:${Date.parse(record.until)}`;

export interface SeatEndsDeps {
  store: LicensingStore;
  commits: LedgerCommits;
  catalogs: CatalogStore;
  now: () => Date;
  view: (tenantId: string) => DirectoryView;
  /** The outbox: the people whose seat ends are told once the commit lands. */
  notices?: ChangeNotices;
}

/**
 * Time-bound seats (`assign … until 30 June`): the end date is kept on the assignment itself, so the
 * ledger head stays the one commit point. The seat-ends job (on the scheduler, under a claim per
 * tenant) removes what is due with one IfMatch commit per app, audited as `end`: another instance that
 * read the same head loses the commit and, on a fresh read, finds nothing left to end — a seat is
 * ended once whatever the instances.
 */
export class SeatEnds {
  constructor(private readonly deps: SeatEndsDeps) {}

  /** Removes every assignment of the tenant whose end date has passed. */
  async endDue(tenantId: string): Promise<EndedSeats[]> {
    const ended: EndedSeats[] = [];
    for (const app of await this.deps.catalogs.get(tenantId)) {
      const state = await this.deps.commits.load(tenantId, app.appId);
      if (!state.assignments.some((record) => this.isDue(record))) continue;
      const done = await this.endDueOf(tenantId, app);
      if (done) ended.push(done);
    }
    return ended;
  }

  /**
   * Seats ending within the reminder window, each with its reminder (written the first time it is
   * seen, with what the admin's buttons act on). Listed on every run until they end: the reminder is
   * sent under its id, once (the outbox keeps one notice per id).
   */
  async endingSoon(tenantId: string): Promise<EndingSeat[]> {
    const { store, commits, catalogs, now, view } = this.deps;
    const at = now();
    const horizon = at.getTime() + REMINDER_BEFORE_MS;
    const found: EndingSeat[] = [];
    for (const app of await catalogs.get(tenantId)) {
      const state = await commits.load(tenantId, app.appId);
      for (const record of state.assignments) {
        if (!record.until || this.isDue(record) || Date.parse(record.until) > horizon) continue;
        const doc: SeatReminderDocument = {
          id: seatReminderId(app.appId, { ...record, until: record.until }),
          tenantId,
          type: 'seatReminder',
          appId: app.appId,
          kind: record.k,
          principalId: record.id,
          until: record.until,
          createdAt: at.toISOString(),
        };
        const written = await store.create(doc);
        if (!written.ok && written.reason !== 'conflict') {
          throw new LicenseError('StorageUnavailable', { reason: written.reason });
        }
        const principal = await view(tenantId).ref(record.k === 'u' ? 'user' : 'group', record.id);
        found.push({ reminderId: doc.id, app, principal, until: record.until });
      }
    }
    return found;
  }

  /** The reminder an admin acts on (Extend 30 days / Let it end), read in the admin's own tenant. */
  async reminder(tenantId: string, reminderId: string): Promise<SeatReminderDocument> {
    const doc = (await this.deps.store.read<SeatReminderDocument>(tenantId, reminderId))?.doc;
    if (!doc || doc.tenantId !== tenantId || doc.type !== 'seatReminder') {
      throw new LicenseError('ConfirmationNotFound', { confirmationId: reminderId });
    }
    return doc;
  }

  /**
   * Moves the end date of the reminded assignment `days` later, if it still ends when the reminder
   * said (a second click, or another admin, finds it moved: `SeatEndChanged`, nothing changes).
   */
  async extend(actor: Actor, reminder: SeatReminderDocument, days: number): Promise<string> {
    const { commits, now } = this.deps;
    const key = assignmentKey({ k: reminder.kind, id: reminder.principalId });
    const opId = randomUUID();
    return commits.untilCommitted(actor.tenantId, reminder.appId, async (state) => {
      const record = state.assignments.find((candidate) => assignmentKey(candidate) === key);
      if (!record?.until) throw new LicenseError('SeatEndChanged', { until: '' });
      if (record.until !== reminder.until) {
        if (state.doc.recentAudit.some((entry) => entry.opId === opId)) return record.until;
        throw new LicenseError('SeatEndChanged', { until: record.until });
      }
      const until = new Date(Date.parse(record.until) + days * 24 * 60 * 60 * 1000).toISOString();
      const principal = await this.deps
        .view(actor.tenantId)
        .ref(record.k === 'u' ? 'user' : 'group', record.id);
      const seats = (await commits.holdersOf(state, this.deps.view(actor.tenantId))).size;
      const committed = await commits.commit(
        state,
        {
          remove: new Set([key]),
          add: [{ ...record, until }],
          audit: {
            opId,
            action: 'extend',
            appId: reminder.appId,
            principals: [principal],
            actor: { userId: actor.userId, name: actor.name },
            at: now().toISOString(),
            seatsBefore: seats,
            seatsAfter: seats,
            until,
          },
        },
        this.deps.view(actor.tenantId),
      );
      return committed ? until : CONFLICT;
    });
  }

  private async endDueOf(tenantId: string, app: CatalogApp): Promise<EndedSeats | undefined> {
    const { commits, now } = this.deps;
    const view = this.deps.view(tenantId);
    const opId = randomUUID();
    let attempted: EndedSeats | undefined;
    return commits.untilCommitted(tenantId, app.appId, async (state) => {
      if (attempted && state.doc.recentAudit.some((entry) => entry.opId === opId)) return attempted;
      const due = state.assignments.filter((record) => this.isDue(record));
      if (due.length === 0) return undefined;
      const remove = new Set(due.map(assignmentKey));
      const before = await commits.holdersOf(state, view);
      const after = await holders(
        state.assignments.filter((record) => !remove.has(assignmentKey(record))),
        view,
      );
      const principals = await Promise.all(
        due.map((record) => view.ref(record.k === 'u' ? 'user' : 'group', record.id)),
      );
      attempted = {
        app,
        seats: due.map((record, i) => ({ app, principal: principals[i], until: record.until! })),
        usersLost: [...before].filter((user) => !after.users.has(user)),
        opId,
      };
      const usersLost = attempted.usersLost;
      const notices =
        usersLost.length > 0
          ? this.deps.notices?.documentsFor({
              tenantId,
              action: 'end',
              app,
              actor: { tenantId, ...SCHEDULE_ACTOR },
              opId,
              seq: state.doc.auditSeq + 1,
              gained: [],
              lost: usersLost,
            })
          : undefined;
      const committed = await commits.commit(
        state,
        {
          ...(notices ? { before: notices.documents } : {}),
          remove,
          audit: {
            opId,
            action: 'end',
            appId: app.appId,
            principals,
            actor: SCHEDULE_ACTOR,
            at: now().toISOString(),
            seatsBefore: before.size,
            seatsAfter: after.users.size,
          },
        },
        view,
      );
      if (!committed) return CONFLICT;
      if (notices?.noticeId) this.deps.notices?.committed(tenantId, notices.noticeId);
      return attempted;
    });
  }

  private isDue(record: AssignmentRecord): boolean {
    return !!record.until && Date.parse(record.until) <= this.deps.now().getTime();
  }
}
