import { assignInChatReply } from '../../dialog/assignChatCard';
import { joinNames, t } from '../../i18n';
import { LicenseError, type CatalogApp } from '../../licensing/model';
import type { CommandContext, Reply } from '../context';
import { aboutApp } from '../errors';
import { findApp, findPrincipals } from '../find';
import type { ParsedCommand } from '../parse';
import { withTypingIfSlow } from '../typing';
import { assignResultCard, unassignConfirmCard } from '../views/changeViews';
import { noticeCard } from '../views/messageViews';
import { nothingToUnassignCard } from '../views/notAssignedViews';
import type { CommandHandler } from './handler';

interface Target {
  app: CatalogApp;
  principalIds: string[];
}

/**
 * The app and principals of "assign <app> to <who>" / "unassign <app> from <who>". The text may
 * split in several places (an app name can contain "to"): the first split whose app exists wins.
 */
async function findTarget(
  ctx: CommandContext,
  command: ParsedCommand,
  word: 'assign' | 'unassign',
  separator: string,
  example: string,
  withoutPrincipals?: (app: CatalogApp) => Promise<Reply>,
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
    (appName) => `${word} ${appName} ${separator} ${split.principalsText}`,
    catalog,
    split.principalsText ? (appName) => describe(appName, [split.principalsText]) : undefined,
  );
  if ('card' in app) return app;
  if (withoutPrincipals && !split.principalsText) return withoutPrincipals(app.app);
  const rewrite = (tokens: string[]) => `${word} ${app.app.name} ${separator} ${tokens.join(', ')}`;
  const found = await findPrincipals(ctx, split.principalsText, example, rewrite, (names) =>
    describe(app.app.name, names),
  );
  if ('card' in found) return found;
  return { app: app.app, principalIds: found.principals.map((p) => p.id) };
}

export const assign: CommandHandler = {
  intent: 'assign',
  adminOnly: true,
  async run(ctx, command) {
    // "assign Contoso CRM" with nobody named: the card where the admin picks users and groups.
    const target = await findTarget(
      ctx,
      command,
      'assign',
      'to',
      t(ctx.turn.language, 'help.cmd.assign'),
      (app) => assignInChatReply(ctx, app),
    );
    if ('card' in target) return target;
    return assignAndReport(ctx, target.app, target.principalIds);
  },
};

/** Assigns the app to the principals and answers with the result card (the next step: install). */
export async function assignAndReport(
  ctx: CommandContext,
  app: CatalogApp,
  principalIds: string[],
): Promise<Reply> {
  const outcome = await withTypingIfSlow(ctx, () =>
    aboutApp(app, ctx.services.ledger.assign(ctx.turn.actor, app.appId, principalIds, app)),
  );
  if (outcome.assigned.length === 0) {
    return {
      card: noticeCard(
        t(ctx.turn.language, 'error.NothingToAssign.title', { app: app.name }),
        [t(ctx.turn.language, 'error.NothingToAssign', { app: app.name })],
        'Warning',
      ),
    };
  }
  return { card: assignResultCard(ctx.turn.language, outcome) };
}

export const unassign: CommandHandler = {
  intent: 'unassign',
  adminOnly: true,
  async run(ctx, command) {
    const target = await findTarget(
      ctx,
      command,
      'unassign',
      'from',
      t(ctx.turn.language, 'help.cmd.unassign'),
    );
    if ('card' in target) return target;
    return prepareUnassign(ctx, target.app, target.principalIds);
  },
};

/**
 * The confirmation card for removing these principals from the app. Nothing changes yet. When none
 * of them is assigned the app, the answer says who holds it anyway and through which groups.
 */
export async function prepareUnassign(
  ctx: CommandContext,
  app: CatalogApp,
  principalIds: string[],
): Promise<Reply> {
  const { ledger } = ctx.services;
  try {
    const confirmation = await withTypingIfSlow(ctx, () =>
      aboutApp(app, ledger.prepareUnassign(ctx.turn.actor, app.appId, principalIds, app)),
    );
    return { card: unassignConfirmCard(ctx.turn.language, confirmation) };
  } catch (error) {
    if (!(error instanceof LicenseError) || error.kind !== 'NothingToUnassign' || !principalIds.length)
      throw error;
    // The refusal is rare: only then is the preview (how each one holds the app) worked out again.
    const preview = await ledger.previewUnassign(ctx.turn.actor, app.appId, principalIds);
    if (preview.effects.length > 0) throw error;
    return { card: nothingToUnassignCard(ctx.turn.language, preview) };
  }
}
