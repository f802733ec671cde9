import { joinNames, stringTables, t, type Language, type StringKey } from '../../bot/i18n';
import { argumentsOf, formatMessage, parseMessage } from '../../bot/i18n/message';

const tables = stringTables();
const LANGUAGES: Language[] = ['en', 'fr'];

/**
 * Arguments that carry text, with a value for a message about `n` things. Every other argument is a
 * number (a new text argument shows up here as a failing render with digits, and belongs in this list).
 */
const PEOPLE = ['Alice Durand', 'Bob Kelly', 'Émilie Dubois', 'Diego Siciliani', 'Megan Bowen'];
const people = (n: number) => Array.from({ length: n }, (_, i) => PEOPLE[i % PEOPLE.length]);
const TEXT_ARGS: Record<string, (language: Language, n: number) => string> = {
  names: (language, n) => joinNames(language, people(n)),
  name: () => 'Alice Durand',
  user: () => 'Alice Durand',
  actor: () => 'Adele Vance',
  admin: () => 'Adele Vance',
  app: () => 'Contoso CRM',
  vendor: () => 'Contoso Ltd',
  via: () => 'Sales',
  group: () => 'Marketing',
  groups: (language, n) => joinNames(language, ['Sales', 'All Staff'].slice(0, Math.max(n, 1))),
  text: () => 'Zebra',
  example: () => 'Contoso CRM',
  upn: () => 'alice@contoso.com',
  email: () => 'alice@contoso.com',
  time: () => '14:05',
  problem: () => 'catalog.json',
  detail: () => 'User.Read.All',
  what: () => 'apps',
  seats: () => 'seats',
};

/** Every string that has a number in it, derived from the strings themselves. */
const counted = (Object.keys(tables.en) as StringKey[]).filter((key) =>
  LANGUAGES.some((language) =>
    [...argumentsOf(parseMessage(tables[language][key])).names].some((name) => !(name in TEXT_ARGS)),
  ),
);

function render(language: Language, key: StringKey, n: number): string {
  const params: Record<string, string | number> = {};
  for (const name of argumentsOf(parseMessage(tables[language][key])).names) {
    params[name] = name in TEXT_ARGS ? TEXT_ARGS[name](language, n) : n;
  }
  return t(language, key, params);
}

