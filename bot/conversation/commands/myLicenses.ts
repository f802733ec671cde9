import { holdingsOf } from '../../licensing/holdings';
import { LicenseError } from '../../licensing/model';
import { myLicensesCard } from '../views/requestViews';
import type { CommandHandler } from './handler';

/** `my licenses` / `mes licences` (anyone): the apps the person holds, how, and their install links. */
export const myLicenses: CommandHandler = {
  intent: 'myLicenses',
  adminOnly: false,
  async run(ctx) {
    const { turn, services } = ctx;
    if (!turn.actor.userId) throw new LicenseError('PrincipalNotFound', { principalId: turn.actor.name });
    const catalog = await services.ledger.getCatalog(turn.tenantId);
    const holdings = await holdingsOf(services.ledger, turn.actor, turn.actor.userId, catalog);
    return { card: myLicensesCard(turn.language, holdings) };
  },
};
