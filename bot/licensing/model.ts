/**
 * The licensing core's vocabulary. No botbuilder, no cards: plain data the conversation layer
 * turns into cards.
 */

export interface Vendor {
  name: string;
  email: string;
  website: string;
  /**
   * Microsoft Entra app (client) ids of the vendor's own apps allowed to call the licensing API for
   * this app: the vendor's app checks seats and follows changes with them.
   */
  clientIds?: string[];
}

export type SubscriptionState = 'active' | 'suspended' | 'expired';

/** The vendor's subscription for one app, set through the licensing API. */
export interface Subscription {
  state: SubscriptionState;
  renewsOn?: string;
  updatedAt: string;
  /** The newest operations applied (id and a digest of their body), so a retried call changes nothing. */
  operations: { id: string; digest: string }[];
  /** The newest change, so a retry of its operation can complete an audit a crash interrupted. */
  lastChange?: SubscriptionChange & { operationId: string };
}

/** An ISV app in a tenant's catalog. Seats purchased change only through the vendor side. */
export interface CatalogApp {
  appId: string;
  name: string;
  vendor: Vendor;
  seatsPurchased: number;
  installUrl: string;
  description?: string;
  /**
   * Set when the vendor side removed the app while people still held it: admins still see it (to
   * unassign), new assignments are refused, and it leaves the catalog once nobody holds it.
   */
  removedAt?: string;
  /** Seats purchased before the vendor reduced them; kept while seats stay below it. */
  seatsReducedFrom?: number;
  /** Absent: active (apps loaded before the vendor ever set a state). */
  subscription?: Subscription;
}

/** Who performs a change: the admin, from the activity (never from text or card data). */
export interface Actor {
  tenantId: string;
  userId: string;
  name: string;
  /** The admin's locale: the language of notices to people whose own is not known. */
  locale?: string;
}

export interface SeatSummary {
  seatsPurchased: number;
  /** Distinct users holding the app (directly or through any assigned group). */
  seatsAssigned: number;
  /** max(0, purchased - assigned). */
  seatsAvailable: number;
  /** True when more users hold the app than seats purchased (a group grew, or the vendor cut seats). */
  overAssigned: boolean;
}

export interface AppSeats extends SeatSummary {
  app: CatalogApp;
}

export interface PrincipalRef {
  kind: 'user' | 'group';
  id: string;
  displayName: string;
}

export interface Holder extends PrincipalRef {
  /** Transitive user members, for groups. */
  memberCount?: number;
  assignedAt: string;
  assignedBy: string;
  /** When a time-bound assignment ends (ISO). */
  until?: string;
}

export interface AppDetails extends AppSeats {
  holders: Holder[];
  /** All holders (users and groups directly assigned). */
  totalHolders: number;
  /** Offset of the next page, when there is one. */
  nextOffset?: number;
}

export interface AssignOutcome {
  app: CatalogApp;
  assigned: PrincipalRef[];
  /** Seats each of `assigned` newly used (users who held no seat yet, each counted once), in order. */
  newSeats: number[];
  /** Principals that already held the app: reported, not duplicated. */
  alreadyAssigned: PrincipalRef[];
  seatsBefore: number;
  seatsAfter: number;
  seats: SeatSummary;
  /** The notices of this change: their batch in the outbox and how many people they go to. */
  notices?: ChangeNoticesSent;
}

export interface ChangeNoticesSent {
  noticeId: string;
  recipients: number;
}

/** What an assign would do now (the bulk preview); nothing is changed. */
export interface AssignPreview {
  app: CatalogApp;
  /** Principals that would be assigned. */
  toAdd: PrincipalRef[];
  /** Principals already assigned the app themselves: left as they are. */
  already: PrincipalRef[];
  /** Users who would newly hold the app (each counted once). */
  seatsNeeded: number;
  seatsAvailable: number;
  seatsBefore: number;
}

export interface UnassignEffect {
  principal: PrincipalRef;
  /** Seats that come back when this principal is removed (within this request). */
  seatsFreed: number;
  /**
   * Users who keep the app through other assignments: every one that gives it to them (their own
   * direct assignment first, then groups in the ledger's order).
   */
  keptThrough: { userId: string; displayName: string; via: PrincipalRef[] }[];
  /** How many users keep the app through another assignment; `keptThrough` lists the first few. */
  keptCount: number;
}

