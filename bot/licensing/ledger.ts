import { randomUUID } from 'node:crypto';
import type { Directory, Principal } from '../directory/directory';
import type { DocumentStore, TenantDocument } from '../storage/documentStore';
import { AuditHistory } from './auditHistory';
import type { ChangeNotices, NoticeWorthyChange } from './changeNotices';
import { CatalogStore } from './catalogStore';
import { ChangeFeed, type FeedPage } from './changeFeed';
import { UnassignConfirmations, throwIfSettled, type ConfirmationStatus } from './confirmations';
import { Housekeeping } from './housekeeping';
import { LedgerCache } from './ledgerCache';
import {
  CONFLICT,
  LedgerCommits,
  allAssignments,
  contentsOf,
  ownCommitLanded,
  type LedgerState,
} from './ledgerCommits';
import {
  DEFAULT_LIMITS,
  assignmentKey,
  ledgerId,
  seatsId,
  type LedgerDocument,
  type LedgerLimits,
  type SeatsDocument,
} from './ledgerDocuments';
import { LicensingStore } from './licensingStore';
import type { SeatWatch } from './seatWatch';
import {
  LicenseError,
  type Actor,
  type AppDetails,
  type AppSeats,
  type AssignOutcome,
  type AssignPreview,
  type AuditEntry,
  type CatalogApp,
  type ChangeNoticesSent,
  type Confirmation,
  type Holder,
  type PrincipalRef,
  type SubscriptionChange,
  type UnassignOutcome,
  type UnassignPreview,
} from './model';
import { DirectoryView, seatSummary, toRef, usersOf } from './seats';
import { BulkLists } from './bulkLists';
import { holderRows, type HolderRow } from './holderExport';
import { Offboarding } from './offboarding';
import { SeatEnds } from './seatEnds';
import { planUnassign, type PlannedUnassign } from './unassignPreview';

export interface AppHoldings {
  /** The ledger head's etag (absent before the first assignment). */
  etag?: string;
  /** Users assigned directly (lowercase ids). */
  direct: ReadonlySet<string>;
  /** Each assigned group and its transitive user members (lowercase ids). */
  groups: { ref: PrincipalRef; members: ReadonlySet<string> }[];
  /** Cache clock time until which the group expansions may be reused. */
  validUntil: number;
}

export interface LedgerDeps {
  store: DocumentStore;
  directory: Directory;
  now?: () => Date;
  /** How long an unassign confirmation can be used (default 15 minutes). */
  confirmationTtlMs?: number;
  limits?: Partial<LedgerLimits>;
  /** Conditional commits tried before answering `Busy` (default 25). */
  commitAttempts?: number;
  /** Chunk contents, holder sets and group expansions kept between operations (default: one per ledger). */
  cache?: LedgerCache;
  /** Without `cache`: how long a group's expansion is reused (default 10 s; 0: ask the directory every time). */
  membershipCacheMs?: number;
  /**
   * How long this instance reuses a tenant's catalog before reading it again (default 0: read on
   * every operation). The catalog is written by the vendor side; a purchase shows up after at most this.
   */
  catalogCacheMs?: number;
  /** Where the notices of a change go (the outbox): written before its commit, live if it lands. */
  notices?: ChangeNotices;
  /** Told of committed changes and of refusals for lack of seats (the seat alerts). */
  seatWatch?: SeatWatch;
}

/** What an assignment may carry besides its principals: an end date, the request it approves. */
export interface AssignExtra {
  until?: string;
  requestedBy?: AuditEntry['requestedBy'];
}

/**
 * Seats, assignments, unassign confirmations and the audit trail of a tenant's ISV apps: the
 * operations the conversation calls. Each decides a change against the state it read and hands it to
 * the commit engine (ledgerCommits.ts: one conditional replace of the app's ledger head, re-decided on
 * 412). Confirmations (confirmations.ts), the audit trail as read back (auditHistory.ts) and the
 * housekeeping sweep (housekeeping.ts) are their own parts, built here from the same dependencies.
 * Nothing another instance needs is kept in memory, so any number of instances can share the container:
 * the cache (ledgerCache.ts) holds immutable chunk contents and confirmations, what derives from one
 * write of a ledger head (named by its etag), group expansions for a few seconds, and the newest head
 * seen per app — only as the first guess of a change, which its IfMatch commit proves or refutes.
 * Views read the heads afresh.
 */
