import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import type { Directory } from '../directory/directory';
import { failureOf, failureText } from '../failures';
import { languageOf, t, type Language, type StringKey } from '../i18n';
import type { LicenseLedger } from '../licensing/ledger';
import { NotAnAdmin, requireLicenseAdmin } from '../licensing/access';
import { searchPane } from './paneSearch';
import type { PaneClaims, PaneTokens } from './paneToken';

/**
 * The HTTP side of the Assign licenses dialog: the page Teams frames, its script, style and the
 * teams-js bundle, and the search API the page calls as the admin types. Every request carries the
 * token the bot signed on task/fetch; each is checked again (signature, expiry, admin role).
 */

export interface PaneRouteDeps {
  tokens: PaneTokens;
  ledger: LicenseLedger;
  directory: Directory;
  logger: Logger;
}

/** Where Teams (classic and new), Outlook and the Microsoft 365 app frame dialogs from. */
export const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.teams.cloud.microsoft',
  'https://*.office.com',
  'https://*.microsoft365.com',
];

/** teams-js refreshes its list of valid host origins from this CDN. */
const TEAMS_JS_ORIGINS_CDN = 'https://res.cdn.office.net';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  `connect-src 'self' ${TEAMS_JS_ORIGINS_CDN}`,
  "base-uri 'none'",
  "form-action 'none'",
  `frame-ancestors ${FRAME_ANCESTORS.join(' ')}`,
].join('; ');

const PAGE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  // The page URL carries the token: it must not leak to other sites or caches.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** The page's files sit beside this module (`npm run build` copies them next to the compiled code). */
const PAGE_DIR = path.join(__dirname, 'page');
const TEMPLATE = readFileSync(path.join(PAGE_DIR, 'assignPane.html'), 'utf8');

interface Asset {
  body: Buffer;
  type: string;
}

function loadAssets(): Map<string, Asset> {
  const teamsJs = require.resolve('@microsoft/teams-js');
  return new Map([
    [
      'assignPane.js',
      { body: readFileSync(path.join(PAGE_DIR, 'assignPane.js')), type: 'text/javascript; charset=utf-8' },
    ],
    [
      'assignPane.css',
      { body: readFileSync(path.join(PAGE_DIR, 'assignPane.css')), type: 'text/css; charset=utf-8' },
    ],
    ['teams-js.js', { body: readFileSync(teamsJs), type: 'text/javascript; charset=utf-8' }],
  ]);
}

/** The page's own strings, as templates with {placeholders} the script fills. */
const SCRIPT_STRINGS: Record<string, StringKey> = {
  searching: 'pane.search.searching',
  none: 'pane.search.none',
  count: 'pane.search.count',
  failed: 'pane.search.failed',
  user: 'pane.user',
  group: 'pane.group',
  seatsUser: 'pane.seats.user',
  seatsGroup: 'pane.seats.group',
  remove: 'pane.picked.remove',
  removeName: 'pane.picked.removeName',
  added: 'pane.picked.added',
  removed: 'pane.picked.removed',
  total: 'pane.total',
  expired: 'pane.expired',
  invalid: 'pane.invalid',
  notInTeams: 'pane.notInTeams',
  submitting: 'pane.submitting',
};

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** JSON that is safe inside a <script type="application/json"> element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

interface PaneView {
  language: Language;
  theme: string;
  state: 'ready' | 'problem';
  token?: string;
  app?: { name: string; vendor: string; seatsLine: string; available: number };
  problem?: string;
}

export function renderPane(view: PaneView): string {
  const { language } = view;
  const s = (key: StringKey) => t(language, key);
  const ready = view.state === 'ready';
  const hidden = (show: boolean) => (show ? '' : 'hidden');
  const config = {
    state: view.state,
    token: ready ? view.token : '',
    available: view.app?.available ?? 0,
    strings: Object.fromEntries(Object.entries(SCRIPT_STRINGS).map(([name, key]) => [name, s(key)])),
  };
  const slots: Record<string, string> = {
    lang: language,
    theme: escapeHtml(view.theme),
    title: escapeHtml(
      view.app ? t(language, 'pane.title', { app: view.app.name }) : s('details.button.assign'),
    ),
    config: scriptJson(config),
    appName: escapeHtml(view.app?.name ?? s('details.button.assign')),
    vendorLine: escapeHtml(view.app?.vendor ?? ''),
    vendorHidden: hidden(Boolean(view.app)),
    seatsLine: escapeHtml(view.app?.seatsLine ?? ''),
    seatsHidden: hidden(Boolean(view.app)),
    problem: escapeHtml(view.problem ?? ''),
    problemHidden: hidden(!ready),
    formHidden: hidden(ready),
    closeHidden: hidden(!ready),
    searchLabel: escapeHtml(s('pane.search.label')),
    searchPlaceholder: escapeHtml(s('pane.search.placeholder')),
    searchHint: escapeHtml(s('pane.search.hint')),
    pickedTitle: escapeHtml(s('pane.picked.title')),
    pickedNone: escapeHtml(s('pane.picked.none')),
    over: escapeHtml(s('pane.total.over')),
    assignButton: escapeHtml(s('pane.button.assign')),
    cancelButton: escapeHtml(s('pane.button.cancel')),
    closeButton: escapeHtml(s('pane.button.close')),
  };
  return TEMPLATE.replace(/\{\{(\w+)\}\}/g, (_whole, name: string) => {
    if (!(name in slots)) throw new Error(`assignPane.html: unknown slot {{${name}}}`);
    return slots[name];
  });
}

