import { BadCardData } from '../../failures';
import { SEAT_ALERT_KINDS, type SeatAlertKind } from '../../notices/seatAlertState';
import { alertSnoozedCard } from '../views/alertViews';
import { appOfCard } from './appActions';
import { textField, type ActionHandler } from './handler';

/** Snooze 7 days on a seat alert: that app's alerts of that kind are silenced; the card says so, for everyone. */
export const snoozeAlertAction: ActionHandler = {
  verb: 'alert.snooze',
  adminOnly: true,
  async run(ctx, data) {
    const alert = textField(data, 'alert') as SeatAlertKind;
    if (!SEAT_ALERT_KINDS.includes(alert)) throw new BadCardData('alert malformed');
    const app = await appOfCard(ctx, data);
    const { turn } = ctx;
    const until = await ctx.services.alerts.snooze(turn.tenantId, app.appId, alert);
    return {
      card: alertSnoozedCard(turn.language, app.name, alert, until, turn.actor.name),
      updateForEveryone: true,
    };
  },
};
