import { BadCardData } from '../../failures';
import { t } from '../../i18n';
import type { DecisionOutcome } from '../../licensing/seatRequests';
import { logAssigned } from '../auditLog';
import { requestsPage } from '../commands/requests';
import type { CommandContext, Reply } from '../context';
import type { ActionData } from '../turn';
import { requestCard, requestStatus, type RequestView } from '../views/requestViews';
import { guidField, offsetField, type ActionHandler } from './handler';

const MESSAGE_MAX = 500;

/** The optional message typed on the card, for this request (a list card has one field per request). */
function messageOf(data: ActionData, requestId: string): string | undefined {
  const raw = data[`message-${requestId}`];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new BadCardData('message malformed');
  return raw.trim().slice(0, MESSAGE_MAX) || undefined;
}

/**
 * Approve or Deny, on a request card or in the `requests` list. The decision is the licensing core's
 * (one per request); the card answers with where the request stands now.
 */
async function decide(ctx: CommandContext, data: ActionData, decision: 'approve' | 'deny'): Promise<Reply> {
  const requestId = guidField(data, 'requestId');
  const inList = data.from === 'list';
  const offset = inList ? offsetField(data, 'offset') : 0;
  const { turn, services } = ctx;
  const result =
    decision === 'approve'
      ? await services.requests.approve(turn.actor, requestId)
      : await services.requests.deny(turn.actor, requestId, messageOf(data, requestId));
  if (result.kind === 'approved') logAssigned(services.logger, turn.actor, result.outcome);
  const view = viewOf(result);
  if (inList) {
    return { ...(await requestsPage(ctx, offset, headlineOf(ctx, view, result))), updateForEveryone: true };
  }
  // A late click changes nothing: only the clicker is told (the copies are replaced by the decision's own run).
  return { card: requestCard(turn.language, view), updateForEveryone: result.kind !== 'decided' };
}

function viewOf(result: DecisionOutcome): RequestView {
  switch (result.kind) {
    case 'noSeats':
      return {
        request: result.request,
        seatsLeft: result.available,
        noSeats: { purchased: result.purchased },
      };
    case 'decided':
      return { request: result.request, late: true };
    default:
      return { request: result.request };
  }
}

/** What the click did, above the list it re-renders. */
function headlineOf(ctx: CommandContext, view: RequestView, result: DecisionOutcome): string {
  const { language } = ctx.turn;
  const params = { requester: result.request.requester.name, app: result.request.appName };
  if (result.kind === 'approved') return t(language, 'requests.done.approved', params);
  if (result.kind === 'denied') return t(language, 'requests.done.denied', params);
  return requestStatus(language, view);
}

export const approveRequestAction: ActionHandler = {
  verb: 'request.approve',
  adminOnly: true,
  run: (ctx, data) => decide(ctx, data, 'approve'),
};

export const denyRequestAction: ActionHandler = {
  verb: 'request.deny',
  adminOnly: true,
  run: (ctx, data) => decide(ctx, data, 'deny'),
};

export const requestsPageAction: ActionHandler = {
  verb: 'requests.page',
  adminOnly: true,
  run: (ctx, data) => requestsPage(ctx, offsetField(data, 'offset')),
};
