import type { Template } from 'adaptivecards-templating';
import type {
  AssignChatCardData,
  AssignResultCardData,
  ChoiceCardData,
  DecisionCardData,
  DetailsCardData,
  HelpCardData,
  HistoryCardData,
  InstallCardData,
  ListCardData,
  MyLicensesCardData,
  NoticeCardData,
  RequestCardData,
  SeatAlertCardData,
  UnassignConfirmCardData,
  VendorCardData,
} from './cardData';
import assignChat from './assignChat.json';
import assignResult from './assignResult.json';
import choice from './choice.json';
import decision from './decision.json';
import details from './details.json';
import help from './help.json';
import history from './history.json';
import install from './install.json';
import list from './list.json';
import myLicenses from './myLicenses.json';
import notice from './notice.json';
import request from './request.json';
import seatAlert from './seatAlert.json';
import unassignConfirm from './unassignConfirm.json';
import vendor from './vendor.json';

export type * from './cardData';

/** An Adaptive Card as JSON, ready to attach. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

let engine: typeof import('adaptivecards-templating') | undefined;

/**
 * Loads the templating engine (adaptivecards-templating with adaptive-expressions and antlr4ts: about
 * a third of a second of CPU, a quarter of what start-up loads). The first card loads it if nothing
 * did before; index.ts loads it just after the bot is ready, so start-up does not wait for it.
 */
export function loadCardEngine(): typeof import('adaptivecards-templating') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
  engine ??= require('adaptivecards-templating') as typeof import('adaptivecards-templating');
  return engine;
}

/** A card template bound to its data shape; parsed once, at its first use. */
function cardTemplate<T extends object>(json: object): (data: T) => AdaptiveCard {
  let template: Template | undefined;
  return (data) => {
    template ??= new (loadCardEngine().Template)(json);
    return template.expand({ $root: data }) as AdaptiveCard;
  };
}

export const renderHelpCard = cardTemplate<HelpCardData>(help);
export const renderListCard = cardTemplate<ListCardData>(list);
export const renderDetailsCard = cardTemplate<DetailsCardData>(details);
export const renderAssignResultCard = cardTemplate<AssignResultCardData>(assignResult);
export const renderUnassignConfirmCard = cardTemplate<UnassignConfirmCardData>(unassignConfirm);
export const renderNoticeCard = cardTemplate<NoticeCardData>(notice);
export const renderSeatAlertCard = cardTemplate<SeatAlertCardData>(seatAlert);
export const renderInstallCard = cardTemplate<InstallCardData>(install);
export const renderVendorCard = cardTemplate<VendorCardData>(vendor);
export const renderHistoryCard = cardTemplate<HistoryCardData>(history);
export const renderChoiceCard = cardTemplate<ChoiceCardData>(choice);
export const renderAssignChatCard = cardTemplate<AssignChatCardData>(assignChat);
export const renderRequestCard = cardTemplate<RequestCardData>(request);
export const renderMyLicensesCard = cardTemplate<MyLicensesCardData>(myLicenses);
export const renderDecisionCard = cardTemplate<DecisionCardData>(decision);
