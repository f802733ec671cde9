import type { Language } from '../i18n';
import type { OutgoingActivity } from './messenger';
import type { SeatAlertKind, SeatNumbers } from './seatAlertState';

/**
 * What a notice says, as data: rendered into a message in each recipient's language only when it is
 * sent (renderers live with the cards, in bot/conversation/views, and are handed to the delivery job).
 * A new kind of notice (a seat alert…) adds a member here and a case to the renderer.
 */
export type NoticeContent =
  | {
      kind: 'seatGained';
      appId: string;
      appName: string;
      installUrl: string;
      /** The admin who gave the seat, and whom to ask. */
      adminName: string;
    }
  | { kind: 'seatLost'; appId: string; appName: string; adminName: string }
  /** To the alert channel or the admins' personal chats (seatAlerts.ts). */
  | { kind: 'seatAlert'; alert: SeatAlertKind; appId: string; appName: string; numbers: SeatNumbers };

export interface NoticeRenderer {
  render(content: NoticeContent, language: Language): OutgoingActivity;
}

/** How far the delivery of a batch has come (the admin's result card shows it). */
export interface NoticeProgress {
  recipients: number;
  delivered: number;
  /** Never opened the bot, removed it, or the service refused for good. */
  unreachable: number;
  done: boolean;
}
