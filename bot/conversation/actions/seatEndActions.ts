import { BadCardData } from '../../failures';
import type { SeatReminderDocument } from '../../licensing/seatEnds';
import type { CommandContext } from '../context';
import type { ActionData } from '../turn';
import { seatEndDecidedCard, type SeatEndView } from '../views/seatEndViews';
import { appOfCard } from './appActions';
import type { ActionHandler } from './handler';

/** Days an Extend click adds to the seat's end date. */
const EXTEND_DAYS = 30;

/** The reminder a card names, read in the clicker's own tenant (the id is checked before it reaches storage). */
async function reminderOf(
  ctx: CommandContext,
  data: ActionData,
): Promise<{ reminder: SeatReminderDocument; view: SeatEndView }> {
  const id = data.id;
  if (typeof id !== 'string' || !/^seatreminder:[\w.-]{1,100}:[ug]:[\w.@-]{1,100}:\d{1,16}$/.test(id)) {
    throw new BadCardData('id missing or malformed');
  }
  const reminder = await ctx.services.ledger.seatEnds.reminder(ctx.turn.tenantId, id);
  const app = await appOfCard(ctx, { appId: reminder.appId });
  const principal = await ctx.services.directory.getPrincipal(ctx.turn.tenantId, reminder.principalId);
  return {
    reminder,
    view: {
      reminderId: id,
      appName: app.name,
      principalName: principal?.displayName ?? reminder.principalId,
      until: reminder.until,
    },
  };
}

/** Extend 30 days: the end date moves, once (a second click finds it moved and says so). */
export const seatEndExtendAction: ActionHandler = {
  verb: 'seatEnd.extend',
  adminOnly: true,
  async run(ctx, data) {
    const { reminder, view } = await reminderOf(ctx, data);
    const until = await ctx.services.ledger.seatEnds.extend(ctx.turn.actor, reminder, EXTEND_DAYS);
    return {
      card: seatEndDecidedCard(ctx.turn.language, { ...view, until }, 'extended', ctx.turn.actor.name),
      updateForEveryone: true,
    };
  },
};

/** Let it end: nothing changes; the card says who decided, for everyone in the channel. */
export const seatEndLetEndAction: ActionHandler = {
  verb: 'seatEnd.letEnd',
  adminOnly: true,
  async run(ctx, data) {
    const { view } = await reminderOf(ctx, data);
    return {
      card: seatEndDecidedCard(ctx.turn.language, view, 'lettingEnd', ctx.turn.actor.name),
      updateForEveryone: true,
    };
  },
};