export class LicenseLedger {
  readonly housekeeping: Housekeeping;
  /** Time-bound seats: their removal at the end date, reminders and extensions. */
  readonly seatEnds: SeatEnds;
  /** Every direct assignment of one person, behind one confirmation card. */
  readonly offboarding: Offboarding;
  /** Pasted lists waiting for Assign all (the bulk preview). */
  readonly bulkLists: BulkLists;
  private readonly store: LicensingStore;
  private readonly directory: Directory;
  private readonly now: () => Date;
  private readonly limits: LedgerLimits;
  private readonly catalogs: CatalogStore;
  private readonly cache: LedgerCache;
  private readonly commits: LedgerCommits;
  private readonly confirmations: UnassignConfirmations;
  private readonly audit: AuditHistory;
  private readonly feed: ChangeFeed;
  private readonly notices?: ChangeNotices;
  private readonly seatWatch?: SeatWatch;

  constructor(deps: LedgerDeps) {
    this.store = new LicensingStore(deps.store);
    this.directory = deps.directory;
    this.now = deps.now ?? (() => new Date());
    this.notices = deps.notices;
    this.seatWatch = deps.seatWatch;
    this.limits = { ...DEFAULT_LIMITS, ...deps.limits };
    this.catalogs = new CatalogStore(deps.store, this.now, deps.catalogCacheMs);
    this.cache = deps.cache ?? new LedgerCache({ membershipMs: deps.membershipCacheMs });
    const { store, cache, now, limits } = this;
    this.commits = new LedgerCommits({
      store,
      cache,
      now,
      limits,
      commitAttempts: deps.commitAttempts ?? 25,
    });
    this.confirmations = new UnassignConfirmations({
      store,
      cache,
      now,
      commits: this.commits,
      ttlMs: deps.confirmationTtlMs ?? 15 * 60 * 1000,
    });
    this.audit = new AuditHistory(store, cache);
    this.feed = new ChangeFeed(store);
    this.housekeeping = new Housekeeping({ store, now, limits });
    this.offboarding = new Offboarding({
      ledger: this,
      store,
      now,
      ttlMs: deps.confirmationTtlMs ?? 15 * 60 * 1000,
    });
    this.bulkLists = new BulkLists(store, now, deps.confirmationTtlMs ?? 15 * 60 * 1000);
    this.seatEnds = new SeatEnds({
      store,
      commits: this.commits,
      catalogs: this.catalogs,
      now,
      view: (tenantId) => this.view(tenantId),
      notices: deps.notices,
    });
  }

  async putCatalog(tenantId: string, apps: CatalogApp[]): Promise<void> {
    await this.catalogs.put(tenantId, apps);
  }

  /** The catalog as stored now, with its etag, for a change decided on it (the vendor side). */
  readCatalogForChange(tenantId: string): Promise<{ apps: CatalogApp[]; etag: string } | undefined> {
    return this.catalogs.read(tenantId);
  }

  /** Writes the catalog over the one read with `etag` (`null`: where there is none); false if it moved since. */
  putCatalogIfUnchanged(tenantId: string, apps: CatalogApp[], etag: string | null): Promise<boolean> {
    return this.catalogs.put(tenantId, apps, etag);
  }

  /**
   * Who holds an app, read afresh from its ledger head (chunks and group expansions from the cache
   * when still valid): the direct users, each assigned group's members, and until when (cache clock)
   * the group expansions hold. The licensing API's check and holder list are built on it.
   */
  async holdings(tenantId: string, appId: string): Promise<AppHoldings> {
    const state = await this.commits.load(tenantId, appId);
    const view = this.view(tenantId);
    const direct = new Set<string>();
    const groupIds: string[] = [];
    for (const record of state.assignments) {
      if (record.k === 'u') direct.add(record.id.toLowerCase());
      else groupIds.push(record.id);
    }
    const expansions = await Promise.all(groupIds.map((id) => view.expansion(id)));
    const groups = await Promise.all(
      groupIds.map(async (id, i) => ({ ref: await view.ref('group', id), members: expansions[i].set() })),
    );
    const validUntil = Math.min(Infinity, ...expansions.map((expansion) => expansion.validUntil));
    return { etag: state.etag, direct, groups, validUntil };
  }

