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

/** "a, b and c" in the language. */
export function joinNames(language: Language, names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')}${t(language, 'list.and')}${names[names.length - 1]}`;
}

export function stringTables(): Record<Language, Strings> {
  return TABLES;
}
