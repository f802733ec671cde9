import { joinNames, t } from '../../i18n';
import type { CatalogApp } from '../../licensing/model';
import type { CommandContext, Reply } from '../context';
import { findApp, findPrincipals } from '../find';
import type { ParsedCommand } from '../parse';

/** What an assign or unassign command is about: one app and the principals named. */
export interface Target {
  app: CatalogApp;
  principalIds: string[];
}

/**
 * The app and principals of "assign <app> to <who>" / "unassign <app> from <who>". The text may
 * split in several places (an app name can contain "to"): the first split whose app exists wins.
 */
export async function findTarget(
  ctx: CommandContext,
  command: ParsedCommand,
  word: 'assign' | 'unassign',
  separator: string,
  example: string,
  withoutPrincipals?: (app: CatalogApp) => Promise<Reply>,
  /** Kept at the end of a command a choice button re-runs (an end date: " until 30 June"). */
  suffix = '',
): Promise<Target | Reply> {
  const { language } = ctx.turn;
  // A choice button here changes licenses (or prepares it): its title says what it will do.
  const describe = (appName: string, names: string[]) =>
    t(language, `choice.${word}`, { app: appName, who: joinNames(language, names) });
  const { ledger } = ctx.services;
  const catalog = await ledger.getCatalog(ctx.turn.tenantId);
  const splits = command.splits.length ? command.splits : [{ appText: command.rest, principalsText: '' }];
  const split =
    splits.find((s) => catalog.some((app) => app.name.toLowerCase() === s.appText.toLowerCase())) ??
    splits[0];
  const app = await findApp(
    ctx,
    split.appText,
    (appName) => `${word} ${appName} ${separator} ${split.principalsText}${suffix}`,
    catalog,
    split.principalsText ? (appName) => describe(appName, [split.principalsText]) : undefined,
  );
  if ('card' in app) return app;
  if (withoutPrincipals && !split.principalsText) return withoutPrincipals(app.app);
  const rewrite = (tokens: string[]) => `${word} ${app.app.name} ${separator} ${tokens.join(', ')}${suffix}`;
  const found = await findPrincipals(ctx, split.principalsText, example, rewrite, (names) =>
    describe(app.app.name, names),
  );
  if ('card' in found) return found;
  return { app: app.app, principalIds: found.principals.map((p) => p.id) };
}
