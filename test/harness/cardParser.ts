// The official Adaptive Cards parser; its ESM entry (imports without file extensions) does not load
// in Node, the bundle does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js');

/** Teams accepts typeahead `choices.data` in 1.5 cards; the parser files it under 1.6. */
const ACCEPTED_BY_TEAMS = /^Property "choices\.data" is supported in version 1\.6/;

/** Every problem the official parser reports for `card` at version 1.5, what Teams renders (empty = valid). */
export function cardProblems(card: unknown): string[] {
  if (!card || typeof card !== 'object') return ['not an object'];
  const json = card as Record<string, unknown>;
  const problems: string[] = [];
  if (json.type !== 'AdaptiveCard') problems.push(`type is ${String(json.type)}`);
  if (json.version !== '1.5') problems.push(`version is ${String(json.version)}`);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  try {
    new AC.AdaptiveCard().parse(json, context);
  } catch (error) {
    problems.push(`parser threw: ${(error as Error).message}`);
  }
  for (let i = 0; i < context.eventCount; i++) {
    const message: string = context.getEventAt(i).message;
    if (!ACCEPTED_BY_TEAMS.test(message)) problems.push(message);
  }
  return problems;
}
