import type { AdaptiveCard, NoticeAction } from '../../../cards';
import { joinNames, t, type Language } from '../../i18n';
import type { NotAssigned, UnassignPreview } from '../../licensing/model';
import { noticeCard } from './messageViews';

/** Names in one sentence; beyond this many, "and N others". */
const NAMES_SHOWN = 5;
/** Unassign buttons offered, one per group, most members covered first. */
const GROUP_BUTTONS = 5;

/** "Sales and All Staff", or "A, B, C, D, E and 3 others". */
export function throughNames(language: Language, names: string[]): string {
  if (names.length <= NAMES_SHOWN) return joinNames(language, names);
  return joinNames(language, [
    ...names.slice(0, NAMES_SHOWN),
    t(language, 'list.others', { count: names.length - NAMES_SHOWN }),
  ]);
}

/**
 * For the principals named that are not assigned themselves: a line for each one that holds the app
 * anyway (through which groups), and the names of those that do not hold it at all.
 */
export function notAssignedLines(
  language: Language,
  preview: UnassignPreview,
): { through: string[]; notHeld: string[] } {
  const app = preview.app.name;
  const through: string[] = [];
  const notHeld: string[] = [];
  for (const principal of preview.notAssigned) {
    const groups = principal.heldThrough.map((group) => group.displayName);
    if (principal.kind === 'user' && groups.length > 0) {
      through.push(
        t(language, 'unassign.none.userThrough', {
          user: principal.displayName,
          app,
          groups: throughNames(language, groups),
        }),
      );
    } else if (principal.kind === 'group' && principal.membersHolding) {
      const direct = principal.membersDirect ?? 0;
      const via = [
        ...groups,
        ...(direct > 0 ? [t(language, 'unassign.none.direct', { count: direct })] : []),
      ];
      through.push(
        t(language, 'unassign.none.groupThrough', {
          count: principal.membersHolding,
          group: principal.displayName,
          app,
          total: principal.memberCount ?? principal.membersHolding,
          groups: throughNames(language, via),
        }),
      );
    } else {
      notHeld.push(principal.displayName);
    }
  }
  return { through, notHeld };
}

/**
 * The answer when nobody named is assigned the app: who holds it anyway and through which groups,
 * how such a seat is removed, and a button per group to unassign it (the usual confirmation follows).
 */
export function nothingToUnassignCard(language: Language, preview: UnassignPreview): AdaptiveCard {
  const { through, notHeld } = notAssignedLines(language, preview);
  const lines = [...through];
  if (notHeld.length > 0) {
    lines.push(
      t(language, 'unassign.none.notHeld', {
        count: notHeld.length,
        names: joinNames(language, notHeld),
        app: preview.app.name,
      }),
    );
  }
  const groups = groupsToOffer(preview.notAssigned);
  if (groups.length > 0) lines.push(t(language, 'unassign.none.howGroups'));
  const actions: NoticeAction[] = groups.map((group) => ({
    title: t(language, 'unassign.none.button', { group: group.displayName }),
    verb: 'unassign.prepare',
    appId: preview.app.appId,
    principalIds: group.id,
  }));
  return noticeCard(
    t(language, 'error.NothingToUnassign.title', { app: preview.app.name }),
    lines,
    'Default',
    actions,
  );
}

function groupsToOffer(notAssigned: NotAssigned[]) {
  const groups = new Map(notAssigned.flatMap((principal) => principal.heldThrough).map((g) => [g.id, g]));
  return [...groups.values()].slice(0, GROUP_BUTTONS);
}
