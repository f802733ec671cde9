import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { ACTION_HANDLERS } from '../conversation/actions';
import { COMMAND_VERB } from '../conversation/conversation';
import { cleanText, parseCommand } from '../conversation/parse';
import type { RequestScope } from '../observability/requestScope';
import { tenantOf } from './licenseDeskBot';

const INVOKES = new Set(['adaptiveCard/action', 'task/fetch', 'task/submit', 'application/search']);
const ACTIVITY_TYPES = new Set<string>(Object.values(ActivityTypes));

/** A card verb as a label: one the bot handles, or `unknown` (the data of a click is the sender's). */
function verbLabel(verb: unknown): string {
  return typeof verb === 'string' && (ACTION_HANDLERS.has(verb) || verb === COMMAND_VERB) ? verb : 'unknown';
}

/**
 * What an activity asks, as a label for logs and metrics: the command table's intent (`assign`,
 * `unknown`, `empty`), the card verb (`action:unassign.confirm`), the invoke (`invoke:task/fetch`)
 * or the activity type. Only names the bot defines, never the user's text: labels stay few and clean.
 */
export function commandOf(activity: Activity): string {
  if (activity.type === ActivityTypes.Message) {
    const value = activity.value as { verb?: unknown } | undefined;
    if (value && typeof value === 'object' && value.verb !== undefined)
      return `action:${verbLabel(value.verb)}`;
    // On a copy: botbuilder's helper rewrites the text of the activity it is given.
    const text =
      typeof activity.text === 'string'
        ? TurnContext.removeMentionText({ ...activity }, activity.recipient?.id ?? '')
        : '';
    const cleaned = cleanText(text ?? '');
    return cleaned ? (parseCommand(cleaned)?.intent ?? 'unknown') : 'empty';
  }
  if (activity.type === ActivityTypes.Invoke) {
    const name = activity.name ?? '';
    if (name === 'adaptiveCard/action') {
      return `action:${verbLabel((activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb)}`;
    }
    return `invoke:${INVOKES.has(name) ? name : 'other'}`;
  }
  return ACTIVITY_TYPES.has(activity.type) ? activity.type : 'other';
}

/** Fills the request's scope from an authenticated activity: its tenant, id and command. */
export function describeTurn(scope: RequestScope, activity: Activity): void {
  scope.tenantId = tenantOf(activity);
  scope.activityId = typeof activity.id === 'string' ? activity.id.slice(0, 128) : undefined;
  scope.command = commandOf(activity);
}
