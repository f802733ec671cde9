import { TurnContext, type ActivityHandler } from 'botbuilder';
import type { Logger } from 'pino';
import type { ConversationReferences } from '../notices/conversationReferences';
import { tenantOf } from './licenseDeskBot';
import { toStoredReference } from './teamsMessenger';

/**
 * Keeps where the bot can reach people: every activity's conversation reference (a write only when
 * this instance has not written the same one; always on an install), removed when the bot is
 * uninstalled or removed from the conversation. A storage failure here never fails the turn.
 */
export function recordReferences(
  bot: ActivityHandler,
  references: ConversationReferences,
  logger: Logger,
): void {
  const act = async (context: TurnContext, action: 'remember' | 'install' | 'forget') => {
    const tenantId = tenantOf(context.activity);
    if (!tenantId) return;
    const reference = toStoredReference(TurnContext.getConversationReference(context.activity));
    try {
      if (action === 'forget') await references.forget(tenantId, reference);
      else await references.remember(tenantId, reference, action === 'install');
    } catch (error) {
      logger.warn({ err: error, tenantId, action }, 'conversation reference not stored');
    }
  };
  bot.onTurn(async (context, next) => {
    const { activity } = context;
    const installing =
      (activity.type === 'installationUpdate' && activity.action === 'add') ||
      (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id);
    const removing =
      (activity.type === 'installationUpdate' && activity.action === 'remove') ||
      (activity.membersRemoved ?? []).some((member) => member.id === activity.recipient?.id);
    await act(context, removing ? 'forget' : installing ? 'install' : 'remember');
    await next();
  });
}
