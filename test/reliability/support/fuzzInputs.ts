import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ADELE,
  BOB,
  BOT,
  MEGAN,
  PATTI,
  SAMPLE_TENANT,
  type ConversationType,
  type TestUser,
} from '../../harness/teamsClient';
import { expectedLanguage } from '../../harness/language';
import type { Random } from './random';

/**
 * Generated hostile and broken input for /api/messages: messages, card clicks and other invokes,
 * as Teams would send them and as nobody should. Each case says what a correct bot does with it.
 */

export type Language = 'en' | 'fr';

export type Expectation =
  /** A message: answered 200, with at least one reply in its conversation, in the user's language. */
  | { kind: 'reply'; language: Language }
  /** A card click (adaptiveCard/action): answered 200 with a card or a message, in the user's language. */
  | { kind: 'card'; language: Language }
  /** Any other well-formed activity: answered without a server error. */
  | { kind: 'answered' }
  /** Refused at the door with one of these statuses. */
  | { kind: 'refused'; statuses: number[] };

export interface FuzzCase {
  n: number;
  family: string;
  conversationId: string;
  /** The activity, serialized as JSON; or `raw` as the body as is. */
  body?: unknown;
  raw?: string;
  contentType?: string;
  expect: Expectation;
}

/** A second organisation: its catalog is in the store, its ids must never open anything for ours. */
export const FOREIGN = {
  tenantId: 'f0f0f0f0-0000-4000-8000-00000000000b',
  appId: 'zanzibar-ledger',
  appName: 'Zanzibar Secret Ledger',
  vendor: 'Zanzibar Confidential Ltd',
  confirmationId: '0f0f0f0f-1111-4000-8000-000000000bbb',
};

/** Ids the fuzz can use in card data: live confirmations made before it starts. */
export interface KnownIds {
  /** Pending confirmations of Adele (the fuzz may confirm or cancel them: legitimate). */
  adeleConfirmations: string[];
  /** Pending confirmations of Megan: not Adele's to use. */
  meganConfirmations: string[];
}

interface SampleDirectory {
  users: { id: string; displayName: string; userPrincipalName: string }[];
  groups: { id: string; displayName: string }[];
}

const sample = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', '..', 'data', 'sample', 'directory.json'), 'utf8'),
) as SampleDirectory;

const APP_NAMES = ['Contoso CRM', 'Fabrikam Expenses', 'Northwind Timesheets', 'Litware Sondages'];
const APP_IDS = ['contoso-crm', 'fabrikam-expenses', 'northwind-timesheets', 'litware-sondages'];
const VERBS = [
  'list',
  'details',
  'details.page',
  'seats',
  'history',
  'unassign.prepare',
  'unassign.confirm',
  'unassign.cancel',
  'command',
  'assign.open',
  'assign.chat',
  'assign.selected',
];

const SCRIPTS = [
  'abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789',
  'àâäéèêëîïôöùûüçœæ ÀÉÈÇ «»’',
  'абвгдежзийклмнопрстуфхцчшщъыьэюя',
  'ابتثجحخدذرزسشصضطظعغفقكلمنهوي',
  'אבגדהוזחטיכלמנסעפצקרשת',
  '日本語中文漢字한국어テスト',
  'ภาษาไทยदेवनागरी',
  '😀🎉👩‍💻🏳️‍🌈🇫🇷',
  '\u0300\u0301\u0302\u0303\u0308\u0327',
  '\u200b\u200c\u200d\u200e\u200f\u2028\u2029\ufeff\u00a0',
  '\u0000\u0001\u0007\u0008\u000b\u000c\u001b\u007f\u0085',
  '<>&"\'`;{}[]()$%#@!\\/|*',
];

const TEMPLATES = [
  '${app.name}',
  '${$root}',
  '${json($root)}',
  '${string(1+1)}',
  '${if(true, "yes", "no")}',
  '${$data}',
  '${replace("a","a","b")}',
  '${',
  '{{app}}',
  '${user.password}',
  '$when',
  "${join(createArray('a','b'), ',')}",
];