  /**
   * Audits a vendor's subscription change in the app's ledger (seats assigned unchanged); `opId`
   * makes a retried call land once.
   */
  async recordSubscriptionChange(
    tenantId: string,
    appId: string,
    vendor: { clientId: string; name: string },
    change: SubscriptionChange,
    opId: string,
  ): Promise<void> {
    const view = this.view(tenantId);
    await this.commits.untilCommitted(tenantId, appId, async (state) => {
      if (ownCommitLanded(state, opId)) return undefined;
      const users = await this.commits.holdersOf(state, view);
      const committed = await this.commits.commit(
        state,
        {
          audit: {
            opId,
            action: 'subscription',
            appId,
            principals: [],
            actor: { userId: vendor.clientId, name: vendor.name, kind: 'vendor' },
            at: this.now().toISOString(),
            seatsBefore: users.size,
            seatsAfter: users.size,
            subscription: change,
          },
        },
        view,
      );
      return committed ? undefined : CONFLICT;
    });
  }

  /** Whether the audit entry of this operation is still among the newest few (the ledger's ring). */
  async auditedRecently(tenantId: string, appId: string, opId: string): Promise<boolean> {
    return ownCommitLanded(await this.commits.load(tenantId, appId), opId);
  }

  getCatalog(tenantId: string): Promise<CatalogApp[]> {
    return this.catalogs.get(tenantId);
  }

  /**
   * Every app with its seats, exact as of the last commit: one read of the apps' seat summaries
   * (written with each head, SeatsDocument), trusted while each assigned group still has the
   * membership counted; an app without a summary, or whose group changed, is counted from its head.
   */
  async listApps(tenantId: string): Promise<AppSeats[]> {
    const catalog = await this.catalogs.get(tenantId);
    const summaries = await this.store.readMany<SeatsDocument>(
      tenantId,
      catalog.map((app) => seatsId(app.appId)),
    );
    const view = this.view(tenantId);
    const trusted = await Promise.all(
      catalog.map(async (app) => {
        const summary = summaries.get(seatsId(app.appId))?.doc;
        return summary && (await this.stillCounts(summary, view)) ? summary : undefined;
      }),
    );
    // Without a summary: counted from the head, unless this instance saw that the app has none.
    const recount = catalog.filter((app, i) => !trusted[i] && !this.cache.headlessApp(tenantId, app.appId));
    const counted = recount.length > 0 ? await this.countFromHeads(tenantId, recount, view) : new Map();
    const seats = catalog.map((app, i) => trusted[i] ?? counted.get(app.appId) ?? { users: 0, held: false });
    // An app the vendor removed is listed while anybody holds it, for admins to unassign them.
    return catalog.flatMap((app, i) =>
      !app.removedAt || seats[i].held ? [{ app, ...seatSummary(app.seatsPurchased, seats[i].users) }] : [],
    );
  }

  /** Whether a seat summary's count holds: every group it counted has the same members now. */
  private async stillCounts(summary: SeatsDocument, view: DirectoryView): Promise<boolean> {
    for (const [groupId, fingerprint] of Object.entries(summary.groups)) {
      if ((await view.expansion(groupId)).fingerprint() !== fingerprint) return false;
    }
    return true;
  }

