import { listCard } from '../views/appViews';
import type { CommandHandler } from './handler';

export const list: CommandHandler = {
  intent: 'list',
  adminOnly: true,
  run: async (ctx) => ({
    card: listCard(ctx.turn.language, await ctx.services.ledger.listApps(ctx.turn.tenantId)),
  }),
};
