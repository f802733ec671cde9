import { t } from '../../i18n';
import type { CatalogApp } from '../../licensing/model';
import type { CommandContext, Reply } from '../context';
import { aboutApp } from '../errors';
import { withTypingIfSlow } from '../typing';
import { unassignConfirmCard } from '../views/changeViews';
import type { CommandHandler } from './handler';
import { findTarget } from './target';

export const unassign: CommandHandler = {
  intent: 'unassign',
  adminOnly: true,
  async run(ctx, command) {
    const target = await findTarget(
      ctx,
      command,
      'unassign',
      'from',
      t(ctx.turn.language, 'help.cmd.unassign'),
    );
    if ('card' in target) return target;
    return prepareUnassign(ctx, target.app, target.principalIds);
  },
};

/** The confirmation card for removing these principals from the app. Nothing changes yet. */
export async function prepareUnassign(
  ctx: CommandContext,
  app: CatalogApp,
  principalIds: string[],
): Promise<Reply> {
  const confirmation = await withTypingIfSlow(ctx, () =>
    aboutApp(app, ctx.services.ledger.prepareUnassign(ctx.turn.actor, app.appId, principalIds, app)),
  );
  return { card: unassignConfirmCard(ctx.turn.language, confirmation) };
}