const CONTROL = '\u0000\u0001\u0002\u0007\u0008\t\n\r\u000b\u000c\u001b\u007f\u0085\u200b\u202e\ufeff';

/** Names of things as a user (or an attacker) might write them. */
function appText(r: Random): string {
  return r.pick([
    () => r.pick(APP_NAMES),
    () => r.pick(APP_NAMES).toUpperCase(),
    () => r.pick(APP_NAMES).slice(0, r.int(1, 6)),
    () => r.pick(['Contso CRM', 'Fabrikam Expences', 'Northwnd', 'Litware Sondage', 'contôso crm']),
    () => FOREIGN.appName,
    () => FOREIGN.appId,
    () => r.pick(TEMPLATES),
    () => JSON.stringify({ appId: r.pick(APP_IDS), tenantId: FOREIGN.tenantId }),
    () => r.chars(r.pick(SCRIPTS), r.int(1, 30)),
    () => `"${r.pick(APP_NAMES)}"`,
    () => r.pick(APP_NAMES).replace(' ', r.chars(CONTROL, 2)),
    () => 'x'.repeat(r.int(200, 3000)),
    () => '',
  ])();
}

function principalText(r: Random): string {
  const user = r.pick(sample.users);
  const group = r.pick(sample.groups);
  return r.pick([
    () => user.displayName,
    () => user.userPrincipalName,
    () => `${group.displayName} group`,
    () => `groupe ${group.displayName}`,
    () => group.displayName,
    () => user.displayName.split(' ')[0],
    () => `${user.displayName}, ${r.pick(sample.users).displayName} and ${group.displayName}`,
    () => Array.from({ length: r.int(90, 160) }, () => r.pick(sample.users).userPrincipalName).join(', '),
    () => `<at>${user.displayName}</at>`,
    () => r.pick(TEMPLATES),
    () => user.id,
    () => 'nobody@nowhere.example',
    () => r.chars(r.pick(SCRIPTS), r.int(1, 40)),
    () => '',
  ])();
}

const COMMANDS_EN = [
  'help',
  '?',
  'licenses',
  'list licenses',
  'details {app}',
  'show {app}',
  'assign {app} to {who}',
  'unassign {app} from {who}',
  'remove {app} from {who}',
  'install {app}',
  'add licenses to {app}',
  'buy more {app}',
  'history {app}',
];
const COMMANDS_FR = [
  'aide',
  'licences',
  'détails {app}',
  'attribuer {app} à {who}',
  'attribuer {app} au {who}',
  'désattribuer {app} de {who}',
  'installer {app}',
  'ajouter des licences à {app}',
  'historique {app}',
];

function decorate(r: Random, text: string): string {
  let out = text;
  if (r.chance(0.2)) out = out.toUpperCase();
  if (r.chance(0.2)) out = `  ${out.replace(/ /g, '   ')}  `;
  if (r.chance(0.1)) out = `"${out}"`;
  if (r.chance(0.1)) out = `${out}${r.pick(['.', '!', '?', ' ;', '…'])}`;
  if (r.chance(0.1)) out = out.replace(/ /g, '\u00a0');
  if (r.chance(0.1)) out = [...out].map((c) => (r.chance(0.1) ? c + r.chars(CONTROL, 1) : c)).join('');
  return out;
}

function commandText(r: Random): string {
  const table = r.chance(0.6) ? COMMANDS_EN : COMMANDS_FR;
  return decorate(
    r,
    r
      .pick(table)
      .replace('{app}', () => appText(r))
      .replace('{who}', () => principalText(r)),
  );
}

/** About 100 KB of text once encoded in the request (JSON escapes and UTF-8 count): 1 KB chunks, shuffled. */
function hugeText(r: Random): string {
  const alphabet = r.pick(SCRIPTS) + ' ';
  const chunks = Array.from({ length: 8 }, () => r.chars(alphabet, 256));
  const sizes = chunks.map((chunk) => Buffer.byteLength(JSON.stringify(chunk)) - 2);
  const parts: string[] = [];
  for (let size = 0; size < 100 * 1024;) {
    const i = r.int(0, chunks.length - 1);
    parts.push(chunks[i]);
    size += sizes[i];
  }
  return parts.join('');
}

