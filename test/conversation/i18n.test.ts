import { languageOf, stringTables, t, tCount } from '../../bot/i18n';

const { en, fr } = stringTables();
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('English and French define exactly the same keys, none empty', () => {
  expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  for (const table of [en, fr]) {
    for (const [key, value] of Object.entries(table))
      expect([key, value.trim().length > 0]).toEqual([key, true]);
  }
});

test('each French string uses the same placeholders as its English one', () => {
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    expect([key, placeholders(fr[key])]).toEqual([key, placeholders(en[key])]);
  }
});

test('French strings are translated, not copied (apart from a brand, a word and a pattern that are the same)', () => {
  const same = Object.keys(en).filter((key) => en[key as keyof typeof en] === fr[key as keyof typeof en]);
  expect(same.sort()).toEqual(['choice.user', 'help.title', 'seats.email']);
});

test('the locale goes through an allow-list: fr-* is French, anything else English', () => {
  expect(['fr', 'fr-FR', 'fr-ca', 'FR-BE', 'fr_CH'].map(languageOf)).toEqual(['fr', 'fr', 'fr', 'fr', 'fr']);
  expect(['en-US', 'de-DE', '', undefined, '../../etc/passwd', 'french', 'frx'].map(languageOf)).toEqual(
    Array(7).fill('en'),
  );
});

test('counts take the singular where the language does: English 1, French 0 and 1', () => {
  expect([0, 1, 2].map((n) => tCount('en', 'unassign.confirm.freed', n))).toEqual([
    '0 seats back',
    '1 seat back',
    '2 seats back',
  ]);
  expect([0, 1, 2].map((n) => tCount('fr', 'unassign.confirm.freed', n))).toEqual([
    '0 licence libérée',
    '1 licence libérée',
    '2 licences libérées',
  ]);
  expect(tCount('en', 'details.group', 1)).toBe('Group · 1 member');
  expect(tCount('fr', 'list.subtitle', 1)).toBe('1 application d’un éditeur indépendant');
});

test('placeholders are filled; an unknown one is left visible rather than silently dropped', () => {
  expect(t('fr', 'list.seats', { assigned: 2, purchased: 5, available: 3 })).toBe(
    '2 sur 5 attribuées · 3 disponibles',
  );
  expect(t('en', 'list.seats', {})).toBe('{assigned} of {purchased} assigned · {available} available');
});
