import { LicenseError } from '../../licensing/model';
import { assignAndReport } from '../commands/assign';
import { bulkCancelledCard } from '../views/bulkViews';
import { appOfCard } from './appActions';
import { type ActionHandler, guidField } from './handler';

/** The bulk preview's Assign all: the stored list, used once, assigned in one ledger commit. */
export const bulkAssignAction: ActionHandler = {
  verb: 'bulk.assign',
  adminOnly: true,
  async run(ctx, data) {
    const bulkId = guidField(data, 'id');
    const { bulkLists } = ctx.services.ledger;
    const list = await bulkLists.settle(ctx.turn.actor, bulkId, 'used');
    const app = await appOfCard(ctx, { appId: list.appId });
    try {
      return { ...(await assignAndReport(ctx, app, list.principalIds)), updateForEveryone: true };
    } catch (error) {
      // Refused whole (seats taken meanwhile, storage): the list stays usable for another try.
      if (error instanceof LicenseError) await bulkLists.reopen(ctx.turn.actor, bulkId);
      throw error;
    }
  },
};

export const bulkCancelAction: ActionHandler = {
  verb: 'bulk.cancel',
  adminOnly: true,
  async run(ctx, data) {
    const list = await ctx.services.ledger.bulkLists.settle(
      ctx.turn.actor,
      guidField(data, 'id'),
      'cancelled',
    );
    const app = await appOfCard(ctx, { appId: list.appId });
    return { card: bulkCancelledCard(ctx.turn.language, app.name), updateForEveryone: true };
  },
};
