import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import type { Directory } from '../directory/directory';
import { t } from '../i18n';
import { requireLicenseAdmin } from '../licensing/access';
import type { LicenseLedger } from '../licensing/ledger';
import { csvHeader, csvLine } from './holdersCsv';
import type { ExportLinks } from './exportLinks';

export const EXPORT_PATH = '/api/export/holders.csv';

export interface ExportRouteDeps {
  links: ExportLinks;
  ledger: LicenseLedger;
  directory: Directory;
  logger: Logger;
}

/** Resolves once the response can take more, or is closed. */
const writable = (res: Response) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });

/** The link the bot hands an admin (`export Contoso CRM`). */
export const exportUrl = (publicBaseUrl: string, token: string) =>
  `${publicBaseUrl.replace(/\/$/, '')}${EXPORT_PATH}?token=${encodeURIComponent(token)}`;

const REFUSAL_HEADERS = {
  'content-type': 'text/plain; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

/**
 * GET the CSV of an app's holders. The link's signature, expiry (15 minutes) and the admin's role in
 * the link's organisation are checked before anything is read; the organisation, admin and app come
 * from the signed link only. Rows are written as the ledger's pages are read (backpressure honoured),
 * never gathered in memory.
 */
export function addExportRoutes(server: Server, deps: ExportRouteDeps): void {
  server.get(EXPORT_PATH, async (req: Request, res: Response) => {
    const token = new URL(req.url ?? '', 'http://localhost').searchParams.get('token');
    const check = deps.links.verify(token);
    if (!check.ok) {
      const expired = check.reason === 'expired';
      const language = expired ? check.claims.language : 'en';
      res.writeHead(expired ? 410 : 403, REFUSAL_HEADERS);
      res.end(
        expired
          ? t(language, 'export.refused.expired', { app: check.claims.appId })
          : t(language, 'export.refused.invalid'),
      );
      return;
    }
    const { tenantId, userId, appId, language } = check.claims;
    try {
      await requireLicenseAdmin(deps.directory, tenantId, userId);
      await deps.ledger.getCatalog(tenantId).then((apps) => {
        if (!apps.some((app) => app.appId === appId)) throw new Error('app not in catalog');
      });
    } catch (error) {
      deps.logger.warn({ tenantId, appId, err: error }, 'holders export refused');
      res.writeHead(403, REFUSAL_HEADERS);
      res.end(t(language, 'export.refused.invalid'));
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${appId.replace(/[^\w.-]/g, '_')}-holders.csv"`,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    // A byte order mark: spreadsheets then read the accents as UTF-8.
    res.write(`\ufeff${csvHeader(language)}`);
    let rows = 0;
    try {
      for await (const row of deps.ledger.holderRows(tenantId, appId)) {
        rows++;
        if (!res.write(csvLine(language, row))) await writable(res);
        if (res.destroyed) return; // the browser went away: stop reading
      }
      res.end();
      deps.logger.info({ audit: 'export', tenantId, actorId: userId, appId, rows }, 'holders exported');
    } catch (error) {
      // Headers are gone: cutting the connection is the only way to say the file is incomplete.
      deps.logger.error({ tenantId, appId, rows, err: error }, 'holders export failed');
      res.destroy();
    }
  });
}
