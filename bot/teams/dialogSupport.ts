import type { TurnContext } from 'botbuilder';

/**
 * Whether the client that sent a turn can open dialogs (task/fetch). Teams can. The Microsoft 365
 * Agents Playground, which marks every request it sends with this header, cannot: its web client
 * throws on a card button that asks for a dialog ("Cannot add property msTeams, object is not
 * extensible") and sends the bot nothing, so a card shown there must offer something else.
 */
export const AGENTS_PLAYGROUND_HEADER = 'x-ms-agents-playground';
const WITHOUT_DIALOGS = Symbol('the client cannot open dialogs');

/** Notes what the HTTP request says about its client, for clientCanOpenDialogs. */
export function noteClientOfRequest(
  context: TurnContext,
  headers: Record<string, string | string[] | undefined>,
): void {
  if (headers[AGENTS_PLAYGROUND_HEADER] !== undefined) context.turnState.set(WITHOUT_DIALOGS, true);
}

export function clientCanOpenDialogs(context: TurnContext): boolean {
  return context.activity.channelId === 'msteams' && context.turnState.get(WITHOUT_DIALOGS) !== true;
}
