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

const asActivity = (card: AdaptiveCard): OutgoingActivity => ({
  type: 'message',
  attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
});

/** The messages people get from the outbox, in their language. */
export const noticeRenderer: NoticeRenderer = {
  render(content: NoticeContent, language: Language): OutgoingActivity {
    if (content.kind === 'seatAlert') return asActivity(seatAlertCard(language, content));
    const params = { app: content.appName, admin: content.adminName };
    switch (content.kind) {
      case 'seatGained':
        return asActivity(
          renderInstallCard({
            title: t(language, 'notice.gained.title', params),
            text: t(language, 'notice.gained.text', params),
            button: t(language, 'notice.gained.button'),
            installUrl: content.installUrl,
          }),
        );
      case 'seatLost':
        return asActivity(
          renderNoticeCard({
            title: t(language, 'notice.lost.title', params),
            color: 'Default',
            style: 'default',
            lines: [t(language, 'notice.lost.text', params)],
            actions: [],
          }),
        );
    }
  },
};

/** What the admin's result card is re-rendered from while its notices go out (stored with the batch). */
export interface ProgressCardData {
  kind: 'assign';
  language: Language;
  outcome: AssignOutcome;
}

export const progressCards: ProgressCards = {
  render(card: unknown, progress: NoticeProgress): OutgoingActivity {
    const data = card as ProgressCardData;
    return asActivity(assignResultCard(data.language, data.outcome, progress));
  },
};
