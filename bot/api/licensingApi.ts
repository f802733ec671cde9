import type { Request, Response, Server } from 'restify';
import { DirectoryError, type Directory } from '../directory/directory';
import type { LicenseLedger } from '../licensing/ledger';
import { LicenseChecks } from '../licensing/licenseChecks';
import { LicenseError, type CatalogApp } from '../licensing/model';
import { VendorCatalog, VendorRefusal, isVendorOf, type VendorCaller } from '../licensing/vendorCatalog';
import type { Logger } from '../logger';
import { apiApp, apiChange, apiSubscription } from './answers';
import { EntraTokens } from './entraTokens';
import openApiDocument from './openapi.json';
import { ApiProblem, sendJson, sendProblem } from './problem';
import { RateLimit } from './rateLimit';
import {
  appFieldsOf,
  appIdOf,
  decodeCursor,
  encodeCursor,
  invalid,
  limitOf,
  queryOf,
  seqOf,
  subscriptionOf,
  tenantIdOf,
  userIdOf,
} from './requestInput';

/**
 * The licensing API (`/api/v1`): what a vendor's app asks of License Desk, and what the vendor
 * changes in a customer's catalog. Routes on the bot's restify server; no botbuilder, no conversation:
 * it stands on the licensing core (ledger, catalog, checks) and the directory. Every answer is JSON or
 * `application/problem+json`, as `openapi.json` (served at `/api/v1/openapi.json`) describes.
 */

export interface LicensingApiOptions {
  ledger: LicenseLedger;
  directory: Directory;
  logger: Logger;
  /** The bot's app id: Entra access tokens for `api://<appId>` are required. Absent: local mode, loopback only. */
  appId?: string;
  /** Where Entra's OpenID metadata is read (default Microsoft Entra ID's; a loopback authority in tests). */
  openIdMetadataUrl?: string;
  /** LICENSE_CHECK_MAX_AGE_SECONDS, in ms. */
  checkMaxAgeMs: number;
  /** API_RATE_LIMIT_PER_SECOND. */
  ratePerSecond: number;
  /**
   * Told after the vendor changed seats or the subscription state (not on a replay), to alert the
   * tenant's admins at once (the seat alerts' enqueue point); its failure is logged, never the caller's.
   */
  vendorChanged?: (tenantId: string) => Promise<unknown>;
}

/** Largest request body of the API, well above any app or subscription. */
const MAX_BODY_BYTES = 16 * 1024;
const BASE = '/api/v1/tenants/:tenantId/apps/:appId';

