import type { Template } from 'adaptivecards-templating';
import { LRUCache } from 'lru-cache';
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

/**
 * A card template whose body repeats one element per item of `field` (`"$data": "${<field>}"`):
 * the same card as the whole template gives, but each repeated element is expanded on its own and
 * kept by its item's data (bounded), so a card of 50 rows whose rows rarely change costs the rows
 * that changed instead of 50 (expanding the 50-app list card took about 5 ms). The elements kept are
 * shared between the cards returned: cards are serialized as they are, never modified.
 */
function repeatingCardTemplate<T extends object, K extends keyof T & string>(
  json: { body: Record<string, unknown>[] } & Record<string, unknown>,
  field: K,
): (data: T) => AdaptiveCard {
  const at = json.body.findIndex((element) => element.$data === `\${${field}}`);
  if (at < 0) throw new Error(`repeatingCardTemplate: no body element repeats over ${field}`);
  const { $data: _repeat, ...element } = json.body[at];
  const around = cardTemplate<Omit<T, K>>({ ...json, body: json.body.filter((_, i) => i !== at) });
  const item = cardTemplate<object>(element);
  const expanded = new LRUCache<string, object[]>({ max: 2000 });
  return (data) => {
    const card = around(data);
    const rows = (data[field] as object[]).flatMap((entry) => {
      const key = JSON.stringify(entry);
      let row = expanded.get(key);
      if (!row) {
        // An element whose $when is false expands to nothing (undefined), as in the whole template.
        const result = item(entry) as object | undefined;
        row = result ? [result] : [];
        expanded.set(key, row);
      }
      return row;
    });
    const body = [...((card.body as object[] | undefined) ?? [])];
    body.splice(at, 0, ...rows);
    return { ...card, body };
  };
}

export const renderHelpCard = cardTemplate<HelpCardData>(help);
export const renderListCard = repeatingCardTemplate<ListCardData, 'apps'>(list, 'apps');
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
