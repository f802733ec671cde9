import { renderAssignChatCard, type AdaptiveCard } from '../../cards';
import { t, type Language } from '../i18n';
import type { CatalogApp, PrincipalRef, SeatSummary } from '../licensing/model';
import type { PaneResult } from '../assignPane/paneSearch';
import type { CommandContext, Reply } from './context';
import { seatParams } from './views/appViews';

/**
 * The Assign licenses pane as a card, for the chat: an Input.ChoiceSet whose choices come from the
 * directory as the admin types (Teams' typeahead: Data.Query answered by application/search),
 * with a short static list for clients without typeahead, and an Assign button.
 */

/** The Data.Query dataset of the card's choice set. */
export const PRINCIPALS_DATASET = 'principals';
const RECENT_CHOICES = 10;

export function choiceTitle(language: Language, result: PaneResult): string {
  return result.kind === 'group'
    ? t(language, 'assignChat.group', { name: result.displayName, count: result.memberCount ?? 0 })
    : t(language, 'choice.user', { name: result.displayName, upn: result.email ?? '' });
}

function refTitle(language: Language, ref: PrincipalRef): string {
  return ref.kind === 'group' ? t(language, 'choice.group', { name: ref.displayName }) : ref.displayName;
}

export function assignChatCard(
  language: Language,
  app: CatalogApp,
  seats: SeatSummary,
  choices: { title: string; value: string }[],
  problem = '',
): AdaptiveCard {
  return renderAssignChatCard({
    appId: app.appId,
    title: t(language, 'pane.title', { app: app.name }),
    seatsLine: t(language, 'details.seats', seatParams(seats)),
    intro: t(language, 'assignChat.intro'),
    problem,
    label: t(language, 'assignChat.label'),
    placeholder: t(language, 'pane.search.placeholder'),
    requiredError: t(language, 'assignChat.required'),
    dataset: PRINCIPALS_DATASET,
    choices,
    typeInstead: t(language, 'assignChat.typeInstead', { app: app.name }),
    assignButton: t(language, 'pane.button.assign'),
  });
}

/**
 * The static choices, for clients without typeahead: who was recently assigned or unassigned this
 * app (one point read of the app's ledger). Everyone else is one search away.
 */
async function recentChoices(ctx: CommandContext, app: CatalogApp) {
  const entries = await ctx.services.ledger.history(ctx.turn.tenantId, app.appId, RECENT_CHOICES);
  const seen = new Map<string, PrincipalRef>();
  for (const ref of entries.flatMap((entry) => entry.principals)) {
    if (seen.size >= RECENT_CHOICES) break;
    if (!seen.has(ref.id.toLowerCase())) seen.set(ref.id.toLowerCase(), ref);
  }
  return [...seen.values()].map((ref) => ({ title: refTitle(ctx.turn.language, ref), value: ref.id }));
}

/** The card for `app`, with the seats as they are now. */
export async function assignInChatReply(ctx: CommandContext, app: CatalogApp, problem = ''): Promise<Reply> {
  const [details, choices] = await Promise.all([
    ctx.services.ledger.details(ctx.turn.tenantId, app.appId, 0, 1),
    recentChoices(ctx, app),
  ]);
  return { card: assignChatCard(ctx.turn.language, app, details, choices, problem) };
}