  /** Users holding each app, from the heads and chunks (apps with no usable seat summary). */
  private async countFromHeads(
    tenantId: string,
    apps: CatalogApp[],
    view: DirectoryView,
  ): Promise<Map<string, { users: number; held: boolean }>> {
    const found = await this.store.readMany<LedgerDocument>(
      tenantId,
      apps.map((app) => ledgerId(app.appId)),
    );
    const heads = apps.map((app) => found.get(ledgerId(app.appId)));
    heads.forEach((head, i) => {
      if (head) this.cache.putHead(tenantId, head.doc.appId, head.doc, head.etag);
      else this.cache.markHeadless(tenantId, apps[i].appId);
    });
    // A head already counted (same etag, group expansions still valid) needs nothing more; the
    // others need their chunks, read in one request for those this instance has not seen.
    const known = heads.map((head) => head && this.cache.holders(tenantId, head.doc.appId, head.etag));
    const read = await this.commits.chunksOf(
      tenantId,
      heads.flatMap((head, i) => (head && !known[i] ? head.doc.chunks : [])),
    );
    const counts = await Promise.all(
      apps.map(async (app, i) => {
        const head = heads[i];
        let users: ReadonlySet<string> = known[i]?.users ?? new Set();
        if (head && !known[i]) {
          const contents = contentsOf(head.doc, read);
          // A commit replaced this app's chunks between our two reads: read it again on its own.
          const state = contents
            ? { doc: head.doc, etag: head.etag, assignments: allAssignments(head.doc, contents) }
            : await this.commits.load(tenantId, app.appId);
          users = await this.commits.holdersOf(state, view);
        }
        return [app.appId, { users: users.size, held: isHeld(head?.doc) }] as const;
      }),
    );
    return new Map(counts);
  }

  /** `known`: the catalog entry the caller read this turn (saves reading the catalog again). */
  async details(
    tenantId: string,
    appId: string,
    offset = 0,
    pageSize = 10,
    known?: CatalogApp,
  ): Promise<AppDetails> {
    const [app, state] = await Promise.all([
      known?.appId === appId ? known : this.catalogs.app(tenantId, appId),
      this.commits.load(tenantId, appId),
    ]);
    const view = this.view(tenantId);
    const users = await this.commits.holdersOf(state, view);
    // Groups first, then users, each in the order they were assigned: stable without reading names.
    const ordered = [
      ...state.assignments.filter((record) => record.k === 'g'),
      ...state.assignments.filter((record) => record.k === 'u'),
    ];
    const start = Math.max(0, Math.floor(offset));
    const page = ordered.slice(start, start + Math.max(1, Math.floor(pageSize)));
    const holders: Holder[] = await Promise.all(
      page.map(async (record) => {
        const ref = await view.ref(record.k === 'u' ? 'user' : 'group', record.id);
        return {
          ...ref,
          ...(record.k === 'g' ? { memberCount: (await view.groupMembers(record.id)).length } : {}),
          assignedAt: record.at,
          assignedBy: record.by,
          ...(record.until ? { until: record.until } : {}),
        };
      }),
    );
    const next = start + page.length;
    return {
      app,
      ...seatSummary(app.seatsPurchased, users.size),
      holders,
      totalHolders: ordered.length,
      ...(next < ordered.length ? { nextOffset: next } : {}),
    };
  }

  /**
   * `until`: the end date of a time-bound assignment (ISO); the seat-ends job removes the seats then.
   * `requestedBy`: the assignment approves this person's request (written in the audit entry).
   */
  async assign(
    actor: Actor,
    appId: string,
    principalIds: string[],
    known?: CatalogApp,
    extra: AssignExtra = {},
  ): Promise<AssignOutcome> {
    try {
      return await this.commitAssign(actor, appId, principalIds, known, extra);
    } catch (error) {
      if (error instanceof LicenseError && error.kind === 'NotEnoughSeats' && this.seatWatch) {
        const { needed, available, purchased, assigned } = error.params as Record<string, number>;
        const app = known?.appId === appId ? known : await this.catalogs.app(actor.tenantId, appId);
        await this.seatWatch.refused(actor.tenantId, actor.userId, app, {
          needed,
          available,
          purchased,
          assigned,
        });
      }
      throw error;
    }
  }

