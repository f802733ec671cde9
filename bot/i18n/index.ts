import { en, type StringKey, type Strings } from './en';
import { fr } from './fr';

export type Language = 'en' | 'fr';
export type { StringKey };

const TABLES: Record<Language, Strings> = { en, fr };

/** Allow-list: fr-* is French, anything else (or nothing) is English. */
export function languageOf(locale: string | undefined): Language {
  return typeof locale === 'string' && /^fr(?:[-_]|$)/i.test(locale.trim()) ? 'fr' : 'en';
}

export type Params = Record<string, string | number>;

/** The string `key` in `language`, with `{name}` placeholders filled from `params`. */
export function t(language: Language, key: StringKey, params: Params = {}): string {
  return TABLES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * `key` filled with `count`, or its singular form `key.one` where the language uses it: English for
 * exactly 1, French for 0 and 1 ("0 licence libérée").
 */
export function tCount(language: Language, key: StringKey, count: number, params: Params = {}): string {
  const singular = language === 'fr' ? Math.abs(count) < 2 : count === 1;
  const one = `${key}.one`;
  const chosen = singular && one in TABLES[language] ? (one as StringKey) : key;
  return t(language, chosen, { ...params, count });
}

/** "a, b and c" in the language. */
export function joinNames(language: Language, names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')}${t(language, 'list.and')}${names[names.length - 1]}`;
}

export function stringTables(): Record<Language, Strings> {
  return TABLES;
}