function hostileText(r: Random): { family: string; text: string } {
  return r.pick([
    () => ({ family: 'command', text: commandText(r) }),
    () => ({ family: 'command', text: commandText(r) }),
    () => ({ family: 'command', text: commandText(r) }),
    () => ({ family: 'empty', text: r.pick(['', ' ', '\n\t ', '\u200b\u200b', '\u0000', '&nbsp;']) }),
    () => ({
      family: 'scripts',
      text: Array.from({ length: r.int(1, 6) }, () => r.chars(r.pick(SCRIPTS), r.int(1, 60))).join(' '),
    }),
    () => ({ family: 'controls', text: r.chars(CONTROL + 'help licenses', r.int(1, 80)) }),
    () => ({
      family: 'template',
      text: `${r.pick(['details ', 'assign ', 'history ', ''])}${r.pick(TEMPLATES)}${
        r.chance(0.5) ? ` to ${r.pick(TEMPLATES)}` : ''
      }`,
    }),
    () => ({
      family: 'json',
      text: JSON.stringify(
        r.pick([
          { type: 'invoke', name: 'adaptiveCard/action', value: { action: { verb: 'unassign.confirm' } } },
          { verb: 'details', appId: FOREIGN.appId, tenantId: FOREIGN.tenantId },
          [1, 2, { a: null }],
          { text: 'help', locale: 'fr-FR' },
          '${json($root)}',
        ]),
      ),
    }),
    () => ({
      family: 'html',
      text: r.pick([
        '<script>alert(1)</script> licenses',
        '<at>Someone Else</at> help',
        '<img src=x onerror=alert(1)>',
        '&lt;at&gt;License Desk&lt;/at&gt; aide',
        '<p>details <b>Contoso CRM</b></p>',
        `<at>${'x'.repeat(300)}</at>`,
      ]),
    }),
    () => ({ family: 'huge', text: hugeText(r) }),
  ])();
}

interface Identity {
  user: TestUser & { noAad?: boolean };
  tenant: 'sample' | 'foreign' | 'missing' | 'mismatch' | 'upper';
  conversationType: ConversationType;
  locale: unknown;
}

const UNKNOWN_USER: TestUser = {
  id: '29:unknown',
  aadObjectId: '99999999-0000-4000-8000-000000000099',
  name: 'Mallory',
};

function identity(r: Random): Identity {
  const tenantRoll = r.next();
  return {
    user: r.pick([ADELE, ADELE, ADELE, ADELE, MEGAN, PATTI, BOB, UNKNOWN_USER, { ...ADELE, noAad: true }]),
    tenant:
      tenantRoll < 0.85
        ? 'sample'
        : tenantRoll < 0.9
          ? 'foreign'
          : tenantRoll < 0.93
            ? 'missing'
            : tenantRoll < 0.96
              ? 'mismatch'
              : 'upper',
    conversationType: r.pick(['personal', 'personal', 'personal', 'groupChat', 'channel']),
    locale: r.pick([
      'en-US',
      'en-GB',
      'fr-FR',
      'fr-FR',
      'fr-CA',
      'fr',
      'FR-fr',
      'de-DE',
      '',
      undefined,
      'x'.repeat(300),
      'fr\u0000',
      'zh-Hans',
      ' fr-BE ',
    ]),
  };
}

let conversationCounter = 0;

