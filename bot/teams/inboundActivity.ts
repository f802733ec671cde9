/**
 * The door check of /api/messages: is this request body an activity the bot can process and answer?
 * botbuilder trusts the shape of what it is given: without a string `type` it throws (a 500), with a
 * mention entity lacking `mentioned` or a non-string `text` the turn crashes, without a usable
 * `serviceUrl` or conversation id the reply goes nowhere (or to api.botframework.com). Such bodies
 * are refused with 400 before anything runs; everything else about the content is the
 * conversation's business (and is never trusted there either).
 */

type Json = Record<string, unknown>;

const MAX_TYPE = 64;
const MAX_ID = 1024;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Absent (undefined or null) or passing `check`. */
const optional = (value: unknown, check: (v: unknown) => boolean) =>
  value === undefined || value === null || check(value);

const isString = (value: unknown) => typeof value === 'string';

const isId = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;

/** An account (from, recipient, members): an object with a string id. */
const isAccount = (value: unknown) =>
  isObject(value) &&
  isId(value.id) &&
  optional(value.name, isString) &&
  optional(value.aadObjectId, isString) &&
  optional(value.role, isString);

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

const isMention = (value: Json) => typeof value.type === 'string' && value.type.toLowerCase() === 'mention';

/** botbuilder reads `type` of every entity, and `mentioned.id` of every mention. */
const isEntity = (value: unknown) =>
  isObject(value) && isString(value.type) && (!isMention(value) || isAccount(value.mentioned));

const arrayOf = (check: (v: unknown) => boolean) => (value: unknown) =>
  Array.isArray(value) && value.every(check);

/** Why `body` cannot be processed, or undefined when it can. */
export function activityProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'the body must be a JSON object (an activity)';
  const entities = body.entities;
  // Removing a mention of the bot edits `text`: it must then be a string.
  const mentions = Array.isArray(entities) && entities.some((e) => isObject(e) && isMention(e));
  const checks: [string, boolean][] = [
    ['type', typeof body.type === 'string' && body.type.length > 0 && body.type.length <= MAX_TYPE],
    ['serviceUrl', isHttpUrl(body.serviceUrl)],
    [
      'conversation',
      isObject(body.conversation) &&
        isId(body.conversation.id) &&
        optional(body.conversation.tenantId, isString) &&
        optional(body.conversation.conversationType, isString),
    ],
    ['from', isAccount(body.from)],
    ['recipient', isAccount(body.recipient)],
    ['id', optional(body.id, isString)],
    ['channelId', optional(body.channelId, isString)],
    ['text', mentions ? isString(body.text) : optional(body.text, isString)],
    ['textFormat', optional(body.textFormat, isString)],
    ['locale', optional(body.locale, isString)],
    ['name', body.type === 'invoke' ? isString(body.name) : optional(body.name, isString)],
    ['replyToId', optional(body.replyToId, isString)],
    ['timestamp', optional(body.timestamp, isString)],
    ['deliveryMode', optional(body.deliveryMode, isString)],
    ['channelData', optional(body.channelData, isObject)],
    ['entities', entities === undefined || arrayOf(isEntity)(entities)],
    ['attachments', optional(body.attachments, arrayOf(isObject))],
    ['membersAdded', optional(body.membersAdded, arrayOf(isAccount))],
    ['membersRemoved', optional(body.membersRemoved, arrayOf(isAccount))],
  ];
  const wrong = checks.filter(([, ok]) => !ok).map(([field]) => field);
  return wrong.length ? `malformed activity: ${wrong.join(', ')}` : undefined;
}
