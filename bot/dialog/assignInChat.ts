import { t } from '../i18n';
import { requireLicenseAdmin } from '../conversation/access';
import { appOfCard } from '../conversation/actions/appActions';
import { type ActionHandler } from '../conversation/actions/handler';
import { assignAndReport } from '../conversation/commands/changeCommands';
import type { CommandContext } from '../conversation/context';
import { BadCardData, NotAnAdmin } from '../conversation/errors';
import type { ActionData } from '../conversation/turn';
import { DirectoryError } from '../directory/directory';
import { assignInChatReply, choiceTitle, PRINCIPALS_DATASET } from './assignChatCard';
import { OPEN_PANE_VERB } from './paneInvokes';
import { searchPane } from './paneSearch';

/** The verbs and the typeahead search of the "Assign licenses" card (assignChatCard.ts). */

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

/** An application/search invoke, as the Teams layer hands it over. */
export interface ChoiceSearch {
  dataset: string;
  queryText: string;
  skip?: number;
  top?: number;
}

export type ChoiceSearchAnswer =
  | { kind: 'results'; results: { title: string; value: string }[] }
  | { kind: 'error'; status: number; code: string; message: string };

/** Answers the card's typeahead from the directory: admins only, the tenant of the activity. */
export async function searchChoices(ctx: CommandContext, search: ChoiceSearch): Promise<ChoiceSearchAnswer> {
  const { turn, services } = ctx;
  try {
    await requireLicenseAdmin(services.directory, turn);
    if (search.dataset !== PRINCIPALS_DATASET) return { kind: 'results', results: [] };
    const found = await searchPane(services.directory, turn.tenantId, search.queryText, search);
    return {
      kind: 'results',
      results: found.map((result) => ({ title: choiceTitle(turn.language, result), value: result.id })),
    };
  } catch (error) {
    if (error instanceof NotAnAdmin) {
      return {
        kind: 'error',
        status: 403,
        code: 'NotAnAdmin',
        message: t(turn.language, 'error.NotAnAdmin'),
      };
    }
    if (error instanceof DirectoryError) {
      services.logger.warn({ kind: error.kind, detail: error.detail }, 'typeahead search failed');
      return {
        kind: 'error',
        // Only an unanswering directory is the server being unavailable; the rest will not pass on retry.
        status: error.kind === 'DirectoryUnavailable' ? 503 : 403,
        code: error.kind,
        message: t(turn.language, `error.${error.kind}`, { detail: error.detail ?? '' }),
      };
    }
    services.logger.error({ err: error }, 'typeahead search failed');
    return { kind: 'error', status: 500, code: 'Unknown', message: t(turn.language, 'error.Unknown') };
  }
}
