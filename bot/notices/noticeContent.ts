import type { Language } from '../i18n';
import type { SeatRequest } from '../licensing/seatRequests';
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
  | { kind: 'seatAlert'; alert: SeatAlertKind; appId: string; appName: string; numbers: SeatNumbers }
  /**
   * The request card, to the alert channel or the admins' personal chats (requestNotices.ts); also
   * what every copy is replaced with once the request is decided (`seatsLeft` then absent).
   */
  | { kind: 'seatRequest'; request: SeatRequest; seatsLeft?: number }
  /** To the requester: an admin denied the request (with their message), or it expired. */
  | { kind: 'requestDenied'; appId: string; appName: string; adminName: string; message?: string }
  | { kind: 'requestExpired'; appId: string; appName: string; days: number }
  /** To the people whose time-bound seat ended at its date (licensing/seatEnds.ts). */
  | { kind: 'seatEnded'; appId: string; appName: string }
  /** To the alert channel 7 days before a time-bound seat ends: Extend 30 days / Let it end. */
  | {
      kind: 'seatEndReminder';
      reminderId: string;
      appId: string;
      appName: string;
      principalName: string;
      until: string;
    };

/** Notices of a seat gained, lost or ended: `notices off` stops them; alerts and request answers still go. */
export function isSeatNotice(content: NoticeContent): boolean {
  return content.kind === 'seatGained' || content.kind === 'seatLost' || content.kind === 'seatEnded';
}

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
  /** Ended unsent: people's notices are off for the tenant. */
  noticesOff?: boolean;
}
