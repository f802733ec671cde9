import { t } from '../../i18n';
import { alertsCard } from '../views/alertViews';
import type { CommandHandler } from './handler';

/** `notices off` / `notices on`: whether people are told of the seats they get or lose (per tenant). */
function noticeSwitch(value: 'on' | 'off'): CommandHandler {
  return {
    intent: value === 'on' ? 'noticesOn' : 'noticesOff',
    adminOnly: true,
    async run(ctx) {
      await ctx.services.noticeSettings.setPeopleNotices(ctx.turn.tenantId, value);
      return { card: alertsCard(ctx.turn.language, t(ctx.turn.language, `notices.${value}.done`)) };
    },
  };
}

export const noticesOff = noticeSwitch('off');
export const noticesOn = noticeSwitch('on');
