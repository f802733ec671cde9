import {
  renderInstallCard,
  renderMyLicensesCard,
  renderRequestCard,
  type AdaptiveCard,
  type RequestCardItem,
} from '../../../cards';
import { t, type Language } from '../../i18n';
import type { Holding } from '../../licensing/holdings';
import type { SeatRequest } from '../../licensing/seatRequests';
import { formatWhen } from './appViews';
import { holdingLine } from './holdingsViews';
import { noticeCard } from './messageViews';
import { throughNames } from './notAssignedViews';

export const REQUESTS_PER_PAGE = 5;
/** Install buttons on `my licenses` (Teams shows about six actions). */
const INSTALL_BUTTONS = 5;

/** One request as a card shows it. */
export interface RequestView {
  request: SeatRequest;
  /** Seats available now (shown while the request is open). */
  seatsLeft?: number;
  /** Approve found no seat left: the card says so and offers the vendor. */
  noSeats?: { purchased: number };
  /** The click came after someone else decided: the clicker is told nothing changed. */
  late?: boolean;
}

/** The request card: the admins' copy in the alert channel or their personal chats, and its decided state. */
export function requestCard(language: Language, view: RequestView): AdaptiveCard {
  return renderRequestCard({
    title: '',
    intro: '',
    requests: [requestItem(language, view, 'card', 0)],
    ...noPaging(language),
  });
}

/** `requests`: the open requests, a page at a time, each with the same buttons as its card. */
export function requestsCard(
  language: Language,
  views: RequestView[],
  offset: number,
  hasMore: boolean,
  headline = '',
): AdaptiveCard {
  const range = views.length
    ? t(language, 'requests.range', { from: offset + 1, to: offset + views.length })
    : t(language, 'requests.empty');
  return renderRequestCard({
    title: t(language, 'requests.title'),
    intro: headline ? `${headline}\n\n${range}` : range,
    requests: views.map((view) => requestItem(language, view, 'list', offset)),
    ...noPaging(language),
    hasPrevious: offset > 0,
    previousOffset: Math.max(0, offset - REQUESTS_PER_PAGE),
    hasNext: hasMore,
    nextOffset: offset + REQUESTS_PER_PAGE,
  });
}

/** What `request <app>` answers when the request went to the admins. */
export function requestSentCard(language: Language, appName: string, days: number): AdaptiveCard {
  return noticeCard(
    t(language, 'request.title', { app: appName }),
    [t(language, 'request.sent', { app: appName, days })],
    'Default',
  );
}

/** The person's request for the app is still open: since when. */
export function requestPendingCard(language: Language, request: SeatRequest): AdaptiveCard {
  return noticeCard(
    t(language, 'request.pending.title', { app: request.appName }),
    [
      t(language, 'request.pending.text', {
        app: request.appName,
        since: formatWhen(language, request.createdAt),
      }),
    ],
    'Default',
  );
}

/** The person already holds the app: how, and the install link. */
export function alreadyHeldCard(language: Language, holding: Holding): AdaptiveCard {
  const app = holding.app.name;
  const groups = throughNames(
    language,
    holding.through.map((group) => group.displayName),
  );
  const text = !holding.direct
    ? t(language, 'request.held.through', { app, groups })
    : holding.through.length
      ? t(language, 'request.held.directAnd', { app, groups })
      : t(language, 'request.held.direct', { app });
  return renderInstallCard({
    title: t(language, 'request.held.title', { app }),
    text,
    button: t(language, 'install.button'),
    installUrl: holding.app.installUrl,
  });
}

/** `my licenses`: every app the person holds, how, and an install button for each. */
export function myLicensesCard(language: Language, holdings: Holding[]): AdaptiveCard {
  return renderMyLicensesCard({
    title: t(language, 'myLicenses.title'),
    lines: holdings.length
      ? holdings.map((holding) => holdingLine(language, holding))
      : [t(language, 'myLicenses.none')],
    installs: holdings.slice(0, INSTALL_BUTTONS).map((holding) => ({
      title: t(language, 'myLicenses.install', { app: holding.app.name }),
      url: holding.app.installUrl,
    })),
  });
}

/** Where a request stands, in a line (empty while it waits with nothing to say). */
export function requestStatus(language: Language, view: RequestView): string {
  return statusOf(language, view).status;
}

function statusOf(language: Language, view: RequestView): Pick<RequestCardItem, 'status' | 'statusStyle'> {
  const { request } = view;
  const decision = request.decision;
  const params = {
    app: request.appName,
    requester: request.requester.name,
    admin: decision?.by?.name ?? request.approving?.by.name ?? '',
    when: formatWhen(language, decision?.at ?? request.approving?.at ?? request.createdAt),
  };
  const late = (text: string) => (view.late ? `${t(language, 'requestCard.alreadyDecided')} ${text}` : text);
  switch (request.status) {
    case 'approved':
      return { status: late(t(language, 'requestCard.approved', params)), statusStyle: 'good' };
    case 'denied':
      return {
        status: late(
          decision?.message
            ? t(language, 'requestCard.deniedWithMessage', { ...params, message: decision.message })
            : t(language, 'requestCard.denied', params),
        ),
        statusStyle: 'attention',
      };
    case 'expired':
      return { status: late(t(language, 'requestCard.expired', params)), statusStyle: 'default' };
    case 'approving':
      return { status: t(language, 'requestCard.approving', params), statusStyle: 'default' };
    case 'pending':
      return view.noSeats
        ? {
            status: t(language, 'requestCard.noSeats', { ...params, purchased: view.noSeats.purchased }),
            statusStyle: 'warning',
          }
        : { status: '', statusStyle: 'default' };
  }
}

function requestItem(
  language: Language,
  view: RequestView,
  from: 'card' | 'list',
  offset: number,
): RequestCardItem {
  const { request } = view;
  const open = request.status === 'pending';
  const fact = (label: Parameters<typeof t>[1], value: string) => ({ label: t(language, label), value });
  return {
    requestId: request.requestId,
    appId: request.appId,
    heading: t(language, 'requestCard.title', { requester: request.requester.name, app: request.appName }),
    facts: [
      fact('requestCard.label.requester', request.requester.name),
      fact('requestCard.label.app', request.appName),
      fact('requestCard.label.reason', request.reason ?? t(language, 'requestCard.noReason')),
      fact('requestCard.label.asked', formatWhen(language, request.createdAt)),
      ...(open && view.seatsLeft !== undefined
        ? [fact('requestCard.label.seatsLeft', String(view.seatsLeft))]
        : []),
    ],
    ...statusOf(language, view),
    open,
    messageId: `message-${request.requestId}`,
    messageLabel: t(language, 'requestCard.message.label', { requester: request.requester.name }),
    messagePlaceholder: t(language, 'requestCard.message.placeholder'),
    approveButton: t(language, 'requestCard.button.approve'),
    denyButton: t(language, 'requestCard.button.deny'),
    showVendor: open && (view.noSeats !== undefined || view.seatsLeft === 0),
    vendorButton: t(language, 'requestCard.button.vendor'),
    from,
    offset,
  };
}

function noPaging(language: Language) {
  return {
    hasPrevious: false,
    previousOffset: 0,
    previousButton: t(language, 'details.button.previous'),
    hasNext: false,
    nextOffset: 0,
    nextButton: t(language, 'details.button.next'),
  };
}
