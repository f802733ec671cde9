import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  renderInstallCard,
  renderNoticeCard,
  type AdaptiveCard,
} from '../../../cards';
import { t, type Language } from '../../i18n';
import type { AssignOutcome } from '../../licensing/model';
import type { OutgoingActivity } from '../../notices/messenger';
import type { NoticeContent, NoticeProgress, NoticeRenderer } from '../../notices/noticeContent';
import type { ProgressCards } from '../../notices/noticeDelivery';
import { seatAlertCard } from './alertViews';
import { assignResultCard } from './changeViews';
import { requestCard } from './requestViews';
import { seatEndedCard, seatEndReminderCard } from './seatEndViews';

const asActivity = (card: AdaptiveCard): OutgoingActivity => ({
  type: 'message',
  attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
});

/** The messages people get from the outbox, in their language. */
export const noticeRenderer: NoticeRenderer = {
  render(content: NoticeContent, language: Language): OutgoingActivity {
    switch (content.kind) {
      case 'seatAlert':
        return asActivity(seatAlertCard(language, content));
      case 'seatEnded':
        return asActivity(seatEndedCard(language, content.appName));
      case 'seatEndReminder':
        return asActivity(seatEndReminderCard(language, content));
      case 'seatRequest':
        return asActivity(requestCard(language, { request: content.request, seatsLeft: content.seatsLeft }));
      case 'seatGained': {
        const params = { app: content.appName, admin: content.adminName };
        return asActivity(
          renderInstallCard({
            title: t(language, 'notice.gained.title', params),
            text: t(language, 'notice.gained.text', params),
            button: t(language, 'notice.gained.button'),
            installUrl: content.installUrl,
          }),
        );
      }
      case 'seatLost': {
        const params = { app: content.appName, admin: content.adminName };
        return asActivity(
          personNotice(t(language, 'notice.lost.title', params), [t(language, 'notice.lost.text', params)]),
        );
      }
      case 'requestDenied': {
        const params = { app: content.appName, admin: content.adminName };
        return asActivity(
          personNotice(t(language, 'notice.denied.title', params), [
            t(language, 'notice.denied.text', params),
            ...(content.message ? [t(language, 'notice.denied.message', { message: content.message })] : []),
          ]),
        );
      }
      case 'requestExpired': {
        const params = { app: content.appName, days: content.days };
        return asActivity(
          personNotice(t(language, 'notice.expired.title', params), [
            t(language, 'notice.expired.text', params),
          ]),
        );
      }
    }
  },
};

function personNotice(title: string, lines: string[]): AdaptiveCard {
  return renderNoticeCard({ title, color: 'Default', style: 'default', lines, actions: [] });
}

/** What the admin's result card is re-rendered from while its notices go out (stored with the batch). */
export interface ProgressCardData {
  kind: 'assign';
  language: Language;
  outcome: AssignOutcome;
  /** A time-bound assignment's end, kept on the card as it is updated. */
  end?: { until: string; zone: string };
}

export const progressCards: ProgressCards = {
  render(card: unknown, progress: NoticeProgress): OutgoingActivity {
    const data = card as ProgressCardData;
    return asActivity(assignResultCard(data.language, data.outcome, progress, data.end));
  },
};
