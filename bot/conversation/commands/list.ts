import { listCard } from '../views/appViews';
import type { CommandHandler } from './handler';
import { licensesOf } from './licensesOf';

export const list: CommandHandler = {
  intent: 'list',
  adminOnly: true,
  // "licenses Bob Kelly" asks about Bob, not for the whole list.
  run: async (ctx, command) =>
    command.rest
      ? licensesOf.run(ctx, command)
      : { card: listCard(ctx.turn.language, await ctx.services.ledger.listApps(ctx.turn.tenantId)) },
};
