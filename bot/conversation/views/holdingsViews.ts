import type { AdaptiveCard } from '../../../cards';
import type { Principal } from '../../directory/directory';
import { t, type Language } from '../../i18n';
import type { Holding } from '../../licensing/holdings';
import { noticeCard } from './messageViews';
import { throughNames } from './notAssignedViews';

/** Buttons offered: Unassign for each direct holding first, then Details, in catalog order. */
const BUTTONS = 6;

/**
 * How a user is in each group it holds an app through, by group id: "All Staff ⊃ Sales" for a member
 * of Sales nested in All Staff (only when the directory can say).
 */
export type GroupPaths = ReadonlyMap<string, string[]>;

/** Every app a user or group holds and how: directly, through Sales, through All Staff ⊃ Sales… */
export function holdingsCard(
  language: Language,
  principal: Principal,
  holdings: Holding[],
  paths: GroupPaths = new Map(),
): AdaptiveCard {
  const name = principal.displayName;
  const lines = holdings.map((holding) => holdingLine(language, holding, paths));
  if (holdings.length === 0) lines.push(t(language, 'licensesOf.none', { name }));
  else if (principal.kind === 'user') lines.push(t(language, 'licensesOf.seatNote'));
  return noticeCard(
    t(language, 'licensesOf.title', { name }),
    lines,
    'Default',
    [
      ...holdings
        .filter((holding) => holding.direct)
        .map((holding) => ({
          title: t(language, 'licensesOf.button.unassign', { app: holding.app.name }),
          verb: 'unassign.prepare' as const,
          appId: holding.app.appId,
          principalIds: principal.id,
        })),
      ...holdings.map((holding) => ({
        title: t(language, 'licensesOf.button', { app: holding.app.name }),
        verb: 'details' as const,
        appId: holding.app.appId,
        principalIds: '',
      })),
    ].slice(0, BUTTONS),
  );
}

/** How one app is held: "Contoso CRM: through All Staff ⊃ Sales". */
export function holdingLine(language: Language, holding: Holding, paths: GroupPaths = new Map()): string {
  const app = holding.app.name;
  const groups = holding.through.map((group) => (paths.get(group.id) ?? [group.displayName]).join(' ⊃ '));
  if (holding.membersHolding !== undefined) {
    const direct = holding.membersDirect ?? 0;
    const via = [...groups, ...(direct > 0 ? [t(language, 'unassign.none.direct', { count: direct })] : [])];
    return t(language, 'licensesOf.members', {
      count: holding.membersHolding,
      app,
      total: holding.memberCount ?? holding.membersHolding,
      groups: throughNames(language, via),
    });
  }
  if (!holding.direct)
    return t(language, 'licensesOf.through', { app, groups: throughNames(language, groups) });
  if (groups.length === 0) return t(language, 'licensesOf.direct', { app });
  return t(language, 'licensesOf.directAnd', { app, groups: throughNames(language, groups) });
}
