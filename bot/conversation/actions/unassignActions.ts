import { t } from '../../i18n';
import { prepareUnassign } from '../commands/unassign';
import { LicenseError } from '../../licensing/model';
import { logUnassigned } from '../auditLog';
import type { CommandContext } from '../context';
import { aboutApp } from '../errors';
import { unassignCancelledCard, unassignDoneCard } from '../views/changeViews';
import { noticeCard } from '../views/messageViews';
import { appOfCard } from './appActions';
import { type ActionHandler, guidField } from './handler';

/** The details card's Unassign button: the selected holders go to a confirmation card. */
export const unassignPrepareAction: ActionHandler = {
  verb: 'unassign.prepare',
  adminOnly: true,
  async run(ctx, data) {
    const app = await appOfCard(ctx, data);
    const selected =
      typeof data.principalIds === 'string' ? data.principalIds.split(',').filter(Boolean) : [];
    if (selected.length === 0) {
      return {
        card: noticeCard(
          t(ctx.turn.language, 'error.NobodySelected.title'),
          [t(ctx.turn.language, 'details.select')],
          'Warning',
        ),
      };
    }
    return prepareUnassign(ctx, app, selected.slice(0, 100));
  },
};

/**
 * Runs a confirm or cancel. On the hot path the ledger's own reads suffice; only when it refuses
 * is the confirmation read again, so the message can name the app.
 */
async function aboutConfirmation<T>(
  ctx: CommandContext,
  confirmationId: string,
  operation: Promise<T>,
): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    if (!(error instanceof LicenseError) || error.kind === 'ConfirmationNotFound') throw error;
    const { confirmation } = await ctx.services.ledger.getConfirmation(ctx.turn.actor, confirmationId);
    return aboutApp(confirmation.preview.app, Promise.reject(error));
  }
}

export const unassignConfirmAction: ActionHandler = {
  verb: 'unassign.confirm',
  adminOnly: true,
  async run(ctx, data) {
    const confirmationId = guidField(data, 'confirmationId');
    const outcome = await aboutConfirmation(
      ctx,
      confirmationId,
      ctx.services.ledger.confirmUnassign(ctx.turn.actor, confirmationId),
    );
    logUnassigned(ctx.services.logger, ctx.turn.actor, outcome, confirmationId);
    return {
      card: unassignDoneCard(ctx.turn.language, outcome, ctx.turn.actor.name),
      updateForEveryone: true,
    };
  },
};

export const unassignCancelAction: ActionHandler = {
  verb: 'unassign.cancel',
  adminOnly: true,
  async run(ctx, data) {
    const confirmationId = guidField(data, 'confirmationId');
    const confirmation = await aboutConfirmation(
      ctx,
      confirmationId,
      ctx.services.ledger.cancelUnassign(ctx.turn.actor, confirmationId),
    );
    return {
      card: unassignCancelledCard(ctx.turn.language, confirmation.preview.app.name),
      updateForEveryone: true,
    };
  },
};