/** Disagreements, each a pattern that must not appear in a string rendered for `n` things. */
function disagreements(language: Language, n: number): RegExp[] {
  const lastName = people(Math.max(n, 1)).at(-1)!;
  const gendered = new RegExp(`(?:${PEOPLE.join('|')}) \\p{L}+(?:é|ée|és|ées)(?!\\p{L})`, 'u');
  if (language === 'en') {
    return n === 1
      ? [/\b1 (?!is\b|was\b|has\b)[a-z]+s\b/, /\b1 of \d+ are\b/, /\b1 [a-z]+ (?:hold|keep)\b/]
      : [
          /\b\d+ (?:seat|member|app|user|group|other|person)\b/,
          /\b\d+ [a-z]+s (?:holds|keeps)\b/,
          /\bonly 0\b/,
          /\b\d+ of \d+ is\b/,
        ];
  }
  const shared = [gendered];
  return n <= 1
    ? [
        ...shared,
        /\b[01] (?!sur )[\p{L}’']+s(?!\p{L})/u,
        /\b[01] sur \d+ (?:\p{L}+s|sont)(?!\p{L})/u,
        /\bseules [01]\b/u,
        new RegExp(`\\p{L}+(?:és|ées) : ${lastName}\\b`, 'u'),
      ]
    : [
        ...shared,
        // A number then a noun that does not end in s/x; « 2 de ses 6 membres » and « 2 sur 6 » are fine.
        /\b\d+ (?!sur |et |en |sont |de )\p{L}+(?<![sx])(?!\p{L})/u,
        /\b\d+ sur \d+ (?:\p{L}+(?:é|ée)|est)(?!\p{L})/u,
        /\bseule \d/u,
        new RegExp(`\\p{L}+(?:é|ée) : (?:\\p{L}+ )+et ${lastName}\\b`, 'u'),
      ];
}

test('the strings with a number in them are found from the strings (not listed by hand)', () => {
  // Far from all of them, but at least the ones the issue reported.
  expect(counted).toEqual(
    expect.arrayContaining([
      'error.NotEnoughSeats',
      'assign.seatsLeft',
      'list.seats',
      'unassign.done.removed',
      'details.group',
    ]),
  );
  expect(counted.length).toBeGreaterThan(20);
});

test.each(LANGUAGES)('every string with a count agrees with 0, 1, 2 and 1000 (%s)', (language) => {
  const found: string[] = [];
  for (const key of counted) {
    for (const n of [0, 1, 2, 1000]) {
      const text = render(language, key, n);
      expect([key, text]).not.toEqual([key, expect.stringMatching(/\{\w+\}/)]);
      for (const pattern of disagreements(language, n)) {
        if (pattern.test(text)) found.push(`${key} (${n}): ${text}   ← ${pattern}`);
      }
    }
  }
  expect(found).toEqual([]);
});

test('the checks catch what the issue reported', () => {
  const caught = (language: Language, n: number, text: string) =>
    disagreements(language, n).some((pattern) => pattern.test(text));
  expect(caught('en', 1, 'this needs 1 seats')).toBe(true);
  expect(caught('en', 1, 'only 1 of 5 are available')).toBe(true);
  expect(caught('fr', 1, '1 disponibles')).toBe(true);
  expect(caught('fr', 1, 'seules 1 sur 5 sont disponibles')).toBe(true);
  expect(caught('fr', 0, '0 restantes')).toBe(true);
  expect(caught('fr', 1, 'Alice Durand retirés.')).toBe(true);
  expect(caught('fr', 2, '2 licence libérée')).toBe(true);
  expect(caught('fr', 1, '1 licence libérée')).toBe(false);
});

test('a removal names people without guessing their gender, and agrees with how many there are', () => {
  const removed = (count: number) =>
    t('fr', 'unassign.done.removed', {
      count,
      names: joinNames('fr', people(count)),
      before: 5,
      after: 5 - count,
      purchased: 10,
    });
  expect(removed(1)).toMatch(/^Attribution retirée : Alice Durand\./);
  expect(removed(2)).toMatch(/^Attributions retirées : Alice Durand et Bob Kelly\./);
});

describe('the message format', () => {
  const rules = new Intl.PluralRules('fr');
  const format = (source: string, params: Record<string, string | number>) =>
    formatMessage(parseMessage(source), rules, params);

  test('an exact =N case wins over the category; nested arguments and # are filled', () => {
    const source = '{n, plural, =0 {aucune pour {who}} one {# seule} other {# toutes}}';
    expect([0, 1, 2, 1_000_000].map((n) => format(source, { n, who: 'Alice' }))).toEqual([
      'aucune pour Alice',
      '1 seule',
      '2 toutes',
      '1000000 toutes',
    ]);
  });

  test('a missing number takes the other form and stays visible', () => {
    expect(format('{n, plural, one {# licence} other {# licences}} pour {who}', {})).toBe(
      '{n} licences pour {who}',
    );
  });

  test('malformed messages are refused with the place of the problem', () => {
    expect(() => parseMessage('{n, plural, one {x}}')).toThrow(/other/);
    expect(() => parseMessage('{n, select, a {x} other {y}}')).toThrow(/plural/);
    expect(() => parseMessage('{n, plural, une {x} other {y}}')).toThrow(/category/);
    expect(() => parseMessage('oops }')).toThrow(/unbalanced/);
    expect(() => parseMessage('{n, plural, one {x}')).toThrow();
  });

  test('every string of both languages parses', () => {
    const failures: string[] = [];
    for (const language of LANGUAGES) {
      for (const [key, text] of Object.entries(tables[language])) {
        try {
          parseMessage(text);
        } catch (error) {
          failures.push(`${language} ${key}: ${(error as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