/** The language of a request that carries no valid token: its Accept-Language, French or English. */
function requestLanguage(req: Request): Language {
  const header = req.headers['accept-language'];
  return languageOf(typeof header === 'string' ? header.split(',')[0] : undefined);
}

function queryParam(req: Request, name: string): string | undefined {
  return new URL(req.url ?? '/', 'http://pane').searchParams.get(name) ?? undefined;
}

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

type Checked =
  | { ok: true; claims: PaneClaims }
  | { ok: false; status: number; error: string; message: string; language: Language };

/** The token is genuine and current, and its admin still holds an admin role. */
async function checkRequest(deps: PaneRouteDeps, token: unknown, fallback: Language): Promise<Checked> {
  const check = deps.tokens.verify(token);
  if (!check.ok) {
    const language = check.language ?? fallback;
    return {
      ok: false,
      status: 401,
      error: check.reason,
      message: t(language, `pane.${check.reason}`),
      language,
    };
  }
  const { claims } = check;
  try {
    await requireLicenseAdmin(deps.directory, claims.tenantId, claims.userId);
  } catch (error) {
    if (!(error instanceof NotAnAdmin)) throw error;
    const failure = failureOf(error, deps.logger);
    return {
      ok: false,
      status: failure.status,
      error: failure.kind,
      message: failureText(claims.language, failure),
      language: claims.language,
    };
  }
  return { ok: true, claims };
}

function sendPage(res: Response, status: number, html: string): void {
  res.writeHead(status, { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}

function sendJson(res: Response, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(JSON.stringify(body));
}

export function addAssignPaneRoutes(server: Server, deps: PaneRouteDeps): void {
  const assets = loadAssets();

  server.get('/dialog/assign', async (req: Request, res: Response) => {
    const themeParam = queryParam(req, 'theme');
    const theme = themeParam === 'dark' || themeParam === 'contrast' ? themeParam : 'default';
    let language = requestLanguage(req);
    try {
      const token = queryParam(req, 'token');
      const checked = await checkRequest(deps, token, language);
      if (!checked.ok) {
        sendPage(
          res,
          checked.status,
          renderPane({ language: checked.language, theme, state: 'problem', problem: checked.message }),
        );
        return;
      }
      const { claims } = checked;
      language = claims.language;
      const details = await deps.ledger.details(claims.tenantId, claims.appId, 0, 1);
      const seats = {
        purchased: details.seatsPurchased,
        assigned: details.seatsAssigned,
        available: details.seatsAvailable,
      };
      sendPage(
        res,
        200,
        renderPane({
          language,
          theme,
          state: 'ready',
          token,
          app: {
            name: details.app.name,
            vendor: t(language, 'details.vendor', { vendor: details.app.vendor.name }),
            seatsLine: t(language, 'pane.seats', seats),
            available: details.seatsAvailable,
          },
        }),
      );
    } catch (error) {
      const failure = failureOf(error, deps.logger);
      sendPage(
        res,
        failure.status,
        renderPane({ language, theme, state: 'problem', problem: failureText(language, failure) }),
      );
    }
  });

  server.get('/dialog/:asset', (req: Request, res: Response, next) => {
    const asset = assets.get(String(req.params.asset));
    if (!asset) {
      res.writeHead(404, {
        'content-type': 'text/plain; charset=utf-8',
        'x-content-type-options': 'nosniff',
      });
      res.end('Not found');
      return next(false);
    }
    res.writeHead(200, {
      'content-type': asset.type,
      'content-length': asset.body.length,
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    });
    res.end(asset.body);
    return next(false);
  });

  server.get('/api/dialog/principals', async (req: Request, res: Response) => {
    const language = requestLanguage(req);
    try {
      const checked = await checkRequest(deps, bearer(req), language);
      if (!checked.ok) {
        sendJson(res, checked.status, { error: checked.error, message: checked.message });
        return;
      }
      const results = await searchPane(deps.directory, checked.claims.tenantId, queryParam(req, 'q'));
      sendJson(res, 200, { results });
    } catch (error) {
      const failure = failureOf(error, deps.logger);
      sendJson(res, failure.status, { error: 'Unavailable', message: failureText(language, failure) });
    }
  });
}
