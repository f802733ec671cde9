import type { AdaptiveCard } from '../../cards';
import { BadCardData } from '../failures';
import { t } from '../i18n';
import { requireLicenseAdmin } from '../licensing/access';
import { appOfCard } from './actions/appActions';
import { assignAndReport } from './commands/assign';
import type { CommandContext, Reply } from './context';
import { errorCard } from './errors';
import type { ActionData } from './turn';
import { noticeCard } from './views/messageViews';

/**
 * The conversation side of the Assign licenses dialog: what Teams opens on task/fetch, and what
 * the bot does with the page's selection on task/submit. The page is never trusted: the tenant and
 * the admin come from the activity, the app from the token the bot signed, and the ledger decides.
 */

/** The verb of the details card's "Assign licenses" button (an Action.Submit with task/fetch). */
export const OPEN_PANE_VERB = 'assign.open';
export const PANE_SIZE = { width: 640, height: 600 };
const THEMES = new Set(['default', 'dark', 'contrast']);
const MAX_PICKS = 100;

/** What Teams shows for task/fetch: the page, or a card saying why not. */
export type PaneOpening =
  | { kind: 'url'; title: string; url: string; width: number; height: number }
  | { kind: 'card'; title: string; card: AdaptiveCard };

export async function openAssignPane(
  ctx: CommandContext,
  data: ActionData,
  theme: string | undefined,
): Promise<PaneOpening> {
  const { turn, services } = ctx;
  const language = turn.language;
  try {
    if (data.verb !== OPEN_PANE_VERB) throw new BadCardData('task/fetch verb');
    const settings = services.assignPane;
    if (!settings) throw new BadCardData('assign pane not configured');
    await requireLicenseAdmin(services.directory, turn.tenantId, turn.actor.userId);
    const app = await appOfCard(ctx, data);
    const { token } = settings.tokens.sign({
      tenantId: turn.tenantId,
      userId: turn.actor.userId,
      appId: app.appId,
      language,
    });
    const url = new URL('/dialog/assign', `${settings.publicBaseUrl}/`);
    url.searchParams.set('token', token);
    if (theme && THEMES.has(theme)) url.searchParams.set('theme', theme);
    return { kind: 'url', title: t(language, 'pane.title', { app: app.name }), url: url.href, ...PANE_SIZE };
  } catch (error) {
    return {
      kind: 'card',
      title: t(language, 'details.button.assign'),
      card: errorCard(language, error, services.logger),
    };
  }
}

function picksOf(data: ActionData): string[] {
  const ids = data.principalIds;
  if (!Array.isArray(ids)) return [];
  if (ids.length > MAX_PICKS || !ids.every((id) => typeof id === 'string' && id && id.length <= 100)) {
    throw new BadCardData('principalIds malformed');
  }
  return ids as string[];
}

/**
 * task/submit: applies the selection and returns the card to post in the chat (the same result
 * card as the assign command), or nothing when the pane was closed without a selection.
 */
export async function submitAssignPane(ctx: CommandContext, data: ActionData): Promise<Reply | undefined> {
  const { turn, services } = ctx;
  const language = turn.language;
  try {
    const picks = picksOf(data);
    if (picks.length === 0) return undefined;
    const settings = services.assignPane;
    if (!settings) throw new BadCardData('assign pane not configured');
    const check = settings.tokens.verify(data.token);
    if (!check.ok) {
      return {
        card: noticeCard(
          t(language, 'error.BadCardData.title'),
          [t(language, `pane.${check.reason}`)],
          'Warning',
        ),
      };
    }
    const { claims } = check;
    // A pane opened by someone else, or in another organisation, never assigns anything here.
    if (claims.tenantId !== turn.tenantId || claims.userId !== turn.actor.userId) {
      return {
        card: noticeCard(t(language, 'error.BadCardData.title'), [t(language, 'pane.invalid')], 'Warning'),
      };
    }
    await requireLicenseAdmin(services.directory, turn.tenantId, turn.actor.userId);
    const app = await appOfCard(ctx, { appId: claims.appId });
    return await assignAndReport(ctx, app, picks);
  } catch (error) {
    return { card: errorCard(language, error, services.logger) };
  }
}
