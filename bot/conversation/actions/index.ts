import { detailsAction, detailsPageAction, historyAction, listAction, seatsAction } from './appActions';
import { assignInChatAction, assignSelectedAction, openPaneFallbackAction } from './assignInChat';
import type { ActionHandler } from './handler';
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
    snoozeAlertAction,
  ].map((handler) => [handler.verb, handler]),
);
