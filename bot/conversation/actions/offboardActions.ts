import { logUnassigned } from '../auditLog';
import { offboardCancelledCard, offboardDoneCard } from '../views/offboardViews';
import { type ActionHandler, guidField } from './handler';

/** The offboarding card's Remove all: every app's unassign confirmation, one commit per app. */
export const offboardConfirmAction: ActionHandler = {
  verb: 'offboard.confirm',
  adminOnly: true,
  async run(ctx, data) {
    const outcome = await ctx.services.ledger.offboarding.confirm(ctx.turn.actor, guidField(data, 'id'));
    for (const step of outcome.steps) {
      if ('outcome' in step)
        logUnassigned(ctx.services.logger, ctx.turn.actor, step.outcome, guidField(data, 'id'));
    }
    return {
      card: offboardDoneCard(ctx.turn.language, outcome, ctx.turn.actor.name, ctx.services.logger),
      updateForEveryone: true,
    };
  },
};

export const offboardCancelAction: ActionHandler = {
  verb: 'offboard.cancel',
  adminOnly: true,
  async run(ctx, data) {
    const principal = await ctx.services.ledger.offboarding.cancel(ctx.turn.actor, guidField(data, 'id'));
    return { card: offboardCancelledCard(ctx.turn.language, principal.displayName), updateForEveryone: true };
  },
};