/** A principal named for unassigning that is not itself assigned the app. */
export interface NotAssigned extends PrincipalRef {
  /**
   * The assignments that give it the app now, most users covered first: for a user the groups it is
   * a member of; for a group the groups and direct assignments its members hold it through.
   */
  heldThrough: PrincipalRef[];
  /** For a group: how many of its members hold the app (of how many), and how many of those directly. */
  membersHolding?: number;
  memberCount?: number;
  membersDirect?: number;
}

export interface UnassignPreview {
  app: CatalogApp;
  effects: UnassignEffect[];
  /** Principals named that are not assigned the app themselves (they may still hold it through others). */
  notAssigned: NotAssigned[];
  seatsBefore: number;
  seatsAfter: number;
}

export interface Confirmation {
  confirmationId: string;
  expiresAt: string;
  preview: UnassignPreview;
}

export interface UnassignOutcome {
  app: CatalogApp;
  removed: PrincipalRef[];
  seatsBefore: number;
  seatsAfter: number;
  seats: SeatSummary;
  notices?: ChangeNoticesSent;
}

/**
 * `subscription`: the vendor changed seats purchased or the subscription state (no principal changes);
 * `end`: a time-bound seat removed at its date by the seat-ends job; `extend`: its end date moved.
 */
export type AuditAction = 'assign' | 'unassign' | 'subscription' | 'end' | 'extend';

/** A vendor's subscription change as audited: before and after. */
export interface SubscriptionChange {
  seatsPurchasedBefore: number;
  seatsPurchased: number;
  stateBefore: SubscriptionState;
  state: SubscriptionState;
  renewsOn?: string;
}

export interface AuditEntry {
  seq: number;
  action: AuditAction;
  appId: string;
  /** The principals named; only the first few when `principalCount` says there were more. */
  principals: PrincipalRef[];
  /** How many principals the change named, when `principals` lists only the first few. */
  principalCount?: number;
  /** The document holding all of them then (`LicenseLedger.auditPrincipals` reads it). */
  detailId?: string;
  /** An admin (from the activity), or the vendor (`kind: 'vendor'`, userId = its calling app's client id). */
  actor: { userId: string; name: string; kind?: 'vendor' };
  at: string;
  seatsBefore: number;
  seatsAfter: number;
  confirmationId?: string;
  /** The users who gained or lost their seat with this change, when few (`usersDetail` otherwise). */
  users?: { added: string[]; removed: string[] };
  /** Where the users of a larger change are: documents read by id, and how many gained and lost. */
  usersDetail?: { ids: string[]; added: number; removed: number };
  subscription?: SubscriptionChange;
  /** An approved request (requests.ts): who asked; `actor` is the admin who approved. */
  requestedBy?: { userId: string; name: string };
  /** The end date a time-bound assignment (or extension) set (ISO). */
  until?: string;
}

/** Error kinds the user sees, translated. `params` fill the message. */
export type LicenseErrorKind =
  | 'CatalogMissing'
  | 'CatalogInvalid'
  | 'AppNotFound'

  /** The app left the vendor's catalog: its holders can be unassigned, nobody can be added. */
  | 'AppRemoved'
  | 'PrincipalNotFound'
  | 'NothingToAssign'
  | 'NothingToUnassign'
  | 'TooManyPrincipals'
  | 'NotEnoughSeats'
  | 'ConfirmationNotFound'
  | 'ConfirmationUsed'
  | 'ConfirmationCancelled'
  | 'ConfirmationExpired'
  | 'ConfirmationChanged'
  | 'ConfirmationNotYours'
  /** A request card names a request this tenant does not have (forged, or of another tenant). */
  | 'RequestNotFound'
  /** A time-bound seat's end date moved (or it ended) since the reminder was shown. */
  | 'SeatEndChanged'
  | 'Busy'
  | 'StorageUnavailable'
  /** Storage failed while the commit itself was being written: it may have landed. */
  | 'StorageUncertain';

export class LicenseError extends Error {
  constructor(
    readonly kind: LicenseErrorKind,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${kind} ${JSON.stringify(params)}`);
    this.name = 'LicenseError';
  }
}
