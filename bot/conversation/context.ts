import type { Logger } from 'pino';
import type { AdaptiveCard } from '../../cards';
import type { Directory } from '../directory/directory';
import type { PaneTokens } from '../assignPane/paneToken';
import type { LicenseLedger } from '../licensing/ledger';
import type { Outbox } from '../notices/outbox';
import type { SeatAlerts } from '../notices/seatAlerts';
import type { TenantNoticeSettings } from '../notices/tenantNoticeSettings';
import type { ProgressCardData } from './views/noticeViews';
import type { Turn } from './turn';

/** What the Assign licenses dialog needs to open (task/fetch) and to take a selection (task/submit). */
export interface AssignPaneSettings {
  tokens: PaneTokens;
  /** Public origin the dialog page is served from (listed in the manifest's validDomains). */
  publicBaseUrl: string;
}

/** What the conversation needs from the rest of the bot. */
export interface Services {
  ledger: LicenseLedger;
  directory: Directory;
  logger: Logger;
  /** Signs the Assign licenses dialog's tokens; without it the dialog does not open. */
  assignPane?: AssignPaneSettings;
  /**
   * How long an assignment or unassign preparation may run before the typing indicator is shown, in
   * ms (TYPING_DELAY_MS); 0 shows it first. Absent: DEFAULT_TYPING_DELAY_MS (300).
   */
  typingDelayMs?: number;
  /** The outbox, told which card shows the progress of a change's notices. */
  notices?: Outbox;
  /** Thresholds and snoozes of the seat alerts. */
  alerts: SeatAlerts;
  /** The alert channel, notices on/off, the admins who use the bot (alerts without a channel). */
  noticeSettings: TenantNoticeSettings;
}

export interface CommandContext {
  turn: Turn;
  services: Services;
}

/** The card a command or click answers with. */
export interface Reply {
  card: AdaptiveCard;
  /** For clicks: replace the clicked message for everyone, not only the person who clicked. */
  updateForEveryone?: boolean;
  /** This card shows the delivery of these notices: updated as they go out. */
  follows?: { noticeId: string; data: ProgressCardData };
}
