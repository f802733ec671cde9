/**
 * The licensing core's vocabulary. No botbuilder, no cards: plain data the conversation layer
 * turns into cards.
 */

export interface Vendor {
  name: string;
  email: string;
  website: string;
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

export type AuditAction = 'assign' | 'unassign';

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
  actor: { userId: string; name: string };
  at: string;
  seatsBefore: number;
  seatsAfter: number;
  confirmationId?: string;
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
