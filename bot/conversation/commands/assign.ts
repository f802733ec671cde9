import { t } from '../../i18n';
import type { CatalogApp } from '../../licensing/model';
import { assignInChatReply } from '../assignChatCard';
import { logAssigned } from '../auditLog';
import type { CommandContext, Reply } from '../context';
import { aboutApp } from '../errors';
import { withTypingIfSlow } from '../typing';
import { assignResultCard } from '../views/changeViews';
import { noticeCard } from '../views/messageViews';
import type { CommandHandler } from './handler';
import { findTarget } from './target';

export const assign: CommandHandler = {
  intent: 'assign',
  adminOnly: true,
  async run(ctx, command) {
    // "assign Contoso CRM" with nobody named: the card where the admin picks users and groups.
    const target = await findTarget(
      ctx,
      command,
      'assign',
      'to',
      t(ctx.turn.language, 'help.cmd.assign'),
      (app) => assignInChatReply(ctx, app),
    );
    if ('card' in target) return target;
    return assignAndReport(ctx, target.app, target.principalIds);
  },
};

/** Assigns the app to the principals and answers with the result card (the next step: install). */
export async function assignAndReport(
  ctx: CommandContext,
  app: CatalogApp,
  principalIds: string[],
): Promise<Reply> {
  const outcome = await withTypingIfSlow(ctx, () =>
    aboutApp(app, ctx.services.ledger.assign(ctx.turn.actor, app.appId, principalIds, app)),
  );
  logAssigned(ctx.services.logger, ctx.turn.actor, outcome);
  if (outcome.assigned.length === 0) {
    return {
      card: noticeCard(
        t(ctx.turn.language, 'error.NothingToAssign.title', { app: app.name }),
        [t(ctx.turn.language, 'error.NothingToAssign', { app: app.name })],
        'Warning',
      ),
    };
  }
  const card = assignResultCard(ctx.turn.language, outcome);
  if (!outcome.notices) return { card };
  const data = { kind: 'assign' as const, language: ctx.turn.language, outcome };
  return { card, follows: { noticeId: outcome.notices.noticeId, data } };
}