  private async commitAssign(
    actor: Actor,
    appId: string,
    principalIds: string[],
    known: CatalogApp | undefined,
    { until, requestedBy }: AssignExtra,
  ): Promise<AssignOutcome> {
    this.checkRequestSize(principalIds, 'NothingToAssign');
    const view = this.view(actor.tenantId);
    const [app, principals] = await Promise.all([
      known?.appId === appId ? known : this.catalogs.app(actor.tenantId, appId),
      view.resolveAll(principalIds),
    ]);
    if (app.removedAt) throw new LicenseError('AppRemoved', { appId, app: app.name });
    const opId = randomUUID();
    let attempted: AssignOutcome | undefined;
    return this.commits.untilCommitted(actor.tenantId, appId, async (state) => {
      if (attempted && ownCommitLanded(state, opId)) return attempted;
      const held = this.cache.assignmentKeys(actor.tenantId, appId, state.etag, state.assignments);
      const already = principals.filter((principal) => held.has(keyOf(principal)));
      const toAdd = principals.filter((principal) => !held.has(keyOf(principal)));
      const before = await this.commits.holdersOf(state, view);
      // The users who would newly hold it, each counted for the first principal that gives it to them;
      // `before` is shared with the cache and never modified.
      const added = new Set<string>();
      const newSeats = toAdd.map(() => 0);
      for (const [i, principal] of toAdd.entries()) {
        for (const user of await usersOf(principal.kind === 'user' ? 'u' : 'g', principal.id, view))
          if (!before.has(user) && !added.has(user)) {
            added.add(user);
            newSeats[i]++;
          }
      }
      const after = { size: before.size + added.size };
      const needed = after.size - before.size;
      if (needed > 0 && after.size > app.seatsPurchased) {
        throw new LicenseError('NotEnoughSeats', {
          needed,
          available: Math.max(0, app.seatsPurchased - before.size),
          purchased: app.seatsPurchased,
          assigned: before.size,
        });
      }
      const outcome: AssignOutcome = {
        app,
        assigned: toAdd.map(toRef),
        newSeats,
        alreadyAssigned: already.map(toRef),
        seatsBefore: before.size,
        seatsAfter: after.size,
        seats: seatSummary(app.seatsPurchased, after.size),
      };
      if (toAdd.length === 0) return outcome;
      const at = this.now().toISOString();
      const notices = this.noticesOf(state, {
        tenantId: actor.tenantId,
        action: 'assign',
        app,
        actor,
        opId,
        gained: [...added],
        lost: [],
      });
      attempted = { ...outcome, ...(notices.sent ? { notices: notices.sent } : {}) };
      const committed = await this.commits.commit(
        state,
        {
          before: notices.documents,
          add: toAdd.map((principal) => ({
            k: principal.kind === 'user' ? 'u' : 'g',
            id: principal.id,
            at,
            by: actor.name,
            ...(until ? { until } : {}),
          })),
          audit: {
            opId,
            action: 'assign',
            appId,
            principals: outcome.assigned,
            actor: { userId: actor.userId, name: actor.name },
            at,
            seatsBefore: before.size,
            seatsAfter: after.size,
            ...(requestedBy ? { requestedBy } : {}),
            ...(until ? { until } : {}),
          },
          users: { added: [...added].sort(), removed: [] },
        },
        view,
      );
      if (!committed) return CONFLICT;
      if (notices.sent) this.notices?.committed(actor.tenantId, notices.sent.noticeId);
      this.seatWatch?.changed(actor.tenantId, appId);
      return attempted;
    });
  }

  /**
   * What assigning these principals would do, without changing anything (the bulk preview): who
   * already holds it directly, who would be added, and the seats that needs against those available.
   * The assign itself decides again on the ledger as it then is.
   */
  async previewAssign(actor: Actor, appId: string, principalIds: string[]): Promise<AssignPreview> {
    this.checkRequestSize(principalIds, 'NothingToAssign');
    const view = this.view(actor.tenantId);
    const [app, principals, state] = await Promise.all([
      this.catalogs.app(actor.tenantId, appId),
      view.resolveAll(principalIds),
      this.commits.load(actor.tenantId, appId),
    ]);
    const held = new Set(state.assignments.map(assignmentKey));
    const before = await this.commits.holdersOf(state, view);
    const added = new Set<string>();
    const toAdd: PrincipalRef[] = [];
    const already: PrincipalRef[] = [];
    for (const principal of principals) {
      if (held.has(keyOf(principal))) {
        already.push(toRef(principal));
        continue;
      }
      toAdd.push(toRef(principal));
      for (const user of await usersOf(principal.kind === 'user' ? 'u' : 'g', principal.id, view))
        if (!before.has(user)) added.add(user);
    }
    return {
      app,
      toAdd,
      already,
      seatsNeeded: added.size,
      seatsAvailable: Math.max(0, app.seatsPurchased - before.size),
      seatsBefore: before.size,
    };
  }

