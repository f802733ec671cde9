import { stringTables, type Language } from '../../../bot/i18n';

/**
 * In which language a reply is written, judged by the product's own string tables: a text "is"
 * English or French when it is one of that language's strings (placeholders filled with anything)
 * and that string differs between the two languages.
 */

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function patterns(language: Language): RegExp[] {
  const tables = stringTables();
  const other: Language = language === 'en' ? 'fr' : 'en';
  return Object.entries(tables[language])
    .filter(([key, text]) => text !== tables[other][key as keyof (typeof tables)['en']])
    .filter(([, text]) => text.replace(/\{\w+\}/g, '').trim().length >= 4)
    .map(
      ([, text]) =>
        new RegExp(
          `^${text
            .split(/\{\w+\}/)
            .map(escape)
            .join('[\\s\\S]*')}$`,
        ),
    );
}

const PATTERNS: Record<Language, RegExp[]> = { en: patterns('en'), fr: patterns('fr') };

export interface LanguageVerdict {
  en: string[];
  fr: string[];
}

/** The texts that are unmistakably English, and those unmistakably French. */
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
