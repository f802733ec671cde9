import { renderDecisionCard, type AdaptiveCard, type DecisionButton } from '../../../cards';
import { joinNames, t, type Language } from '../../i18n';
import type { BulkListDocument } from '../../licensing/bulkLists';
import type { AssignPreview, CatalogApp, PrincipalRef } from '../../licensing/model';

/** Names listed per line of the preview; the others are counted. */
const NAMES_SHOWN = 20;
/** Entries not found listed one per line; the others are counted. */
const UNRESOLVED_SHOWN = 30;

/** An entry of the list that names nobody for sure, and the names it is close to. */
export interface Unresolved {
  text: string;
  ambiguous: boolean;
  candidates: string[];
}

export interface BulkPreview {
  app: CatalogApp;
  entries: number;
  preview?: AssignPreview;
  unresolved: Unresolved[];
  /** Stored when there is someone to assign: Assign all acts on it. */
  list?: BulkListDocument;
}

function someNames(language: Language, principals: PrincipalRef[]): string {
  const names = principals.slice(0, NAMES_SHOWN).map((p) => p.displayName);
  const more = principals.length - names.length;
  return joinNames(language, more > 0 ? [...names, t(language, 'list.others', { count: more })] : names);
}

function unresolvedLine(language: Language, entry: Unresolved): string {
  const names = joinNames(language, entry.candidates);
  if (entry.candidates.length === 0) return t(language, 'bulk.notFound', { text: entry.text });
  return t(language, entry.ambiguous ? 'bulk.ambiguous' : 'bulk.suggest', { text: entry.text, names });
}

/** The bulk preview: resolved, already holding, not found (did you mean), seats needed vs available. */
export function bulkPreviewCard(language: Language, bulk: BulkPreview): AdaptiveCard {
  const { app, preview, unresolved, list } = bulk;
  const lines: string[] = [];
  const warnings: string[] = [];
  if (preview && preview.toAdd.length > 0)
    lines.push(
      t(language, 'bulk.resolved', {
        count: preview.toAdd.length,
        names: someNames(language, preview.toAdd),
      }),
    );
  if (preview && preview.already.length > 0)
    lines.push(
      t(language, 'bulk.already', {
        count: preview.already.length,
        names: someNames(language, preview.already),
      }),
    );
  if (preview) {
    lines.push(
      t(language, 'bulk.seats', {
        needed: preview.seatsNeeded,
        available: preview.seatsAvailable,
        purchased: app.seatsPurchased,
      }),
    );
  }
  if (unresolved.length > 0) {
    lines.push(t(language, 'bulk.unresolved', { count: unresolved.length }));
    lines.push(...unresolved.slice(0, UNRESOLVED_SHOWN).map((entry) => unresolvedLine(language, entry)));
    if (unresolved.length > UNRESOLVED_SHOWN)
      lines.push(t(language, 'list.others', { count: unresolved.length - UNRESOLVED_SHOWN }));
  }
  const short = !!preview && preview.seatsNeeded > preview.seatsAvailable;
  if (short && preview) {
    warnings.push(
      t(language, 'bulk.short', {
        needed: preview.seatsNeeded,
        available: preview.seatsAvailable,
        vendor: app.vendor.name,
      }),
    );
  }
  if (!list) warnings.push(t(language, 'bulk.nothing', { app: app.name }));
  const buttons: DecisionButton[] = [];
  if (list && !short) {
    buttons.push({
      title: t(language, 'bulk.button.assign'),
      verb: 'bulk.assign',
      style: 'positive',
      id: list.bulkId,
    });
    buttons.push({
      title: t(language, 'unassign.button.cancel'),
      verb: 'bulk.cancel',
      style: 'default',
      id: list.bulkId,
    });
  }
  return renderDecisionCard({
    title: t(language, 'bulk.title', { app: app.name, count: bulk.entries }),
    intro: '',
    rows: [],
    lines,
    warnings,
    footer:
      list && !short ? t(language, 'unassign.confirm.expires', { time: list.expiresAt.slice(11, 16) }) : '',
    buttons,
  });
}

export function bulkCancelledCard(language: Language, appName: string): AdaptiveCard {
  return renderDecisionCard({
    title: t(language, 'bulk.cancelled.title', { app: appName }),
    intro: t(language, 'unassign.cancelled.text'),
    rows: [],
    lines: [],
    warnings: [],
    footer: '',
    buttons: [],
  });
}