  async previewUnassign(actor: Actor, appId: string, principalIds: string[]): Promise<UnassignPreview> {
    return (await this.planRequestedUnassign(actor, appId, principalIds)).preview;
  }

  async prepareUnassign(
    actor: Actor,
    appId: string,
    principalIds: string[],
    known?: CatalogApp,
  ): Promise<Confirmation> {
    const plan = await this.planRequestedUnassign(actor, appId, principalIds, known);
    if (plan.preview.effects.length === 0) {
      throw new LicenseError('NothingToUnassign', {
        appId,
        principals: plan.preview.notAssigned.map((ref) => ref.displayName).join(', '),
      });
    }
    return this.confirmations.create(actor, appId, plan);
  }

  async confirmUnassign(actor: Actor, confirmationId: string): Promise<UnassignOutcome> {
    const [confirmation, apps] = await Promise.all([
      this.confirmations.usable(actor, confirmationId),
      this.catalogs.get(actor.tenantId),
    ]);
    const app = apps.find((candidate) => candidate.appId === confirmation.appId);
    if (!app) throw new LicenseError('AppNotFound', { appId: confirmation.appId });
    const view = this.view(actor.tenantId);
    const opId = randomUUID();
    let attempted: UnassignOutcome | undefined;
    return this.commits.untilCommitted(actor.tenantId, confirmation.appId, async (state) => {
      if (attempted && ownCommitLanded(state, opId)) return attempted;
      throwIfSettled(state.doc, confirmationId);
      const plan = await planUnassign(
        app,
        state.assignments,
        confirmation.principals,
        view,
        await this.commits.holdersOf(state, view),
      );
      if (plan.fingerprint !== confirmation.fingerprint) {
        throw new LicenseError('ConfirmationChanged', { confirmationId, appId: app.appId });
      }
      const at = this.now().toISOString();
      const notices = this.noticesOf(state, {
        tenantId: actor.tenantId,
        action: 'unassign',
        app,
        actor,
        opId,
        gained: [],
        lost: plan.freed,
      });
      attempted = {
        app,
        removed: plan.removed,
        seatsBefore: plan.preview.seatsBefore,
        seatsAfter: plan.preview.seatsAfter,
        seats: seatSummary(app.seatsPurchased, plan.preview.seatsAfter),
        ...(notices.sent ? { notices: notices.sent } : {}),
      };
      const committed = await this.commits.commit(
        state,
        {
          before: notices.documents,
          remove: plan.remove,
          audit: {
            opId,
            action: 'unassign',
            appId: app.appId,
            principals: plan.removed,
            actor: { userId: actor.userId, name: actor.name },
            at,
            seatsBefore: plan.preview.seatsBefore,
            seatsAfter: plan.preview.seatsAfter,
            confirmationId,
          },
          users: { added: [], removed: plan.freedUsers },
          settle: { id: confirmationId, status: 'used', expiresAt: confirmation.expiresAt },
        },
        view,
      );
      if (!committed) return CONFLICT;
      if (notices.sent) this.notices?.committed(actor.tenantId, notices.sent.noticeId);
      this.seatWatch?.changed(actor.tenantId, app.appId);
      return attempted;
    });
  }
  cancelUnassign(actor: Actor, confirmationId: string): Promise<Confirmation> {
    return this.confirmations.cancel(actor, confirmationId, this.view(actor.tenantId));
  }

  getConfirmation(
    actor: Actor,
    confirmationId: string,
  ): Promise<{ status: ConfirmationStatus; confirmation: Confirmation }> {
    return this.confirmations.status(actor, confirmationId);
  }

