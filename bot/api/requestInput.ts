import type { Request } from 'restify';
import { APP_ID, GUID, SUBSCRIPTION_STATES } from '../licensing/catalog';
import type { SubscriptionState } from '../licensing/model';
import type { SubscriptionRequest, VendorAppFields } from '../licensing/vendorCatalog';
import { ApiProblem } from './problem';

/**
 * Everything the licensing API takes from a request, checked before it reaches the licensing core or
 * storage: ids by pattern (they become parts of Cosmos document ids), query parameters by name (an
 * unknown one is refused, not ignored: a misspelt `limt` would otherwise page silently), bodies field by
 * field with unknown fields refused. Each refusal names the field.
 */

const ADDRESS = /^[^\s@/\\]{1,64}@[^\s@/\\]{1,255}$/;
const OPERATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SEQ = /^(0|[1-9]\d{0,14})$/;
const LIMIT = /^[1-9]\d{0,4}$/;

export const invalid = (field: string, detail: string) => new ApiProblem('invalid-request', detail, field);

function param(req: Request, name: string): string {
  const value = (req.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export function tenantIdOf(req: Request): string {
  const tenantId = param(req, 'tenantId');
  if (!GUID.test(tenantId)) throw invalid('path.tenantId', 'must be a tenant id (a GUID)');
  // Teams sends tenant ids in lower case and every document is partitioned by it.
  return tenantId.toLowerCase();
}

export function appIdOf(req: Request): string {
  const appId = param(req, 'appId');
  if (!APP_ID.test(appId)) throw invalid('path.appId', 'must be 1-100 letters, digits, ".", "_" or "-"');
  return appId;
}

export function userIdOf(req: Request): string {
  const userId = param(req, 'userId');
  if (!GUID.test(userId) && !(userId.length <= 320 && ADDRESS.test(userId)))
    throw invalid('path.userId', 'must be a user object id (a GUID) or an address (user@example.com)');
  return userId;
}

/**
 * The query parameters, each named in `allowed` at most once; unknown or repeated ones are refused.
 */
export function queryOf<K extends string>(req: Request, allowed: readonly K[]): Partial<Record<K, string>> {
  const values: Partial<Record<K, string>> = {};
  for (const [name, value] of new URLSearchParams(req.getQuery())) {
    if (!(allowed as readonly string[]).includes(name))
      throw invalid(
        `query.${name.slice(0, 40)}`,
        allowed.length
          ? `is not a parameter of this operation (it takes ${allowed.join(', ')})`
          : 'is not a parameter of this operation (it takes none)',
      );
    if (values[name as K] !== undefined) throw invalid(`query.${name}`, 'is given more than once');
    values[name as K] = value;
  }
  return values;
}

export function limitOf(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = LIMIT.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1 && value <= max)) throw invalid('query.limit', `must be a whole number from 1 to ${max}`);
  return value;
}

export function seqOf(raw: string | undefined): number {
  if (raw === undefined) return 0;
  if (!SEQ.test(raw))
    throw invalid('query.after', 'must be a sequence number (a whole number, 0 for the start)');
  return Number(raw);
}

/** The holders list's cursor: opaque to callers, the last user id of the previous page to us. */
export function encodeCursor(lastUserId: string): string {
  return Buffer.from(JSON.stringify({ v: 1, after: lastUserId })).toString('base64url');
}

export function decodeCursor(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    if (!/^[A-Za-z0-9_-]{1,600}$/.test(raw)) throw new Error('not base64url');
    const decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as {
      v?: unknown;
      after?: unknown;
    };
    if (decoded.v === 1 && typeof decoded.after === 'string' && decoded.after.length <= 320)
      return decoded.after;
  } catch {
    // falls through to the refusal
  }
  throw invalid('query.cursor', 'is not a cursor this API returned (start again without it)');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyFields(value: Record<string, unknown>, allowed: string[], where: string): void {
  for (const field of Object.keys(value))
    if (!allowed.includes(field))
      throw invalid(`${where}.${field.slice(0, 40)}`, 'is not a field of this request');
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max)
    throw invalid(field, `must be a non-empty string of at most ${max} characters`);
  return value.trim();
}

function webAddress(value: unknown, field: string): string {
  const raw = text(value, field, 2000);
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') throw invalid(field, 'must be an https URL');
  return raw;
}

/** The body of `PUT .../apps/{appId}`. */
export function appFieldsOf(body: unknown): VendorAppFields {
  if (!isObject(body)) throw invalid('body', 'must be a JSON object');
  onlyFields(body, ['name', 'vendor', 'installUrl', 'description'], 'body');
  if (!isObject(body.vendor)) throw invalid('body.vendor', 'must be an object with name, email and website');
  const vendor = body.vendor;
  onlyFields(vendor, ['name', 'email', 'website', 'clientIds'], 'body.vendor');
  const email = text(vendor.email, 'body.vendor.email', 320);
  if (!ADDRESS.test(email)) throw invalid('body.vendor.email', 'must be an email address');
  let clientIds: string[] | undefined;
  if (vendor.clientIds !== undefined) {
    if (
      !Array.isArray(vendor.clientIds) ||
      vendor.clientIds.length < 1 ||
      vendor.clientIds.length > 10 ||
      vendor.clientIds.some((id) => typeof id !== 'string' || !GUID.test(id))
    )
      throw invalid('body.vendor.clientIds', 'must list 1 to 10 app (client) ids (GUIDs)');
    clientIds = (vendor.clientIds as string[]).map((id) => id.toLowerCase());
  }
  let description: string | undefined;
  if (body.description !== undefined) description = text(body.description, 'body.description', 1000);
  return {
    name: text(body.name, 'body.name', 200),
    vendor: {
      name: text(vendor.name, 'body.vendor.name', 200),
      email,
      website: webAddress(vendor.website, 'body.vendor.website'),
      ...(clientIds ? { clientIds } : {}),
    },
    installUrl: webAddress(body.installUrl, 'body.installUrl'),
    ...(description !== undefined ? { description } : {}),
  };
}

/** The body of `PUT .../apps/{appId}/subscription`. */
export function subscriptionOf(body: unknown): SubscriptionRequest {
  if (!isObject(body)) throw invalid('body', 'must be a JSON object');
  onlyFields(body, ['seats', 'state', 'renewsOn', 'operationId'], 'body');
  const { seats, state, renewsOn, operationId } = body;
  if (typeof seats !== 'number' || !Number.isInteger(seats) || seats < 0 || seats > 10_000_000)
    throw invalid('body.seats', 'must be a whole number from 0 to 10000000');
  if (!SUBSCRIPTION_STATES.includes(state as SubscriptionState))
    throw invalid('body.state', `must be one of ${SUBSCRIPTION_STATES.join(', ')}`);
  if (
    renewsOn !== undefined &&
    (typeof renewsOn !== 'string' || !DAY.test(renewsOn) || isNaN(Date.parse(renewsOn)))
  )
    throw invalid('body.renewsOn', 'must be a date (YYYY-MM-DD)');
  if (typeof operationId !== 'string' || !OPERATION_ID.test(operationId))
    throw invalid(
      'body.operationId',
      'must be 1-100 letters, digits, ".", "_", ":" or "-", unique per change',
    );
  return {
    seats,
    state: state as SubscriptionState,
    ...(renewsOn !== undefined ? { renewsOn: renewsOn as string } : {}),
    operationId,
  };
}
