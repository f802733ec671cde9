import { renderDecisionCard, type AdaptiveCard } from '../../../cards';
import { t, type Language } from '../../i18n';
import { endDateLabel } from '../endDate';
import { noticeCard } from './messageViews';

/** A time-bound seat as the reminder and its outcome name it (dates in UTC: the channel has no one zone). */
export interface SeatEndView {
  reminderId: string;
  appName: string;
  principalName: string;
  until: string;
}

/** To the alert channel 7 days before a seat ends: Extend 30 days / Let it end. */
export function seatEndReminderCard(language: Language, seat: SeatEndView): AdaptiveCard {
  const params = { app: seat.appName, name: seat.principalName, date: endDateLabel(language, seat.until) };
  return renderDecisionCard({
    title: t(language, 'seatEnd.reminder.title', params),
    intro: t(language, 'seatEnd.reminder.text', params),
    rows: [],
    lines: [],
    warnings: [],
    footer: '',
    buttons: [
      {
        title: t(language, 'seatEnd.button.extend'),
        verb: 'seatEnd.extend',
        style: 'positive',
        id: seat.reminderId,
      },
      {
        title: t(language, 'seatEnd.button.letEnd'),
        verb: 'seatEnd.letEnd',
        style: 'default',
        id: seat.reminderId,
      },
    ],
  });
}

/** The reminder once an admin decided, for everyone in the channel. */
export function seatEndDecidedCard(
  language: Language,
  seat: SeatEndView,
  decision: 'extended' | 'lettingEnd',
  admin: string,
): AdaptiveCard {
  const params = {
    app: seat.appName,
    name: seat.principalName,
    date: endDateLabel(language, seat.until),
    admin,
  };
  return noticeCard(
    t(language, 'seatEnd.reminder.title', params),
    [t(language, decision === 'extended' ? 'seatEnd.extended' : 'seatEnd.lettingEnd', params)],
    'Default',
  );
}

/** To the person whose time-bound seat ended. */
export function seatEndedCard(language: Language, appName: string): AdaptiveCard {
  return noticeCard(
    t(language, 'seatEnd.ended.title', { app: appName }),
    [t(language, 'seatEnd.ended.text', { app: appName })],
    'Default',
  );
}
