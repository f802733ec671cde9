import type { Principal } from '../../directory/directory';
import { t } from '../../i18n';
import type { CatalogApp } from '../../licensing/model';
import { holdingsOf } from '../../licensing/holdings';
import type { CommandContext, Reply } from '../context';
import { findApp, findPrincipals } from '../find';
import { parsePrincipal } from '../parse';
import { resolveApp, resolvePrincipal } from '../resolve';
import { detailsCard } from '../views/appViews';
import { noticeCard } from '../views/messageViews';
import { holdingsCard } from '../views/holdingsViews';
import type { CommandHandler } from './handler';

/** "what does Bob have?": the verb after the name is not part of it. */
const TRAILING_VERB = /\s+(?:have|has|hold|holds|use|uses|own|owns)$/i;

/**
 * "licenses of <app or person>", "seats for Litware", "how many seats left on Fabrikam Expenses",
 * "what does Bob have": an app answers with its page (seats and holders), a user or group with every
 * app it holds and how. Never the whole list in place of the one asked about.
 */
export const licensesOf: CommandHandler = {
  intent: 'licensesOf',
  adminOnly: true,
  async run(ctx, command) {
    const { ledger, directory } = ctx.services;
    const { tenantId, language } = ctx.turn;
    const text = command.rest.replace(TRAILING_VERB, '');
    const catalog = await ledger.getCatalog(tenantId);
    const app = resolveApp(catalog, text);
    if (app.kind === 'found') return appPage(ctx, app.value.appId);
    const principal = text
      ? await resolvePrincipal(directory, tenantId, parsePrincipal(text))
      : ({ kind: 'notFound', text } as const);
    if (principal.kind === 'found') return holdings(ctx, principal.value, catalog);
    // Close to an app (or nothing named): ask which app; close to a person or group: ask whom.
    if (app.kind !== 'notFound' || !text) {
      const found = await findApp(ctx, text, (appName) => `details ${appName}`, catalog);
      return 'card' in found ? found : appPage(ctx, found.app.appId);
    }
    if (principal.kind !== 'notFound') {
      const found = await findPrincipals(ctx, text, '', (tokens) => `licenses of ${tokens.join(', ')}`);
      if ('card' in found) return found;
      if (found.principals.length === 1) return holdings(ctx, found.principals[0], catalog);
    }
    return {
      card: noticeCard(t(language, 'error.NotFound.title'), [t(language, 'licensesOf.notFound', { text })]),
    };
  },
};

async function holdings(ctx: CommandContext, principal: Principal, catalog: CatalogApp[]): Promise<Reply> {
  const { directory } = ctx.services;
  const found = await holdingsOf(ctx.services.ledger, ctx.turn.actor, principal.id, catalog);
  // A person in a group nested in the assigned one: name the way down ("All Staff ⊃ Sales").
  const paths = new Map<string, string[]>();
  if (principal.kind === 'user' && directory.memberPath) {
    const groups = new Set(found.flatMap((holding) => holding.through.map((group) => group.id)));
    for (const groupId of groups) {
      const path = await directory.memberPath(ctx.turn.tenantId, groupId, principal.id);
      if (path && path.length > 1)
        paths.set(
          groupId,
          path.map((group) => group.displayName),
        );
    }
  }
  return { card: holdingsCard(ctx.turn.language, principal, found, paths) };
}

async function appPage(ctx: CommandContext, appId: string): Promise<Reply> {
  const details = await ctx.services.ledger.details(ctx.turn.tenantId, appId, 0);
  return { card: detailsCard(ctx.turn.language, details, 0, ctx.turn.canOpenDialogs) };
}
