import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringTables } from '../../bot/i18n';
import { contrastRatio } from '../harness/contrast';
import { startTestApp, type TestApp } from '../harness/testApp';
import { BOT, textsOf, type AdaptiveCardJson, type ConversationType } from '../harness/teamsClient';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

const CARDS_DIR = join(__dirname, '..', '..', 'cards');
const templates = readdirSync(CARDS_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, json: JSON.parse(readFileSync(join(CARDS_DIR, file), 'utf8')) }));

/** Every node of a card with the styles of the containers around it (innermost last). */
function* nodesOf(node: unknown, styles: string[] = []): Generator<[Record<string, any>, string[]]> {
  if (Array.isArray(node)) {
    for (const item of node) yield* nodesOf(item, styles);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, any>;
  yield [record, styles];
  const inner =
    typeof record.style === 'string' && record.type !== 'TextBlock' ? [...styles, record.style] : styles;
  for (const [key, value] of Object.entries(record)) if (key !== 'data') yield* nodesOf(value, inner);
}

test('no string and no card template has an <angle bracket> a Teams client would swallow as HTML', () => {
  const bracketed = /<[^<>]*>/;
  const found: string[] = [];
  for (const [language, table] of Object.entries(stringTables())) {
    for (const [key, text] of Object.entries(table))
      if (bracketed.test(text)) found.push(`${language} ${key}: ${text}`);
  }
  for (const { file, json } of templates) {
    for (const [node] of nodesOf(json)) {
      for (const key of ['text', 'title', 'label', 'placeholder', 'errorMessage']) {
        if (typeof node[key] === 'string' && bracketed.test(node[key])) found.push(`${file}: ${node[key]}`);
      }
    }
  }
  expect(found).toEqual([]);
});

test('the unknown-user hint gives a real example of a group, in both languages', async () => {
  const english = await t.client().send('assign Contoso CRM to Zzyzx Qwerty');
  expect(textsOf(english.card!).join(' ')).toContain('or a group such as “group Sales”.');
  const french = await t.client({ locale: 'fr-FR' }).send('attribuer Contoso CRM à Zzyzx Qwerty');
  expect(textsOf(french.card!).join(' ')).toContain('ou un groupe comme « groupe Ventes France ».');
});

/**
 * Teams' host config colours (microsoft/AdaptiveCards samples/HostConfig/microsoft-teams-light.json and
 * -dark.json): the background of each container style and the colours text may take on it.
 */
const TEAMS_THEMES = {
  light: {
    default: { background: '#ffffff', default: '#252424', warning: '#f8d22a', attention: '#c4314b' },
    warning: { background: '#ffe2b2', default: '#252424', warning: '#f8d22a', attention: '#c4314b' },
  },
  dark: {
    default: { background: '#2d2c2c', default: '#ffffff', warning: '#f8d22a', attention: '#d74654' },
    warning: { background: '#ffe2b2', default: '#201f1f', warning: '#f8d22a', attention: '#d74654' },
  },
} as const;

test('the contrast computation reproduces the issue: Teams warning text on white is about 1.5:1', () => {
  expect(
    contrastRatio(TEAMS_THEMES.light.default.warning, TEAMS_THEMES.light.default.background),
  ).toBeLessThan(1.7);
  expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 0);
});

test('no card template colours text "warning" (yellow on white in Teams); warnings sit in a warning container', () => {
  const found: string[] = [];
  for (const { file, json } of templates) {
    for (const [node] of nodesOf(json)) {
      if (node.type === 'TextBlock' && /warning/i.test(String(node.color ?? '')))
        found.push(`${file}: ${node.text}`);
    }
  }
  expect(found).toEqual([]);
});

test('the ⚠ lines of an unassign confirmation read at 4.5:1 or better in Teams light and dark themes', async () => {
  const c = t.client();
  await c.send('assign Fabrikam Expenses to Sales group and Bob Kelly');
  const confirm = await c.send('unassign Fabrikam Expenses from Bob Kelly');
  const warnings = [...nodesOf(confirm.card as AdaptiveCardJson)].filter(
    ([node]) => node.type === 'TextBlock' && String(node.text).startsWith('⚠'),
  );
  expect(warnings.map(([node]) => node.text)).toEqual(['⚠ Bob Kelly keeps the app through Sales.']);
  for (const [node, styles] of warnings) {
    const style = (styles.at(-1) ?? 'default').toLowerCase() as 'default' | 'warning';
    const color = String(node.color ?? 'default').toLowerCase() as 'default' | 'warning' | 'attention';
    for (const theme of Object.values(TEAMS_THEMES)) {
      expect(contrastRatio(theme[style][color], theme[style].background)).toBeGreaterThanOrEqual(4.5);
    }
  }
});

describe.each<[ConversationType, string, string]>([
  ['groupChat', '@mention License Desk and type “help”', '@mentionnez License Desk et tapez « aide »'],
  ['channel', '@mention License Desk and type “help”', '@mentionnez License Desk et tapez « aide »'],
  ['personal', 'Type “help”', 'Tapez « aide »'],
])('greetings in a %s say how the bot hears you', (type, english, french) => {
  test.each([
    ['en-US', english],
    ['fr-FR', french],
  ])('%s', async (locale, hint) => {
    const c = t.client({ conversationType: type, locale });
    const welcome = await c.post(c.activity({ type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] }));
    const empty = await c.send('');
    const unknown = await c.send('what is the weather');
    for (const text of [welcome.text, empty.text, unknown.text]) expect(text).toContain(hint);
    if (type === 'personal')
      for (const text of [welcome.text, empty.text, unknown.text]) expect(text).not.toContain('@');
  });
});
