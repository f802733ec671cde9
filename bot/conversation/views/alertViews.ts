import { renderSeatAlertCard, type AdaptiveCard } from '../../../cards';
import { t, type Language } from '../../i18n';
import type { NoticeContent } from '../../notices/noticeContent';
import type { SeatAlertKind } from '../../notices/seatAlertState';
import { noticeCard } from './messageViews';

type SeatAlertContent = Extract<NoticeContent, { kind: 'seatAlert' }>;

/** A seat alert as the alert channel (or an admin's personal chat) gets it. */
export function seatAlertCard(language: Language, content: SeatAlertContent): AdaptiveCard {
  const { numbers } = content;
  const params = {
    app: content.appName,
    ...numbers,
    needed: numbers.needed ?? 0,
    over: Math.max(0, numbers.assigned - numbers.purchased),
  };
  const title = t(language, `alert.${content.alert}.title`, params);
  const fact = (label: 'purchased' | 'assigned' | 'available' | 'threshold', value: number) => ({
    label: t(language, `alert.label.${label}`),
    value: String(value),
  });
  return renderSeatAlertCard({
    title,
    color: content.alert === 'low' ? 'Warning' : 'Attention',
    text: t(language, `alert.${content.alert}.text`, params),
    facts: [
      fact('purchased', numbers.purchased),
      fact('assigned', numbers.assigned),
      fact('available', numbers.available),
      fact('threshold', numbers.threshold),
    ],
    appId: content.appId,
    alert: content.alert,
    detailsButton: t(language, 'alert.button.details'),
    vendorButton: t(language, 'alert.button.vendor'),
    snoozeButton: t(language, 'alert.button.snooze'),
  });
}

/** What replaces an alert once an admin snoozed it. */
export function alertSnoozedCard(
  language: Language,
  appName: string,
  alert: SeatAlertKind,
  until: Date,
  adminName: string,
): AdaptiveCard {
  const date = until.toLocaleDateString(language === 'fr' ? 'fr-FR' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const params = { app: appName, kind: t(language, `alert.kind.${alert}`), until: date, admin: adminName };
  return noticeCard(
    t(language, 'alert.snoozed.title', params),
    [t(language, 'alert.snoozed.text', params)],
    'Default',
  );
}

/** A one-message answer of the alert commands. */
export function alertsCard(language: Language, line: string, color: 'Default' | 'Warning' = 'Default') {
  return noticeCard(t(language, 'alerts.title'), [line], color);
}
