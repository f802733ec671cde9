import type { AdaptiveCard } from '../../../cards';
import type { Principal } from '../../directory/directory';
import { t, type Language } from '../../i18n';
import type { Holding } from '../../licensing/holdings';
import { noticeCard } from './messageViews';
import { throughNames } from './notAssignedViews';

/** Details buttons offered, one per app held, in catalog order. */
const DETAILS_BUTTONS = 5;

/** Every app a user or group holds and how: directly, through Sales… */
export function holdingsCard(language: Language, principal: Principal, holdings: Holding[]): AdaptiveCard {
  const name = principal.displayName;
  const lines = holdings.map((holding) => holdingLine(language, holding));
  if (holdings.length === 0) lines.push(t(language, 'licensesOf.none', { name }));
  else if (principal.kind === 'user') lines.push(t(language, 'licensesOf.seatNote'));
  return noticeCard(
    t(language, 'licensesOf.title', { name }),
    lines,
    'Default',
    holdings.slice(0, DETAILS_BUTTONS).map((holding) => ({
      title: t(language, 'licensesOf.button', { app: holding.app.name }),
      verb: 'details',
      appId: holding.app.appId,
      principalIds: '',
    })),
  );
}

/** How one app is held: "Contoso CRM: through Sales". */
export function holdingLine(language: Language, holding: Holding): string {
  const app = holding.app.name;
  const groups = holding.through.map((group) => group.displayName);
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
