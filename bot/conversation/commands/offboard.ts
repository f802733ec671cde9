import { t } from '../../i18n';
import { toRef } from '../../licensing/seats';
import type { CommandContext, Reply } from '../context';
import { findPrincipals } from '../find';
import { offboardCard } from '../views/offboardViews';
import { withTypingIfSlow } from '../typing';
import type { CommandHandler } from './handler';

/** "remove Bob Kelly from all apps", "retirer Bob Kelly de toutes les applications": offboarding, said the unassign way. */
const FROM_ALL_APPS =
  /^(.+?)\s+(?:from|de|du|d')\s*(?:all|every|toutes?)\s+(?:(?:of\s+)?(?:his|her|their|les|ses)\s+)?(?:apps?|applications?|licen[cs]es?|seats?)$/i;

/** The person of "remove <person> from all apps", when the unassign command says that. */
export function offboardedBy(text: string): string | undefined {
  return FROM_ALL_APPS.exec(text)?.[1];
}

export const offboard: CommandHandler = {
  intent: 'offboard',
  adminOnly: true,
  run: (ctx, command) => offboardPerson(ctx, command.rest),
};

/** The one confirmation card for every app the person is assigned directly. Nothing changes yet. */
export async function offboardPerson(ctx: CommandContext, text: string): Promise<Reply> {
  const { language } = ctx.turn;
  const found = await findPrincipals(
    ctx,
    text,
    t(language, 'help.cmd.offboard'),
    (tokens) => `offboard ${tokens.join(', ')}`,
  );
  if ('card' in found) return found;
  const [principal] = found.principals;
  const plan = await withTypingIfSlow(ctx, () =>
    ctx.services.ledger.offboarding.prepare(ctx.turn.actor, toRef(principal)),
  );
  return { card: offboardCard(language, plan) };
}
