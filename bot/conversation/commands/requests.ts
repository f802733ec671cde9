import { LicenseError } from '../../licensing/model';
import type { CommandContext, Reply } from '../context';
import { REQUESTS_PER_PAGE, requestsCard } from '../views/requestViews';
import type { CommandHandler } from './handler';

/** `requests` / `demandes` (admins): the open requests, oldest first, with Approve / Deny. */
export const requests: CommandHandler = {
  intent: 'requests',
  adminOnly: true,
  run: (ctx) => requestsPage(ctx, 0),
};

/** One page of the open requests; `headline` says what the last click did. */
export async function requestsPage(ctx: CommandContext, offset: number, headline?: string): Promise<Reply> {
  const { tenantId, language } = ctx.turn;
  const seatRequests = ctx.services.requests;
  const page = await seatRequests.pending(tenantId, offset, REQUESTS_PER_PAGE);
  const appIds = [...new Set(page.requests.map((request) => request.appId))];
  const seats = new Map(
    await Promise.all(appIds.map(async (appId) => [appId, await seatsLeft(ctx, appId)] as const)),
  );
  const views = page.requests.map((request) => ({ request, seatsLeft: seats.get(request.appId) }));
  return { card: requestsCard(language, views, offset, page.hasMore, headline) };
}

/** Seats available now; unknown for an app that left the catalog since it was asked for. */
async function seatsLeft(ctx: CommandContext, appId: string): Promise<number | undefined> {
  try {
    return (await ctx.services.ledger.details(ctx.turn.tenantId, appId, 0, 1)).seatsAvailable;
  } catch (error) {
    if (error instanceof LicenseError && error.kind === 'AppNotFound') return undefined;
    throw error;
  }
}
