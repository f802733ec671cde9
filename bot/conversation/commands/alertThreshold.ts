import { t } from '../../i18n';
import { findApp } from '../find';
import { cleanName } from '../parse';
import { alertsCard } from '../views/alertViews';
import type { CommandHandler } from './handler';

const ENGLISH = /^(.+?)\s+has\s+(\d{1,7})\s+(?:seats?|licen[cs]es?|places?)(?:\s+left)?$/i;
const FRENCH = /^(\d{1,7})\s+(?:licences?|places?)\s+(?:(?:de|du|d')\s*)?(.+)$/i;

/** The app and the number of "alert me when Contoso CRM has 3 seats left" / "…il reste 3 licences Contoso CRM". */
export function parseThreshold(rest: string): { appText: string; threshold: number } | undefined {
  const english = ENGLISH.exec(rest);
  if (english) return { appText: cleanName(english[1]), threshold: Number(english[2]) };
  const french = FRENCH.exec(rest);
  if (french) return { appText: cleanName(french[2]), threshold: Number(french[1]) };
  return undefined;
}

/** `alert me when Contoso CRM has 3 seats left`: the app's seat alert threshold. */
export const threshold: CommandHandler = {
  intent: 'threshold',
  adminOnly: true,
  async run(ctx, command) {
    const { language, tenantId } = ctx.turn;
    const parsed = parseThreshold(command.rest);
    if (!parsed) return { card: alertsCard(language, t(language, 'alerts.threshold.usage'), 'Warning') };
    const found = await findApp(ctx, parsed.appText, (appName) =>
      language === 'fr'
        ? `préviens-moi quand il reste ${parsed.threshold} licences ${appName}`
        : `alert me when ${appName} has ${parsed.threshold} seats left`,
    );
    if ('card' in found) return found;
    const { app } = found;
    const params = { app: app.name, threshold: parsed.threshold, purchased: app.seatsPurchased };
    if (parsed.threshold > app.seatsPurchased) {
      return { card: alertsCard(language, t(language, 'alerts.threshold.range', params), 'Warning') };
    }
    await ctx.services.alerts.setThreshold(tenantId, app.appId, parsed.threshold);
    const { seatsAvailable } = await ctx.services.ledger.details(tenantId, app.appId, 0, 1, app);
    const done = t(language, 'alerts.threshold.done', { ...params, available: seatsAvailable });
    return { card: alertsCard(language, done) };
  },
};