interface Caller extends VendorCaller {
  /** Whose requests are counted together for the rate limit. */
  key: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function addLicensingApi(server: Server, options: LicensingApiOptions): { checks: LicenseChecks } {
  const { ledger, directory, logger } = options;
  const checks = new LicenseChecks({ ledger, directory, maxAgeMs: options.checkMaxAgeMs });
  const vendor = new VendorCatalog(ledger);
  const tokens = options.appId ? new EntraTokens(options.appId, options.openIdMetadataUrl) : undefined;
  const rate = new RateLimit(options.ratePerSecond);

  async function authenticate(req: Request): Promise<Caller> {
    if (!tokens) {
      // Local mode answers only this machine (the server listens on loopback, this holds anyway).
      const address = req.socket.remoteAddress ?? '';
      if (!LOOPBACK.has(address))
        throw new ApiProblem('forbidden', 'local mode answers loopback callers only');
      return { key: `local:${address}` };
    }
    const verdict = await tokens.verify(req.headers.authorization);
    if (!verdict.ok)
      throw new ApiProblem(
        verdict.reason,
        verdict.detail,
        'header.authorization',
        {},
        verdict.reason === 'unauthenticated' ? { 'www-authenticate': 'Bearer' } : {},
      );
    return { key: `app:${verdict.clientId}`, clientId: verdict.clientId };
  }

  type Handler = (req: Request, caller: Caller) => Promise<{ status: number; body: unknown }>;
  const route = (method: 'get' | 'put', path: string, handler: Handler) =>
    server[method](path, async (req: Request, res: Response) => {
      try {
        const caller = await authenticate(req);
        const wait = rate.take(caller.key);
        if (wait > 0)
          throw new ApiProblem(
            'rate-limited',
            `over ${options.ratePerSecond} requests per second`,
            undefined,
            {},
            {
              'retry-after': String(wait),
            },
          );
        const { status, body } = await handler(req, caller);
        sendJson(res, status, body);
      } catch (error) {
        sendProblem(res, problemOf(error, logger));
      }
    });

  /** The app as the caller may see it: another vendor's app is answered exactly as an unknown one. */
  async function visibleApp(tenantId: string, appId: string, caller: Caller): Promise<CatalogApp> {
    const app = await checks.app(tenantId, appId);
    if (!isVendorOf(app, caller)) throw notFound(appId);
    return app;
  }

  server.get('/api/v1/openapi.json', (_req, res, next) => {
    sendJson(res, 200, openApiDocument);
    return next();
  });

  route('get', `${BASE}/users/:userId`, async (req, caller) => {
    queryOf(req, []);
    const [tenantId, appId, userId] = [tenantIdOf(req), appIdOf(req), userIdOf(req)];
    await visibleApp(tenantId, appId, caller);
    const check = await checks.check(tenantId, appId, userId);
    return { status: 200, body: { tenantId, ...check } };
  });

  route('get', `${BASE}/assignments`, async (req, caller) => {
    const query = queryOf(req, ['cursor', 'limit']);
    const [tenantId, appId] = [tenantIdOf(req), appIdOf(req)];
    const limit = limitOf(query.limit, 100, 1000);
    const after = decodeCursor(query.cursor);
    await visibleApp(tenantId, appId, caller);
    const page = await checks.holders(tenantId, appId, after, limit);
    return {
      status: 200,
      body: {
        tenantId,
        appId,
        items: page.items,
        total: page.total,
        ...(page.lastUserId !== undefined ? { nextCursor: encodeCursor(page.lastUserId) } : {}),
        subscription: page.subscription,
        asOf: page.asOf,
      },
    };
  });

  route('get', `${BASE}/changes`, async (req, caller) => {
    const query = queryOf(req, ['after', 'limit']);
    const [tenantId, appId] = [tenantIdOf(req), appIdOf(req)];
    const after = seqOf(query.after);
    const limit = limitOf(query.limit, 100, 500);
    await visibleApp(tenantId, appId, caller);
    const page = await ledger.changes(tenantId, appId, after, limit);
    if (page.kind === 'ahead')
      throw invalid('query.after', `is beyond the newest change (${page.latestSeq})`);
    if (page.kind === 'gone') {
      const assignments = `/api/v1/tenants/${tenantId}/apps/${appId}/assignments`;
      throw new ApiProblem(
        'gone',
        `the changes after ${after} are no longer kept. Resynchronise: list the holders (GET ${assignments}), ` +
          `then follow the changes from after=${page.latestSeq} (replaying a change already listed is harmless).`,
        'query.after',
        { latestSeq: page.latestSeq, resync: { assignments, after: page.latestSeq } },
      );
    }
    const changes = page.entries.map(apiChange);
    return {
      status: 200,
      body: {
        tenantId,
        appId,
        changes,
        latestSeq: page.latestSeq,
        nextAfter: changes.length ? changes[changes.length - 1].seq : after,
      },
    };
  });

  route('put', BASE, async (req, caller) => {
    queryOf(req, []);
    const [tenantId, appId] = [tenantIdOf(req), appIdOf(req)];
    const fields = appFieldsOf(jsonBody(req));
    const { app, created } = await vendor.putApp(tenantId, appId, fields, caller);
    return { status: created ? 201 : 200, body: { tenantId, ...apiApp(app) } };
  });

  route('put', `${BASE}/subscription`, async (req, caller) => {
    queryOf(req, []);
    const [tenantId, appId] = [tenantIdOf(req), appIdOf(req)];
    const request = subscriptionOf(jsonBody(req));
    const outcome = await vendor.putSubscription(tenantId, appId, request, caller);
    if (!outcome.replayed && options.vendorChanged)
      await options
        .vendorChanged(tenantId)
        .catch((error: unknown) =>
          logger.warn({ err: error, tenantId, appId }, 'seat alerts for a vendor change not decided now'),
        );
    return { status: 200, body: { tenantId, ...apiSubscription(outcome) } };
  });

  // restify's own refusals (no route, wrong method, body too large or not parsable) in the same form.
  server.on(
    'restifyError',
    (req: Request, res: Response, error: Error & { statusCode?: number }, done: () => void) => {
      if (req.path().startsWith('/api/v1/') && !res.headersSent) sendProblem(res, restifyProblem(error));
      return done();
    },
  );

  return { checks };
}

/** A PUT body: JSON only, and small. */
function jsonBody(req: Request): unknown {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json')
    throw new ApiProblem(
      'unsupported-media-type',
      `got ${JSON.stringify(type.slice(0, 100) || 'none')}`,
      'header.content-type',
    );
  const raw = (req as Request & { rawBody?: string | Buffer }).rawBody;
  if (raw !== undefined && Buffer.byteLength(raw) > MAX_BODY_BYTES)
    throw new ApiProblem('payload-too-large', `the body may be at most ${MAX_BODY_BYTES} bytes`, 'body');
  if (raw === undefined || req.body === undefined) throw invalid('body', 'must be a JSON object');
  return req.body;
}

const notFound = (appId: string) =>
  new ApiProblem('not-found', `no app "${appId}" that you may see in this tenant's catalog`, 'path.appId');

function problemOf(error: unknown, logger: Logger): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (error instanceof VendorRefusal) {
    const kind =
      error.kind === 'AppNotYours'
        ? 'forbidden'
        : error.kind === 'OperationReused'
          ? 'conflict'
          : 'invalid-request';
    const field =
      error.field === 'appId' ? 'path.appId' : error.field === 'body' ? 'body' : `body.${error.field}`;
    return new ApiProblem(kind, error.detail, field);
  }
  if (error instanceof LicenseError) {
    switch (error.kind) {
      case 'AppNotFound':
      case 'CatalogMissing':
        return notFound(String(error.params.appId ?? ''));
      case 'Busy':
      case 'StorageUnavailable':
      case 'StorageUncertain':
        return new ApiProblem(
          'unavailable',
          'storage is busy or unavailable: try again',
          undefined,
          {},
          { 'retry-after': '1' },
        );
    }
  }
  if (error instanceof DirectoryError) {
    if (error.kind === 'DirectoryUnavailable')
      return new ApiProblem(
        'unavailable',
        'the directory did not answer: try again',
        undefined,
        {},
        { 'retry-after': '5' },
      );
    if (error.kind === 'TenantNotInDirectory')
      return new ApiProblem('not-found', 'this tenant is not in the directory', 'path.tenantId');
  }
  logger.error({ err: error }, 'licensing API request failed');
  return new ApiProblem('internal', 'the request could not be answered; it was logged');
}

function restifyProblem(error: Error & { statusCode?: number }): ApiProblem {
  switch (error.statusCode) {
    case 404:
      return new ApiProblem('not-found', 'no such operation in this API (see /api/v1/openapi.json)');
    case 405:
      return new ApiProblem('method-not-allowed', 'this operation does not take that method');
    case 413:
      return new ApiProblem('payload-too-large', 'the request body is too large', 'body');
    case 415:
      return new ApiProblem(
        'unsupported-media-type',
        'the request body must be application/json',
        'header.content-type',
      );
    case 400:
      return new ApiProblem('invalid-request', 'the request body is not valid JSON', 'body');
    default:
      return new ApiProblem('internal', 'the request could not be answered');
  }
}
