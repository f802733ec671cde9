import { BadCardData } from '../../failures';
import { t } from '../../i18n';
import { assignInChatReply } from '../assignChatCard';
import { assignAndReport } from '../commands/assign';
import { OPEN_PANE_VERB } from '../paneInvokes';
import type { ActionData } from '../turn';
import { appOfCard } from './appActions';
import { type ActionHandler } from './handler';

/** The verbs of the "Assign licenses" card (assignChatCard.ts); its typeahead is typeahead.ts. */

const MAX_PICKS = 100;

/** The details card's "Assign in chat" button. */
export const assignInChatAction: ActionHandler = {
  verb: 'assign.chat',
  adminOnly: true,
  run: async (ctx, data) => assignInChatReply(ctx, await appOfCard(ctx, data)),
};

/**
 * The details card's "Assign licenses" button arriving as a plain Action.Submit message: the
 * client cannot open dialogs (e.g. the Agents Playground), so it gets the card instead.
 */
export const openPaneFallbackAction: ActionHandler = {
  verb: OPEN_PANE_VERB,
  adminOnly: true,
  run: async (ctx, data) => assignInChatReply(ctx, await appOfCard(ctx, data)),
};

function selectedIds(data: ActionData): string[] {
  const raw = data.principalIds;
  if (raw === undefined || raw === '') return [];
  if (typeof raw !== 'string' || raw.length > MAX_PICKS * 101) throw new BadCardData('principalIds');
  const ids = raw
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length > MAX_PICKS || ids.some((id) => id.length > 100)) throw new BadCardData('principalIds');
  return ids;
}

/** The card's Assign button: the picked users and groups get the app, through the ledger. */
export const assignSelectedAction: ActionHandler = {
  verb: 'assign.selected',
  adminOnly: true,
  async run(ctx, data) {
    const app = await appOfCard(ctx, data);
    const ids = selectedIds(data);
    if (ids.length === 0) return assignInChatReply(ctx, app, t(ctx.turn.language, 'assignChat.required'));
    return { ...(await assignAndReport(ctx, app, ids)), updateForEveryone: true };
  },
};
