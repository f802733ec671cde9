import { LicenseError, type CatalogApp } from '../../licensing/model';
import type { CommandContext } from '../context';
import { detailsCard, historyCard, HOLDERS_PER_PAGE, listCard, vendorCard } from '../views/appViews';
import { type ActionHandler, offsetField, textField } from './handler';
import type { ActionData } from '../turn';

/** The app a card names by id, looked up in the clicker's own tenant catalog. */
export async function appOfCard(ctx: CommandContext, data: ActionData): Promise<CatalogApp> {
  const appId = textField(data, 'appId');
  const catalog = await ctx.services.ledger.getCatalog(ctx.turn.tenantId);
  const app = catalog.find((candidate) => candidate.appId === appId);
  if (!app) throw new LicenseError('AppNotFound', { text: appId });
  return app;
}

export const listAction: ActionHandler = {
  verb: 'list',
  adminOnly: true,
  run: async (ctx) => ({
    card: listCard(ctx.turn.language, await ctx.services.ledger.listApps(ctx.turn.tenantId)),
  }),
};

async function detailsPage(ctx: CommandContext, data: ActionData, offset: number) {
  const app = await appOfCard(ctx, data);
  const details = await ctx.services.ledger.details(
    ctx.turn.tenantId,
    app.appId,
    offset,
    HOLDERS_PER_PAGE,
    app,
  );
  return {
    card: detailsCard(ctx.turn.language, details, offset, ctx.turn.canOpenDialogs, ctx.turn.timeZone),
  };
}

export const detailsAction: ActionHandler = {
  verb: 'details',
  adminOnly: true,
  run: (ctx, data) => detailsPage(ctx, data, 0),
};

export const detailsPageAction: ActionHandler = {
  verb: 'details.page',
  adminOnly: true,
  run: (ctx, data) => detailsPage(ctx, data, offsetField(data, 'offset')),
};

export const seatsAction: ActionHandler = {
  verb: 'seats',
  adminOnly: true,
  run: async (ctx, data) => ({ card: vendorCard(ctx.turn.language, await appOfCard(ctx, data)) }),
};

export const historyAction: ActionHandler = {
  verb: 'history',
  adminOnly: true,
  async run(ctx, data) {
    const app = await appOfCard(ctx, data);
    return {
      card: historyCard(
        ctx.turn.language,
        app,
        await ctx.services.ledger.history(ctx.turn.tenantId, app.appId, 10),
        await ctx.services.requests.denials(ctx.turn.tenantId, app.appId),
        ctx.turn.timeZone,
      ),
    };
  },
};
