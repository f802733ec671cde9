import { endDateLabel } from '../endDate';
import {
  renderDetailsCard,
  renderHistoryCard,
  renderInstallCard,
  renderListCard,
  renderVendorCard,
  type AdaptiveCard,
} from '../../../cards';
import { joinNames, t, type Language } from '../../i18n';
import type { AppDetails, AppSeats, AuditEntry, CatalogApp, SeatSummary } from '../../licensing/model';
import type { RequestDenial } from '../../licensing/seatRequests';

export function seatParams(seats: SeatSummary) {
  return { purchased: seats.seatsPurchased, assigned: seats.seatsAssigned, available: seats.seatsAvailable };
}

/**
 * Why the app is over-assigned: the vendor's cut when it was one (never "a group grew" then), and
 * whether the app left the vendor's catalog. Empty when there is nothing to warn about.
 */
export function appWarning(language: Language, app: CatalogApp, seats: SeatSummary, short = false): string {
  const lines: string[] = [];
  if (app.removedAt) lines.push(t(language, short ? 'list.removed' : 'details.removed'));
  const state = app.subscription?.state;
  if (state === 'suspended' || state === 'expired') lines.push(t(language, `details.subscription.${state}`));
  if (seats.overAssigned) {
    const params = { ...seatParams(seats), over: seats.seatsAssigned - seats.seatsPurchased };
    if (short) lines.push(t(language, 'list.overAssigned', params));
    else if (app.seatsReducedFrom !== undefined)
      lines.push(t(language, 'details.overAssigned.vendorCut', params));
    else lines.push(t(language, 'details.overAssigned', params));
  }
  return lines.join(' ');
}

export function listCard(language: Language, apps: AppSeats[]): AdaptiveCard {
  return renderListCard({
    title: t(language, 'list.title'),
    subtitle: apps.length ? t(language, 'list.subtitle', { count: apps.length }) : t(language, 'list.empty'),
    apps: apps.map((entry) => ({
      appId: entry.app.appId,
      name: entry.app.name,
      vendor: entry.app.vendor.name,
      seats: t(language, 'list.seats', seatParams(entry)),
      warning: appWarning(language, entry.app, entry, true),
      detailsButton: t(language, 'list.button.details'),
    })),
  });
}

/** Holders shown per details card; Previous and Next page through the rest. */
export const HOLDERS_PER_PAGE = 10;

/** `canOpenDialogs`: whether the client can open the Assign licenses dialog (see Turn). */
export function detailsCard(
  language: Language,
  details: AppDetails,
  offset: number,
  canOpenDialogs: boolean,
  timeZone?: string,
): AdaptiveCard {
  const { app } = details;
  const shownTo = offset + details.holders.length;
  return renderDetailsCard({
    appId: app.appId,
    name: app.name,
    vendorLine: t(language, 'details.vendor', { vendor: app.vendor.name }),
    seatsLine: t(language, 'details.seats', seatParams(details)),
    warning: appWarning(language, app, details),
    installUrl: app.installUrl,
    holdersTitle: t(language, 'details.holders'),
    holdersRange: details.totalHolders
      ? t(language, 'details.holders.range', { from: offset + 1, to: shownTo, total: details.totalHolders })
      : t(language, 'details.holders.none'),
    holders: details.holders.map((holder) => {
      const title = `${holder.displayName} — ${
        holder.kind === 'group'
          ? t(language, 'details.group', { count: holder.memberCount ?? 0 })
          : t(language, 'details.user')
      }`;
      return {
        id: holder.id,
        title: holder.until
          ? t(language, 'details.until', { title, date: endDateLabel(language, holder.until, timeZone) })
          : title,
      };
    }),
    selectLabel: t(language, 'details.select'),
    unassignButton: t(language, 'details.button.unassign'),
    hasPrevious: offset > 0,
    previousOffset: Math.max(0, offset - HOLDERS_PER_PAGE),
    previousButton: t(language, 'details.button.previous'),
    hasNext: details.nextOffset !== undefined,
    nextOffset: details.nextOffset ?? 0,
    nextButton: t(language, 'details.button.next'),
    canOpenDialogs,
    assignButton: t(language, 'details.button.assign'),
    assignInChatButton: t(language, 'details.button.assignInChat'),
    installButton: t(language, 'details.button.install'),
    seatsButton: t(language, 'details.button.seats'),
    historyButton: t(language, 'details.button.history'),
  });
}