/** A Teams-shaped activity for `who`, in its own conversation. */
function activity(
  who: Identity,
  serviceUrl: string,
  fields: Record<string, unknown>,
): { conversationId: string; body: Record<string, unknown> } {
  const conversationId = `fuzz:${++conversationCounter}:${who.conversationType}`;
  const tenantId =
    who.tenant === 'foreign'
      ? FOREIGN.tenantId
      : who.tenant === 'upper'
        ? SAMPLE_TENANT.toUpperCase()
        : SAMPLE_TENANT;
  const conversation: Record<string, unknown> = {
    id: conversationId,
    conversationType: who.conversationType,
    isGroup: who.conversationType !== 'personal',
  };
  const channelData: Record<string, unknown> = {};
  if (who.tenant !== 'missing') {
    conversation.tenantId = tenantId;
    channelData.tenant = { id: who.tenant === 'mismatch' ? FOREIGN.tenantId : tenantId };
  }
  const from: Record<string, unknown> = { id: who.user.id, name: who.user.name };
  if (!who.user.noAad) from.aadObjectId = who.user.aadObjectId;
  return {
    conversationId,
    body: {
      id: `fuzz-${conversationCounter}`,
      channelId: 'msteams',
      serviceUrl,
      timestamp: new Date().toISOString(),
      ...(who.locale === undefined ? {} : { locale: who.locale }),
      from,
      recipient: { id: BOT.id, name: BOT.name },
      conversation,
      channelData,
      ...fields,
    },
  };
}

