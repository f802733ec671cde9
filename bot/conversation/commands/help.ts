import { helpCard } from '../views/messageViews';
import type { CommandHandler } from './handler';

export const help: CommandHandler = {
  intent: 'help',
  adminOnly: false,
  run: async (ctx) => ({ card: helpCard(ctx.turn.language) }),
};
