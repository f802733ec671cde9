import type { AdaptiveCard } from '../../../cards';
import type { CatalogApp } from '../../licensing/model';
import type { Intent } from '../commandTable';
import type { CommandContext } from '../context';
import { findApp } from '../find';
import { exportUrl } from '../../export/exportRoutes';
import {
  detailsCard,
  exportCard,
  historyCard,
  HOLDERS_PER_PAGE,
  installCard,
  vendorCard,
} from '../views/appViews';
import type { CommandHandler } from './handler';

/** A command about one app: find the app (or ask which), then answer with its card. */
function appCommand(
  intent: Intent,
  word: string,
  render: (ctx: CommandContext, app: CatalogApp) => Promise<AdaptiveCard>,
): CommandHandler {
  return {
    intent,
    adminOnly: true,
    async run(ctx, command) {
      const found = await findApp(ctx, command.rest, (appName) => `${word} ${appName}`);
      if ('card' in found) return found;
      return { card: await render(ctx, found.app) };
    },
  };
}

export const details = appCommand('details', 'details', async (ctx, app) =>
  detailsCard(
    ctx.turn.language,
    await ctx.services.ledger.details(ctx.turn.tenantId, app.appId, 0, HOLDERS_PER_PAGE, app),
    0,
    ctx.turn.canOpenDialogs,
    ctx.turn.timeZone,
  ),
);

export const install = appCommand('install', 'install', async (ctx, app) =>
  installCard(ctx.turn.language, app),
);

export const seats = appCommand('seats', 'add licenses', async (ctx, app) =>
  vendorCard(ctx.turn.language, app),
);

/** A download link for the CSV of the app's holders, signed for this tenant and admin (bot/export/). */
export const exportHolders = appCommand('export', 'export', async (ctx, app) => {
  const { language, tenantId, actor } = ctx.turn;
  const exports = ctx.services.exports;
  if (!exports) throw new Error('holders export is not configured');
  const { token, expiresAt } = exports.links.sign({
    tenantId,
    userId: actor.userId,
    appId: app.appId,
    language,
  });
  return exportCard(
    language,
    app,
    exportUrl(exports.publicBaseUrl, token),
    new Date(expiresAt).toISOString(),
  );
});

export const history = appCommand('history', 'history', async (ctx, app) =>
  historyCard(
    ctx.turn.language,
    app,
    await ctx.services.ledger.history(ctx.turn.tenantId, app.appId, 10),
    await ctx.services.requests.denials(ctx.turn.tenantId, app.appId),
    ctx.turn.timeZone,
  ),
);
