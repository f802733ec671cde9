/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Card checks with the official Adaptive Cards parser, at version 1.5 (what Teams renders). In Node
 * only the bundled build loads (FACTS.md).
 */
const AC = require('adaptivecards/dist/adaptivecards.js');

/** Teams accepts typeahead `choices.data` in 1.5 cards; the parser files it under 1.6. */
const EXPECTED = /^Property "choices\.data" is supported in version 1\.6/;

/** Every problem the parser reports for `card` (empty when it is a clean 1.5 card). */
export function cardProblems(card: unknown): string[] {
  if (!card || typeof card !== 'object') return ['not an object'];
  const json = card as Record<string, unknown>;
  const problems: string[] = [];
  if (json.type !== 'AdaptiveCard') problems.push(`type is ${String(json.type)}`);
  if (json.version !== '1.5') problems.push(`version is ${String(json.version)}`);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  try {
    parsed.parse(json, context);
  } catch (error) {
    problems.push(`parser threw: ${(error as Error).message}`);
  }
  for (let i = 0; i < context.eventCount; i++) {
    const message: string = context.getEventAt(i).message;
    if (!EXPECTED.test(message)) problems.push(message);
  }
  return problems;
}
