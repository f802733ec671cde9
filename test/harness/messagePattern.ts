import { parseMessage, type Part } from '../../bot/i18n/message';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A regular expression source matching any rendering of an ICU string (bot/i18n/message.ts):
 * arguments match anything, `#` a number, a plural any of its forms.
 */
export function messagePatternSource(source: string): string {
  const of = (parts: Part[]): string =>
    parts
      .map((part) => {
        if (part.kind === 'text') return escape(part.text);
        if (part.kind === 'number') return '[\\d\\s,.]+';
        if (part.kind === 'arg') return '[\\s\\S]*';
        return `(?:${[...part.options.values()].map(of).join('|')})`;
      })
      .join('');
  return of(parseMessage(source));
}

/** The fixed texts of an ICU string: what stays the same whatever its arguments (plural forms included). */
export function fixedParts(source: string): string[] {
  const found: string[] = [];
  const visit = (parts: Part[]) => {
    for (const part of parts) {
      if (part.kind === 'text') found.push(part.text);
      if (part.kind === 'plural') for (const option of part.options.values()) visit(option);
    }
  };
  visit(parseMessage(source));
  return found;
}
