import type { CatalogApp } from './model';

/**
 * What a catalog must look like before it is stored. App ids become part of Cosmos document ids,
 * so they are restricted to characters Cosmos accepts in an id.
 */

export const APP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const SUBSCRIPTION_STATES = ['active', 'suspended', 'expired'] as const;
/** Operation ids remembered per app: a vendor retrying a call within its last this many is recognised. */
export const OPERATIONS_KEPT = 20;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isWebAddress(value: unknown): boolean {
  if (!isText(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Every problem found in a list of catalog apps, each naming where it is; empty when valid. */
export function catalogProblems(apps: unknown): string[] {
  if (!Array.isArray(apps)) return ['"apps" must be an array'];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  apps.forEach((app, i) => {
    const where = `apps[${i}]`;
    if (!isObject(app)) {
      problems.push(`${where} must be an object`);
      return;
    }
    if (typeof app.appId !== 'string' || !APP_ID.test(app.appId)) {
      problems.push(
        `${where}.appId must be 1-100 letters, digits, ".", "_" or "-" (got ${JSON.stringify(app.appId)})`,
      );
    } else {
      const key = app.appId.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) problems.push(`${where}.appId "${app.appId}" repeats apps[${first}].appId`);
      else seen.set(key, i);
    }
    if (!isText(app.name)) problems.push(`${where}.name must be a non-empty string`);
    if (!isObject(app.vendor)) {
      problems.push(`${where}.vendor must be an object with name, email and website`);
    } else {
      if (!isText(app.vendor.name)) problems.push(`${where}.vendor.name must be a non-empty string`);
      if (!isText(app.vendor.email) || !app.vendor.email.includes('@'))
        problems.push(`${where}.vendor.email must be an email address`);
      if (!isWebAddress(app.vendor.website)) problems.push(`${where}.vendor.website must be an http(s) URL`);
      const clientIds = app.vendor.clientIds;
      if (
        clientIds !== undefined &&
        (!Array.isArray(clientIds) ||
          clientIds.length > 10 ||
          clientIds.some((id) => typeof id !== 'string' || !GUID.test(id)))
      )
        problems.push(`${where}.vendor.clientIds must be a list of at most 10 app (client) ids (GUIDs)`);
    }
    if (
      typeof app.seatsPurchased !== 'number' ||
      !Number.isInteger(app.seatsPurchased) ||
      app.seatsPurchased < 0
    )
      problems.push(
        `${where}.seatsPurchased must be a whole number ≥ 0 (got ${JSON.stringify(app.seatsPurchased)})`,
      );
    if (!isWebAddress(app.installUrl)) problems.push(`${where}.installUrl must be an http(s) URL`);
    if (app.description !== undefined && typeof app.description !== 'string')
      problems.push(`${where}.description must be a string when present`);
    if (
      app.removedAt !== undefined &&
      (typeof app.removedAt !== 'string' || isNaN(Date.parse(app.removedAt)))
    )
      problems.push(`${where}.removedAt must be a date when present`);
    if (
      app.seatsReducedFrom !== undefined &&
      (typeof app.seatsReducedFrom !== 'number' || !Number.isInteger(app.seatsReducedFrom))
    )
      problems.push(`${where}.seatsReducedFrom must be a whole number when present`);
    if (app.subscription !== undefined) problems.push(...subscriptionProblems(app.subscription, where));
  });
  return problems;
}

function subscriptionProblems(subscription: unknown, where: string): string[] {
  if (!isObject(subscription)) return [`${where}.subscription must be an object`];
  const problems: string[] = [];
  if (!SUBSCRIPTION_STATES.includes(subscription.state as never))
    problems.push(`${where}.subscription.state must be one of ${SUBSCRIPTION_STATES.join(', ')}`);
  for (const field of ['renewsOn', 'updatedAt'] as const) {
    const value = subscription[field];
    if (
      (value !== undefined || field === 'updatedAt') &&
      (typeof value !== 'string' || isNaN(Date.parse(value)))
    )
      problems.push(`${where}.subscription.${field} must be a date`);
  }
  const operations = subscription.operations;
  if (
    !Array.isArray(operations) ||
    operations.length > OPERATIONS_KEPT ||
    operations.some((op) => !isObject(op) || typeof op.id !== 'string' || typeof op.digest !== 'string')
  )
    problems.push(`${where}.subscription.operations must list at most ${OPERATIONS_KEPT} operations`);
  return problems;
}

/** The fields a vendor writes; `removedAt` and `seatsReducedFrom` are License Desk's own marks. */
const VENDOR_APP_FIELDS = new Set(['appId', 'name', 'vendor', 'seatsPurchased', 'installUrl', 'description']);
const VENDOR_CONTACT_FIELDS = new Set(['name', 'email', 'website', 'clientIds']);

/**
 * Fields a vendor's catalog does not define, each named with its app: a misspelt field (`seats`
 * for `seatsPurchased`) would otherwise be dropped without a word.
 */
export function unknownFieldProblems(apps: unknown): string[] {
  if (!Array.isArray(apps)) return [];
  const problems: string[] = [];
  apps.forEach((app, i) => {
    if (!isObject(app)) return;
    const which = typeof app.appId === 'string' ? ` (${app.appId})` : '';
    for (const field of Object.keys(app))
      if (!VENDOR_APP_FIELDS.has(field)) problems.push(`apps[${i}]${which} has an unknown field "${field}"`);
    if (isObject(app.vendor))
      for (const field of Object.keys(app.vendor))
        if (!VENDOR_CONTACT_FIELDS.has(field))
          problems.push(`apps[${i}]${which} has an unknown field "vendor.${field}"`);
  });
  return problems;
}

/** Keeps only the fields of the contract, so stray input never reaches storage. */
export function normalizeCatalogApp(app: CatalogApp): CatalogApp {
  return {
    appId: app.appId,
    name: app.name.trim(),
    vendor: {
      name: app.vendor.name.trim(),
      email: app.vendor.email.trim(),
      website: app.vendor.website.trim(),
      ...(app.vendor.clientIds
        ? { clientIds: [...new Set(app.vendor.clientIds.map((id) => id.toLowerCase()))] }
        : {}),
    },
    seatsPurchased: app.seatsPurchased,
    installUrl: app.installUrl.trim(),
    ...(app.description !== undefined ? { description: app.description } : {}),
    ...(app.removedAt !== undefined ? { removedAt: app.removedAt } : {}),
    ...(app.seatsReducedFrom !== undefined ? { seatsReducedFrom: app.seatsReducedFrom } : {}),
    ...(app.subscription !== undefined
      ? {
          subscription: {
            state: app.subscription.state,
            ...(app.subscription.renewsOn !== undefined ? { renewsOn: app.subscription.renewsOn } : {}),
            updatedAt: app.subscription.updatedAt,
            operations: app.subscription.operations.map(({ id, digest }) => ({ id, digest })),
            ...(app.subscription.lastChange ? { lastChange: { ...app.subscription.lastChange } } : {}),
          },
        }
      : {}),
  };
}
