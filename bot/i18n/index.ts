import { en, type StringKey, type Strings } from './en';
import { fr } from './fr';
import { formatMessage, parseMessage, type Params, type Part } from './message';

export type Language = 'en' | 'fr';
export type { StringKey };

const TABLES: Record<Language, Strings> = { en, fr };

/** Allow-list: fr-* is French, anything else (or nothing) is English. */
export function languageOf(locale: string | undefined): Language {
  return typeof locale === 'string' && /^fr(?:[-_]|$)/i.test(locale.trim()) ? 'fr' : 'en';
}

export type { Params };

const RULES: Record<Language, Intl.PluralRules> = {
  en: new Intl.PluralRules('en'),
  fr: new Intl.PluralRules('fr'),
};
const PARSED = new Map<string, Part[]>();

/**
 * The string `key` in `language`, with its arguments filled from `params`. Strings are ICU messages
 * (bot/i18n/message.ts): wherever a number meets words, the words go in a plural,
 * `{count, plural, one {# seat} other {# seats}}`, so agreement follows the language's own rules.
 */
export function t(language: Language, key: StringKey, params: Params = {}): string {
  const id = `${language}:${key}`;
  let parts = PARSED.get(id);
  if (!parts) {
    parts = parseMessage(TABLES[language][key]);
    PARSED.set(id, parts);
  }
  return formatMessage(parts, RULES[language], params);
}

/** "a, b and c" in the language. */
export function joinNames(language: Language, names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')}${t(language, 'list.and')}${names[names.length - 1]}`;
}

export function stringTables(): Record<Language, Strings> {
  return TABLES;
}
