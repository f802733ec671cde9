import { normalizeName } from '../directory/directory';
import type { Language } from '../i18n';
import type { CatalogApp } from '../licensing/model';
import { COMMAND_TABLE } from './commandTable';
import { editDistance } from './resolve';

/** Suggestions offered for a message that is no command. */
const MAX_SUGGESTIONS = 3;
/** A longer message is not a mistyped command: no suggestion is looked for (and no time spent). */
const MAX_TEXT = 100;
/** The most words a command phrase has: only the message's first words can misspell one. */
const PHRASE_WORDS = Math.max(
  ...COMMAND_TABLE.flatMap((spec) => [...spec.phrases.en, ...spec.phrases.fr]).map(
    (phrase) => phrase.split(' ').length,
  ),
);
/** Words shorter than this are too common to point at an app ("the", "crm" is still named whole). */
const APP_WORD_MIN = 4;

const PHRASES = COMMAND_TABLE.flatMap((spec) =>
  (['en', 'fr'] as const).flatMap((language) =>
    spec.phrases[language]
      .filter((phrase) => /^[\p{L}' -]+$/u.test(phrase))
      .map((phrase) => ({ phrase, language, words: normalizeName(phrase).split(' ') })),
  ),
);

/** Typos a word of this length may carry and still be recognised. */
const typos = (word: string) => (word.length <= 4 ? 1 : word.length <= 9 ? 2 : 3);

/**
 * The commands nearest to a message the bot did not understand: the same message with a misspelt
 * command word corrected ("detials Contoso CRM" → "details Contoso CRM"), or else the details of the
 * apps it names ("contoso crm?" → "details Contoso CRM"). Empty when nothing is close.
 */
export async function nearestCommands(
  text: string,
  language: Language,
  catalog: () => Promise<readonly CatalogApp[]>,
): Promise<string[]> {
  if (text.length > MAX_TEXT) return [];
  const corrected = correctedCommand(text, language);
  if (corrected) return [corrected];
  const details = language === 'fr' ? 'détails' : 'details';
  return appsNamed(text, await catalog())
    .slice(0, MAX_SUGGESTIONS)
    .map((app) => `${details} ${app.name}`);
}

/**
 * The message with its first words replaced by the command phrase they misspell: each word within a
 * typo or two of the phrase's word, and the first letter right (people rarely miss the first one;
 * without it "how" would be a typo of "show").
 */
function correctedCommand(text: string, language: Language): string | undefined {
  const words = text.split(' ');
  const typed = words.slice(0, PHRASE_WORDS).map((word) => normalizeName(word).replace(/[.!?;:,]+$/, ''));
  let best: { command: string; rank: number[] } | undefined;
  for (const { phrase, language: phraseLanguage, words: phraseWords } of PHRASES) {
    if (phraseWords.length > words.length || typed[0][0] !== phraseWords[0][0]) continue;
    let distance = 0;
    for (const [i, word] of phraseWords.entries()) {
      const limit = typos(word);
      const d = editDistance(typed[i], word, limit);
      distance += d > limit ? Infinity : d;
    }
    if (distance === 0 || distance === Infinity) continue;
    // Fewest typos first, then the user's language ("détials" → "détails" in French), then the longest phrase.
    const rank = [distance, phraseLanguage === language ? 0 : 1, -phrase.length];
    if (!best || before(rank, best.rank)) {
      best = { command: [phrase, ...words.slice(phraseWords.length)].join(' '), rank };
    }
  }
  return best?.command;
}

/** Whether rank `a` sorts before rank `b`, comparing element by element. */
function before(a: number[], b: number[]): boolean {
  const i = a.findIndex((value, index) => value !== b[index]);
  return i >= 0 && a[i] < b[i];
}

/** Apps whose whole name, or a distinctive word of it (allowing a typo), appears in the message. */
function appsNamed(text: string, catalog: readonly CatalogApp[]): CatalogApp[] {
  const typed = normalizeName(text).replace(/[^\p{L}\p{N} ]+/gu, ' ');
  const typedWords = typed.split(' ').filter((word) => word.length >= APP_WORD_MIN);
  const scored = catalog
    .map((app) => {
      const name = normalizeName(app.name);
      if (` ${typed} `.includes(` ${name} `)) return { app, distance: -1 };
      const distances = name
        .split(' ')
        .filter((word) => word.length >= APP_WORD_MIN)
        .flatMap((word) =>
          typedWords
            .map((typedWord) => editDistance(typedWord, word, typos(word)))
            .filter((distance) => distance <= typos(word)),
        );
      return { app, distance: Math.min(Infinity, ...distances) };
    })
    .filter((scoredApp) => scoredApp.distance !== Infinity);
  return scored.sort((a, b) => a.distance - b.distance).map((scoredApp) => scoredApp.app);
}
