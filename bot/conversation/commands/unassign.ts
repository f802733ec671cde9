import { t } from '../../i18n';
import { LicenseError, type CatalogApp } from '../../licensing/model';
import type { CommandContext, Reply } from '../context';
import { aboutApp } from '../errors';
import { withTypingIfSlow } from '../typing';
import { unassignConfirmCard } from '../views/changeViews';
import { nothingToUnassignCard } from '../views/notAssignedViews';
import type { CommandHandler } from './handler';
import { offboardPerson, offboardedBy } from './offboard';
import { findTarget } from './target';

export const unassign: CommandHandler = {
  intent: 'unassign',
  adminOnly: true,
  async run(ctx, command) {
    const person = offboardedBy(command.rest);
    if (person) return offboardPerson(ctx, person);
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

/**
 * The confirmation card for removing these principals from the app. Nothing changes yet. When none
 * of them is assigned the app, the answer says who holds it anyway and through which groups.
 */
export async function prepareUnassign(
  ctx: CommandContext,
  app: CatalogApp,
  principalIds: string[],
): Promise<Reply> {
  const { ledger } = ctx.services;
  try {
    const confirmation = await withTypingIfSlow(ctx, () =>
      aboutApp(app, ledger.prepareUnassign(ctx.turn.actor, app.appId, principalIds, app)),
    );
    return { card: unassignConfirmCard(ctx.turn.language, confirmation) };
  } catch (error) {
    if (!(error instanceof LicenseError) || error.kind !== 'NothingToUnassign' || !principalIds.length)
      throw error;
    // The refusal is rare: only then is the preview (how each one holds the app) worked out again.
    const preview = await ledger.previewUnassign(ctx.turn.actor, app.appId, principalIds);
    if (preview.effects.length > 0) throw error;
    return { card: nothingToUnassignCard(ctx.turn.language, preview) };
  }
}
