import { stringTables } from '../../../bot/i18n';

/**
 * English that must not show in a French conversation: the fixed parts of every English string the
 * bot has that differs from its French one ("Seats: ", " purchased · ", "Show more"…). Parts that
 * French shares (names, "E-mail") are left out, and short parts only count as whole words.
 */
const { en, fr } = stringTables();
const frenchText = Object.values(fr).join('\n');
const ENGLISH_PARTS: { part: string; pattern: RegExp }[] = [];
for (const key of Object.keys(en) as (keyof typeof en)[]) {
  if (en[key] === fr[key]) continue;
  for (const raw of en[key].split(/\{\w+\}/)) {
    const part = raw
      .trim()
      .replace(/^[·:,.–—()“”"]+|[·:,.–—()“”"]+$/g, '')
      .trim();
    if (!/[A-Za-z]{3}/.test(part) || frenchText.includes(part)) continue;
    if (ENGLISH_PARTS.some((p) => p.part === part)) continue;
    const escaped = part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    ENGLISH_PARTS.push({
      part,
      pattern: part.length < 10 ? new RegExp(`\\b${escaped}\\b`) : new RegExp(escaped),
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
