import { holdingsOf } from '../../licensing/holdings';
import { LicenseError } from '../../licensing/model';
import { findApp } from '../find';
import { cleanName } from '../parse';
import { alreadyHeldCard, requestPendingCard, requestSentCard } from '../views/requestViews';
import type { CommandHandler } from './handler';

/** Longest reason kept (it is shown on the admins' card). */
const REASON_MAX = 500;

/** "Contoso CRM: for the Q3 review" → the app as named, and why (after the first colon). */
export function splitReason(rest: string): { appText: string; reason?: string } {
  const colon = rest.indexOf(':');
  if (colon < 0) return { appText: cleanName(rest) };
  const reason = rest
    .slice(colon + 1)
    .trim()
    .slice(0, REASON_MAX);
  return { appText: cleanName(rest.slice(0, colon)), ...(reason ? { reason } : {}) };
}

/**
 * `request Contoso CRM`, `I need Contoso CRM: for the Q3 review`, `demander Contoso CRM` (anyone):
 * the person already holds the app (how, and the install link), has asked already (since when), or
 * the request goes to the admins.
 */
export const request: CommandHandler = {
  intent: 'request',
  adminOnly: false,
  async run(ctx, command) {
    const { turn, services } = ctx;
    const { language, actor } = turn;
    const { appText, reason } = splitReason(command.rest);
    const word = language === 'fr' ? 'demander' : 'request';
    const found = await findApp(
      ctx,
      appText,
      (appName) => `${word} ${appName}${reason ? `: ${reason}` : ''}`,
    );
    if ('card' in found) return found;
    const { app } = found;
    if (app.removedAt) throw new LicenseError('AppRemoved', { appId: app.appId, app: app.name });
    if (!actor.userId) throw new LicenseError('PrincipalNotFound', { principalId: actor.name });
    const [holding] = await holdingsOf(services.ledger, actor, actor.userId, [app]);
    if (holding) return { card: alreadyHeldCard(language, holding) };
    const opened = await services.requests.open(actor, app, reason);
    return {
      card:
        opened.kind === 'pending'
          ? requestPendingCard(language, opened.request)
          : requestSentCard(language, app.name, services.requests.ttlDays),
    };
  },
};