  /** Everyone who holds the app, row by row as the pages are read (the CSV export). */
  holderRows(tenantId: string, appId: string): AsyncGenerator<HolderRow> {
    return holderRows(
      { store: this.store, directory: this.directory, view: this.view(tenantId) },
      tenantId,
      appId,
    );
  }

  history(tenantId: string, appId: string, limit = 10): Promise<AuditEntry[]> {
    return this.audit.history(tenantId, appId, limit);
  }

  /** The audit trail after `after` in sequence order, at most `limit` entries, complete (licensing API). */
  changes(tenantId: string, appId: string, after: number, limit: number): Promise<FeedPage> {
    return this.feed.page(tenantId, appId, after, limit);
  }

  /** Every principal an audit entry named (its ring copy may list only the first few). */
  auditPrincipals(tenantId: string, entry: AuditEntry): Promise<PrincipalRef[]> {
    return this.audit.principals(tenantId, entry);
  }

  private checkRequestSize(principalIds: string[], empty: 'NothingToAssign' | 'NothingToUnassign'): void {
    if (principalIds.length === 0) throw new LicenseError(empty);
    if (principalIds.length > this.limits.principalsPerRequest) {
      throw new LicenseError('TooManyPrincipals', {
        max: this.limits.principalsPerRequest,
        named: principalIds.length,
      });
    }
  }

  /** The principals named, resolved (or found in the ledger by id), and what removing them would do. */
  private async planRequestedUnassign(
    actor: Actor,
    appId: string,
    principalIds: string[],
    known?: CatalogApp,
  ): Promise<PlannedUnassign & { requested: PrincipalRef[] }> {
    this.checkRequestSize(principalIds, 'NothingToUnassign');
    const view = this.view(actor.tenantId);
    const ids = [...new Map(principalIds.map((id) => [id.trim().toLowerCase(), id.trim()])).values()];
    const [app, found, state] = await Promise.all([
      known?.appId === appId ? known : this.catalogs.app(actor.tenantId, appId),
      Promise.all(ids.map((id) => view.principal(id))),
      this.commits.load(actor.tenantId, appId),
    ]);
    // A principal deleted from the directory can still be unassigned by id while the ledger holds it.
    const requested = ids.map((id, i): PrincipalRef => {
      const principal = found[i];
      if (principal) return toRef(principal);
      const record = state.assignments.find((candidate) => candidate.id.toLowerCase() === id.toLowerCase());
      if (!record) throw new LicenseError('PrincipalNotFound', { principalId: id });
      return { kind: record.k === 'u' ? 'user' : 'group', id: record.id, displayName: record.id };
    });
    const unique = [
      ...new Map(requested.map((ref) => [`${ref.kind}:${ref.id.toLowerCase()}`, ref])).values(),
    ];
    const holding = await this.commits.holdersOf(state, view);
    return { ...(await planUnassign(app, state.assignments, unique, view, holding)), requested: unique };
  }

  /** The notices of a change decided on `state`: their documents, written before its commit (which takes the next audit seq). */
  private noticesOf(
    state: LedgerState,
    change: Omit<NoticeWorthyChange, 'seq'>,
  ): { documents: TenantDocument[]; sent?: ChangeNoticesSent } {
    if (!this.notices) return { documents: [] };
    const people = change.action === 'assign' ? change.gained : change.lost;
    const { noticeId, documents } = this.notices.documentsFor({ ...change, seq: state.doc.auditSeq + 1 });
    return { documents, ...(noticeId ? { sent: { noticeId, recipients: people.length } } : {}) };
  }

  private view(tenantId: string): DirectoryView {
    return new DirectoryView(this.directory, tenantId, this.cache);
  }
}

const keyOf = (principal: Principal) =>
  assignmentKey({ k: principal.kind === 'user' ? 'u' : 'g', id: principal.id });

/** Whether anybody (a user or a group) is directly assigned the app this ledger head belongs to. */
function isHeld(head: LedgerDocument | undefined): boolean {
  return !!head && (head.inline.length > 0 || head.chunks.length > 0);
}