export function installCard(language: Language, app: CatalogApp): AdaptiveCard {
  return renderInstallCard({
    title: t(language, 'install.title', { app: app.name }),
    text: t(language, 'install.text', { app: app.name, vendor: app.vendor.name }),
    button: t(language, 'install.button'),
    installUrl: app.installUrl,
  });
}

export function vendorCard(language: Language, app: CatalogApp): AdaptiveCard {
  const params = { app: app.name, vendor: app.vendor.name, purchased: app.seatsPurchased };
  return renderVendorCard({
    title: t(language, 'seats.title', params),
    text: t(language, 'seats.text', params),
    emailLabel: t(language, 'seats.email'),
    email: app.vendor.email,
    websiteLabel: t(language, 'seats.website'),
    website: app.vendor.website,
    websiteButton: t(language, 'seats.button.website', params),
    emailButton: t(language, 'seats.button.email', params),
  });
}

/** One formatter per language: building an Intl.DateTimeFormat costs more than formatting with it. */
const WHEN_FORMATS = new Map<Language, Intl.DateTimeFormat>();

export function formatWhen(language: Language, iso: string): string {
  let format = WHEN_FORMATS.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    });
    WHEN_FORMATS.set(language, format);
  }
  return format.format(new Date(iso)) + ' UTC';
}

/** The holders export: a Download CSV button opening the signed link. */
export function exportCard(
  language: Language,
  app: CatalogApp,
  url: string,
  expiresAt: string,
): AdaptiveCard {
  return renderInstallCard({
    title: t(language, 'export.title', { app: app.name }),
    text: t(language, 'export.text', { app: app.name, time: expiresAt.slice(11, 16) }),
    button: t(language, 'export.button'),
    installUrl: url,
  });
}

/** The names an audit entry lists, then how many more it named ("and 7 others"). */
function namedInEntry(language: Language, entry: AuditEntry): string[] {
  const names = entry.principals.map((p) => p.displayName);
  const more = (entry.principalCount ?? names.length) - names.length;
  return more > 0 ? [...names, t(language, 'list.others', { count: more })] : names;
}

const HISTORY_KEYS = {
  assign: 'history.assign',
  unassign: 'history.unassign',
  end: 'history.end',
  extend: 'history.extend',
} as const;

/** One audit entry as the history says it: a vendor's subscription change, an approval, or a change of seats. */
function entrySummary(language: Language, entry: AuditEntry, timeZone?: string): string {
  const actor = entry.actor.name || entry.actor.userId;
  if (entry.action === 'subscription') {
    const change = entry.subscription;
    return t(language, 'history.subscription', {
      actor,
      purchased: change?.seatsPurchased ?? 0,
      state: change ? t(language, `history.subscription.${change.state}`) : '',
    });
  }
  const names = joinNames(language, namedInEntry(language, entry));
  if (entry.requestedBy) {
    return t(language, 'history.approved', { actor, requester: entry.requestedBy.name, names });
  }
  const key = entry.action === 'assign' && entry.until ? 'history.assignUntil' : HISTORY_KEYS[entry.action];
  return t(language, key, {
    actor,
    names,
    date: entry.until ? endDateLabel(language, entry.until, timeZone) : '',
  });
}

/** The app's history: its audit entries (approvals name who asked) and its denied requests, newest first. */
export function historyCard(
  language: Language,
  app: CatalogApp,
  entries: AuditEntry[],
  denials: RequestDenial[] = [],
  timeZone?: string,
  limit = 10,
): AdaptiveCard {
  const changes = entries.map((entry) => ({
    at: entry.at,
    summary: entrySummary(language, entry, timeZone),
    seats: t(language, 'history.seats', { before: entry.seatsBefore, after: entry.seatsAfter }),
  }));
  const denied = denials.map((denial) => ({
    at: denial.at,
    summary: t(language, 'history.denied', { actor: denial.adminName, requester: denial.requesterName }),
    seats: t(language, 'history.denied.noSeats'),
  }));
  const rows = [...changes, ...denied].sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
  return renderHistoryCard({
    title: t(language, 'history.title', { app: app.name }),
    empty: t(language, 'history.empty'),
    entries: rows.map((row) => ({
      summary: row.summary,
      when: formatWhen(language, row.at),
      seats: row.seats,
    })),
  });
}