function messageFields(who: Identity, text: string): Record<string, unknown> {
  const mention = `<at>${BOT.name}</at>`;
  if (who.conversationType === 'personal') return { type: 'message', text, textFormat: 'plain' };
  return {
    type: 'message',
    text: `${mention} ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: mention, mentioned: { id: BOT.id, name: BOT.name } }],
  };
}

/** A value of the wrong kind, or a right-looking one that belongs to someone else. */
function hostileValue(r: Random, known: KnownIds, field: string): unknown {
  const sampleUser = r.pick(sample.users).id;
  const sampleGroup = r.pick(sample.groups).id;
  const byField: Record<string, (() => unknown)[]> = {
    appId: [() => r.pick(APP_IDS), () => FOREIGN.appId, () => r.pick(APP_IDS).toUpperCase()],
    offset: [() => r.int(0, 30), () => -1, () => 1e12, () => '5', () => 'abc', () => 3.5],
    principalIds: [
      () => `${sampleUser},${sampleGroup}`,
      () => sampleUser,
      () => ',,,',
      () => Array.from({ length: 300 }, () => r.pick(sample.users).id).join(','),
      () => `${sampleUser},${FOREIGN.tenantId}`,
    ],
    confirmationId: [
      () => r.pick(known.adeleConfirmations),
      () => r.pick(known.meganConfirmations),
      () => FOREIGN.confirmationId,
      () => '00000000-0000-4000-8000-000000000000',
      () => '../ledger:contoso-crm',
    ],
    command: [() => commandText(r), () => hostileText(r).text.slice(0, 3000)],
  };
  const generic: (() => unknown)[] = [
    () => undefined,
    () => null,
    () => 42,
    () => true,
    () => [],
    () => ['a', 1],
    () => ({ nested: { deeper: r.pick(TEMPLATES) } }),
    () => r.pick(TEMPLATES),
    () => r.chars(r.pick(SCRIPTS), r.int(0, 50)),
    () => 'y'.repeat(r.int(201, 5000)),
  ];
  const specific = byField[field] ?? [];
  return r.chance(0.5) && specific.length ? r.pick(specific)() : r.pick(generic)();
}

function actionData(r: Random, known: KnownIds): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of ['appId', 'offset', 'principalIds', 'confirmationId', 'command']) {
    if (r.chance(0.6)) {
      const value = hostileValue(r, known, field);
      if (value !== undefined) data[field] = value;
    }
  }
  if (r.chance(0.1)) data.tenantId = FOREIGN.tenantId;
  if (r.chance(0.05)) data.verb = r.pick(VERBS);
  return data;
}

/** Where a valid activity can be broken so that the bot must refuse it. */
const BREAKERS: [string, (body: Record<string, unknown>) => void][] = [
  ['no type', (b) => delete b.type],
  ['numeric type', (b) => (b.type = 7)],
  ['no serviceUrl', (b) => delete b.serviceUrl],
  ['serviceUrl not a URL', (b) => (b.serviceUrl = 'javascript:alert(1)')],
  ['conversation missing', (b) => delete b.conversation],
  ['conversation id numeric', (b) => ((b.conversation as Record<string, unknown>).id = 12)],
  ['from missing', (b) => delete b.from],
  ['recipient null', (b) => (b.recipient = null)],
  ['text numeric', (b) => (b.text = 12345)],
  ['text object', (b) => (b.text = { $ne: null })],
  ['locale numeric', (b) => (b.locale = 33)],
  ['entities not an array', (b) => (b.entities = 'mention')],
  ['entity without type', (b) => (b.entities = [{ text: 'x' }])],
  ['mention without mentioned', (b) => (b.entities = [{ type: 'mention', text: '<at>x</at>' }])],
  ['membersAdded not an array', (b) => ((b.type = 'conversationUpdate'), (b.membersAdded = 'all'))],
  ['channelData string', (b) => (b.channelData = 'tenant')],
  ['invoke without name', (b) => ((b.type = 'invoke'), delete b.name)],
];

/** One generated case; `n` numbers it in the run. */
export function generateCase(
  r: Random,
  n: number,
  serviceUrl: string,
  known: KnownIds,
  maxBodyBytes: number,
): FuzzCase {
  const who = identity(r);
  const language = expectedLanguage(who.locale);
  const roll = r.next();

  if (roll < 0.5) {
    const { family, text } = hostileText(r);
    const { conversationId, body } = activity(who, serviceUrl, messageFields(who, text));
    // Over the body limit the answer is 413 and nothing runs; under it, a reply.
    const tooBig = Buffer.byteLength(JSON.stringify(body)) > maxBodyBytes;
    return {
      n,
      family: `message:${family}${tooBig ? ' (over the limit)' : ''}`,
      conversationId,
      body,
      expect: tooBig ? { kind: 'refused', statuses: [413] } : { kind: 'reply', language },
    };
  }
  if (roll < 0.55) {
    // Mentions only, in a group chat or channel.
    const group: Identity = { ...who, conversationType: r.pick(['groupChat', 'channel'] as const) };
    const { conversationId, body } = activity(
      group,
      serviceUrl,
      messageFields(group, r.pick(['', ' ', '\n'])),
    );
    return { n, family: 'message:mentionOnly', conversationId, body, expect: { kind: 'reply', language } };
  }
  if (roll < 0.75) {
    const verb = r.chance(0.9)
      ? r.pick(VERBS)
      : r.pick(['', 'VERB', '${verb}', 'x'.repeat(500), 'constructor', '__proto__']);
    const value = r.pick<() => unknown>([
      () => ({ action: { type: 'Action.Execute', verb, data: actionData(r, known) }, trigger: 'manual' }),
      () => ({ action: { type: 'Action.Execute', verb, data: actionData(r, known) }, trigger: 'manual' }),
      () => ({ action: { type: 'Action.Execute', verb, data: r.pick([null, 'str', [1], 5]) } }),
      () => ({ action: r.pick([null, 'x', [], { verb: 5 }]) }),
      () => r.pick([null, 'value', [], 7]),
      () => undefined,
    ])();
    const { conversationId, body } = activity(who, serviceUrl, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      ...(value === undefined ? {} : { value }),
      ...(r.chance(0.5) ? { replyToId: `activity-${r.int(1, 99999)}` } : {}),
    });
    return { n, family: 'invoke:action', conversationId, body, expect: { kind: 'card', language } };
  }
  if (roll < 0.82) {
    // Action.Submit from clients without Universal Actions: a message with a value.
    const value = { verb: r.pick(VERBS), ...actionData(r, known) };
    const { conversationId, body } = activity(who, serviceUrl, {
      type: 'message',
      value,
      ...(r.chance(0.5) ? { replyToId: `activity-${r.int(1, 99999)}` } : {}),
    });
    return { n, family: 'message:submit', conversationId, body, expect: { kind: 'reply', language } };
  }
  if (roll < 0.88) {
    const name = r.pick(['task/fetch', 'task/submit', 'application/search']);
    const value = r.pick<() => unknown>([
      () => ({ data: actionData(r, known), context: { theme: r.pick(['default', 'dark', '<x>', 5]) } }),
      () => ({
        dataset: r.pick(['principals', 'apps', '', 'x'.repeat(300), 5]),
        queryText: r.pick([hostileText(r).text.slice(0, 500), '', 'Bo', 'Sa', 5, null]),
        queryOptions: { skip: r.pick([0, -5, 1e9, 'x']), top: r.pick([1, 15, 0, -1, 1e6, 'y']) },
        data: actionData(r, known),
      }),
      () => r.pick([null, 'x', [], 3]),
      () => undefined,
    ])();
    const { conversationId, body } = activity(who, serviceUrl, {
      type: 'invoke',
      name,
      ...(value === undefined ? {} : { value }),
    });
    return { n, family: `invoke:${name}`, conversationId, body, expect: { kind: 'answered' } };
  }
  if (roll < 0.91) {
    const fields = r.pick<() => Record<string, unknown>>([
      () => ({
        type: 'invoke',
        name: r.pick(['foo/bar', 'signin/verifyState', 'composeExtension/query', '', 'x'.repeat(200)]),
        value: actionData(r, known),
      }),
      () => ({ type: 'conversationUpdate', membersAdded: [{ id: BOT.id }, { id: who.user.id }] }),
      () => ({ type: 'conversationUpdate', membersRemoved: [{ id: BOT.id }] }),
      () => ({ type: 'installationUpdate', action: r.pick(['add', 'remove', 5]) }),
      () => ({
        type: 'event',
        name: r.pick(['application/vnd.microsoft.meetingStart', 'x']),
        value: actionData(r, known),
      }),
      () => ({ type: 'messageReaction', reactionsAdded: [{ type: 'like' }] }),
      () => ({ type: 'typing' }),
      () => ({
        type: r.pick(['endOfConversation', 'messageUpdate', 'messageDelete', 'unknownType', 'MESSAGE']),
      }),
    ])();
    const { conversationId, body } = activity(who, serviceUrl, fields);
    return {
      n,
      family: `activity:${String(fields.type)}`,
      conversationId,
      body,
      expect: { kind: 'answered' },
    };
  }
  if (roll < 0.98) {
    const [label, breakIt] = r.pick(BREAKERS);
    const { conversationId, body } = activity(who, serviceUrl, messageFields(who, commandText(r)));
    breakIt(body);
    return {
      n,
      family: `malformed:${label}`,
      conversationId,
      body,
      expect: { kind: 'refused', statuses: [400] },
    };
  }
  return r.pick<() => FuzzCase>([
    () => ({
      n,
      family: 'raw:broken JSON',
      conversationId: '',
      raw: r.pick(['{"type":"message",', '{', 'nul', '{"type":"message","text":"\\ud800', '\u0000', '[}']),
      expect: { kind: 'refused', statuses: [400] },
    }),
    () => ({
      n,
      family: 'raw:not an object',
      conversationId: '',
      raw: r.pick(['[]', '"help"', '42', 'null', 'true', '[{"type":"message"}]']),
      expect: { kind: 'refused', statuses: [400] },
    }),
    () => ({
      n,
      family: 'raw:wrong content type',
      conversationId: '',
      raw: 'type=message&text=help',
      contentType: r.pick(['application/x-www-form-urlencoded', 'text/plain', 'application/xml']),
      expect: { kind: 'refused', statuses: [400, 415] },
    }),
    () => {
      const { conversationId, body } = activity(who, serviceUrl, messageFields(who, 'z'.repeat(300 * 1024)));
      return {
        n,
        family: 'raw:over MAX_BODY_BYTES',
        conversationId,
        body,
        expect: { kind: 'refused', statuses: [413] },
      };
    },
  ])();
}
