import { normalizeName } from '../directory/directory';
import { COMMAND_TABLE, type Intent } from './commandTable';

/** A command as typed: the intent, and the raw text of its arguments. */
export interface ParsedCommand {
  intent: Intent;
  /** Everything after the command phrase. */
  rest: string;
  /**
   * For assign/unassign: the ways `rest` splits into an app and a list of principals, most likely
   * first. The resolver keeps the first whose app exists.
   */
  splits: { appText: string; principalsText: string }[];
}

const MAX_TEXT = 2000;

/** Teams text as the user meant it: mentions of others kept as names, entities decoded, tidied. */
export function cleanText(raw: string): string {
  return (
    raw
      .slice(0, MAX_TEXT * 2)
      .replace(/<at[^>]*>(.*?)<\/at>/gi, '$1')
      .replace(/<[^>]{0,200}>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      // Control and invisible characters become spaces: they are never part of a name.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, ' ')
      .replace(/[’‘]/g, "'")
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, MAX_TEXT)
  );
}

/** A name as written, without quotes around it and trailing punctuation. */
export function cleanName(text: string): string {
  return text
    .replace(/["“”«»„]/g, ' ')
    .replace(/^\s*'+|'+\s*$/g, ' ')
    .replace(/[.!?;:,]+\s*$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const PHRASES = COMMAND_TABLE.flatMap((spec) =>
  [...spec.phrases.en, ...spec.phrases.fr].map((phrase) => ({
    intent: spec.intent,
    words: normalizeName(phrase.replace(/[’']/g, "' ")).split(' '),
  })),
).sort((a, b) => b.words.length - a.words.length || b.words.join(' ').length - a.words.join(' ').length);

const SEPARATORS = new Map<Intent, Set<string>>(
  COMMAND_TABLE.filter((spec) => spec.separators).map((spec) => [
    spec.intent,
    new Set([...spec.separators!.en, ...spec.separators!.fr].map(normalizeName)),
  ]),
);

/** The words as typed again, "d' Alice" back to "d'Alice" (split apart only to be matched). */
const joinElisions = (words: string[]) => words.join(' ').replace(/\b(qu|[dlj])' /gi, "$1'");

export function parseCommand(raw: string): ParsedCommand | undefined {
  const text = cleanText(raw);
  if (!text) return undefined;
  if (/^\?+$/.test(text)) return { intent: 'help', rest: '', splits: [] };
  // "d'Alice" → "d' Alice", "qu'a" → "qu' a", "j'ai" → "j' ai": the French elision is a word of its own.
  const words = text.replace(/\b(qu|[dlj])'(?=\S)/gi, "$1' ").split(' ');
  const normalized = words.map((w) => normalizeName(w).replace(/[.!?;:,]+$/, ''));
  for (const phrase of PHRASES) {
    if (phrase.words.length > normalized.length) continue;
    if (!phrase.words.every((word, i) => normalized[i] === word)) continue;
    const restWords = words.slice(phrase.words.length);
    const rest = cleanName(joinElisions(restWords));
    const separators = SEPARATORS.get(phrase.intent);
    const splits: ParsedCommand['splits'] = [];
    if (separators) {
      const restNormalized = normalized.slice(phrase.words.length);
      restNormalized.forEach((word, i) => {
        if (i === 0 || !separators.has(word)) return;
        splits.push({
          appText: cleanName(joinElisions(restWords.slice(0, i))),
          principalsText: cleanName(joinElisions(restWords.slice(i + 1))),
        });
      });
    }
    return { intent: phrase.intent, rest, splits };
  }
  return undefined;
}

export interface PrincipalQuery {
  /** The name, address or id as written, hints removed. */
  text: string;
  /** Set when the words said it: "Sales group", "groupe Ventes", an e-mail address. */
  kind?: 'user' | 'group';
}

const GROUP_HINT_BEFORE = /^(?:the\s+|le\s+|la\s+|les\s+)?(?:groups?|groupes?)\s+/i;
const GROUP_HINT_AFTER = /\s+(?:groups?|groupes?)$/i;
const USER_HINT_BEFORE = /^(?:the\s+|l'\s*)?(?:users?|utilisateurs?|utilisatrices?)\s+/i;

/** One principal as written: "Sales group", "le groupe Ventes France", "bob@contoso.com". */
export function parsePrincipal(raw: string): PrincipalQuery {
  let text = cleanName(raw).replace(/^(?:the|le|la|les)\s+(?=.+\s+(?:groups?|groupes?)$)/i, '');
  if (GROUP_HINT_BEFORE.test(text))
    return { text: cleanName(text.replace(GROUP_HINT_BEFORE, '')), kind: 'group' };
  if (GROUP_HINT_AFTER.test(text))
    return { text: cleanName(text.replace(GROUP_HINT_AFTER, '')), kind: 'group' };
  if (USER_HINT_BEFORE.test(text)) {
    text = cleanName(text.replace(USER_HINT_BEFORE, ''));
    return { text, kind: 'user' };
  }
  if (/^[^\s@]+@[^\s@]+$/.test(text)) return { text, kind: 'user' };
  return { text };
}

/**
 * The principals of "alice@contoso.com, Bob Kelly and Marketing": split on commas, then on
 * "and" / "et" — unless the whole piece is itself a name (`isName`), like "Research and Development".
 */
export async function splitPrincipals(
  text: string,
  isName: (piece: string) => Promise<boolean>,
): Promise<string[]> {
  const pieces: string[] = [];
  for (const segment of text.split(/\s*[,;]\s*/)) {
    const trimmed = cleanName(segment.replace(/^(?:and|et)\s+/i, ''));
    if (!trimmed) continue;
    const parts = trimmed.split(/\s+(?:and|et|&)\s+/i);
    if (parts.length > 1 && (await isName(trimmed))) {
      pieces.push(trimmed);
    } else {
      pieces.push(...parts.map(cleanName).filter(Boolean));
    }
  }
  return pieces;
}
