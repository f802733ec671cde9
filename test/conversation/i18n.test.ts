import { languageOf, stringTables, t } from '../../bot/i18n';
import { argumentsOf, parseMessage } from '../../bot/i18n/message';

const { en, fr } = stringTables();
const placeholders = (text: string) => [...argumentsOf(parseMessage(text)).names].sort();

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

test('counts take the plural form of the language: English one is 1, French one is 0 and 1', () => {
  expect([0, 1, 2].map((count) => t('en', 'unassign.confirm.freed', { count }))).toEqual([
    '0 seats back',
    '1 seat back',
    '2 seats back',
  ]);
  expect([0, 1, 2].map((count) => t('fr', 'unassign.confirm.freed', { count }))).toEqual([
    '0 licence libérée',
    '1 licence libérée',
    '2 licences libérées',
  ]);
  expect(t('en', 'details.group', { count: 1 })).toBe('Group · 1 member');
  expect(t('fr', 'list.subtitle', { count: 1 })).toBe('1 application d’un éditeur indépendant');
  expect(
    t('fr', 'error.NotEnoughSeats', {
      app: 'Litware',
      vendor: 'Litware',
      needed: 3,
      available: 1,
      purchased: 5,
    }),
  ).toContain('il en faut 3 et seule 1 sur 5 est disponible');
});

test('placeholders are filled; an unknown one is left visible rather than silently dropped', () => {
  expect(t('fr', 'list.seats', { assigned: 2, purchased: 5, available: 3 })).toBe(
    '2 sur 5 attribuées · 3 disponibles',
  );
  expect(t('en', 'list.seats', {})).toBe('{assigned} of {purchased} assigned · {available} available');
});
