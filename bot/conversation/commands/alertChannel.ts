import { t } from '../../i18n';
import { alertsCard } from '../views/alertViews';
import type { CommandHandler } from './handler';

/** `send alerts here`: this channel or group chat becomes the tenant's alert channel. */
export const alertsHere: CommandHandler = {
  intent: 'alertsHere',
  adminOnly: true,
  async run(ctx) {
    const { turn } = ctx;
    const conversationId = turn.reference?.conversation.id;
    if (turn.conversationType === 'personal' || !conversationId) {
      return { card: alertsCard(turn.language, t(turn.language, 'alerts.here.personal'), 'Warning') };
    }
    await ctx.services.noticeSettings.setAlertChannel(turn.tenantId, conversationId);
    return { card: alertsCard(turn.language, t(turn.language, 'alerts.here.done')) };
  },
};

/** `stop alerts`: back to the admins' personal chats. */
export const alertsStop: CommandHandler = {
  intent: 'alertsStop',
  adminOnly: true,
  async run(ctx) {
    const { turn } = ctx;
    const settings = ctx.services.noticeSettings;
    const had = (await settings.get(turn.tenantId)).alertConversationId;
    if (had) await settings.setAlertChannel(turn.tenantId, undefined);
    return {
      card: alertsCard(turn.language, t(turn.language, had ? 'alerts.stop.done' : 'alerts.stop.none')),
    };
  },
};
