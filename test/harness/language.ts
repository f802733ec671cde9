import { stringTables, type Language } from '../../bot/i18n';
import { fixedParts, messagePatternSource } from './messagePattern';

/**
 * In which language the bot wrote, judged by its own string tables. Only strings that differ
 * between English and French tell the language.
 */

const tables = stringTables();
const TELLING = (Object.keys(tables.en) as (keyof typeof tables.en)[]).filter(
  (key) => tables.en[key] !== tables.fr[key],
);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One whole string of `language`, placeholders filled with anything, any of its plural forms. */
function patterns(language: Language): RegExp[] {
  return TELLING.map((key) => tables[language][key])
    .filter((text) => text.replace(/\{\w+\}/g, '').trim().length >= 4)
    .map((text) => new RegExp(`^${messagePatternSource(text)}$`));
}

const PATTERNS: Record<Language, RegExp[]> = { en: patterns('en'), fr: patterns('fr') };

export interface LanguageVerdict {
  en: string[];
  fr: string[];
}

/** The texts that are unmistakably English, and those unmistakably French (each a whole string). */
export function languagesOf(texts: string[]): LanguageVerdict {
  const verdict: LanguageVerdict = { en: [], fr: [] };
  for (const text of texts) {
    const en = PATTERNS.en.some((p) => p.test(text));
    const fr = PATTERNS.fr.some((p) => p.test(text));
    if (en && !fr) verdict.en.push(text);
    if (fr && !en) verdict.fr.push(text);
  }
  return verdict;
}

/** The product's rule, restated: fr-* is French, anything else English. */
export function expectedLanguage(locale: unknown): Language {
  return typeof locale === 'string' && /^fr(?:[-_]|$)/i.test(locale.trim()) ? 'fr' : 'en';
}

/**
 * English that must not show in a French conversation, inside any text (a card mixes strings): the
 * fixed parts of every English string ("Seats: ", " purchased · ", "Show more"…). Parts that French
 * shares (names, "E-mail") are left out, and short parts only count as whole words.
 */
const frenchText = Object.values(tables.fr).join('\n');
const ENGLISH_PARTS: { part: string; pattern: RegExp }[] = [];
for (const key of TELLING) {
  for (const raw of fixedParts(tables.en[key])) {
    const part = raw
      .trim()
      .replace(/^[·:,.–—()“”"]+|[·:,.–—()“”"]+$/g, '')
      .trim();
    if (!/[A-Za-z]{3}/.test(part) || frenchText.includes(part)) continue;
    if (ENGLISH_PARTS.some((p) => p.part === part)) continue;
    ENGLISH_PARTS.push({
      part,
      pattern: part.length < 10 ? new RegExp(`\\b${escape(part)}\\b`) : new RegExp(escape(part)),
    });
  }
}

/** The texts that contain English from the bot's string table, each with the English it contains. */
export function englishIn(texts: string[]): string[] {
  const found: string[] = [];
  for (const text of texts) {
    const parts = ENGLISH_PARTS.filter((p) => p.pattern.test(text)).map((p) => p.part);
    if (parts.length)
      found.push(`${JSON.stringify(text)} contains ${parts.map((p) => JSON.stringify(p)).join(', ')}`);
  }
  return found;
}
