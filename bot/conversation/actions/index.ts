import { detailsAction, detailsPageAction, historyAction, listAction, seatsAction } from './appActions';
import { assignInChatAction, assignSelectedAction, openPaneFallbackAction } from './assignInChat';
import { bulkAssignAction, bulkCancelAction } from './bulkActions';
import type { ActionHandler } from './handler';
import { approveRequestAction, denyRequestAction, requestsPageAction } from './requestActions';
import { seatEndExtendAction, seatEndLetEndAction } from './seatEndActions';
import { offboardCancelAction, offboardConfirmAction } from './offboardActions';
import { snoozeAlertAction } from './snoozeAlert';
import { unassignCancelAction, unassignConfirmAction, unassignPrepareAction } from './unassignActions';

export const ACTION_HANDLERS: ReadonlyMap<string, ActionHandler> = new Map(
  [
    listAction,
    detailsAction,
    detailsPageAction,
    seatsAction,
    historyAction,
    unassignPrepareAction,
    unassignConfirmAction,
    unassignCancelAction,
    assignInChatAction,
    assignSelectedAction,
    openPaneFallbackAction,
    offboardConfirmAction,
    offboardCancelAction,
    bulkAssignAction,
    bulkCancelAction,
    seatEndExtendAction,
    seatEndLetEndAction,
    snoozeAlertAction,
    approveRequestAction,
    denyRequestAction,
    requestsPageAction,
  ].map((handler) => [handler.verb, handler]),
);
