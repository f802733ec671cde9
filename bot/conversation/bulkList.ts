import { cleanName } from './parse';

/**
 * "assign Contoso CRM to" followed by a pasted list: one entry per line, or separated by commas or
 * semicolons (Outlook's "Bob Kelly <bob@contoso.com>; …" too); names, addresses or groups. Read from
 * the raw text, before it is tidied into one line for the other commands.
 */

/** Most entries one list may hold (the ledger's most principals per change). */
export const MAX_BULK_ENTRIES = 1000;

/** A list longer than the admin center takes at once (20) is a bulk list, whatever its layout. */
const INLINE_LIST_MAX = 20;

/** The words that open a bulk assign, and those between the app and the list. */
const LEADS = new Set(['assign', 'give', 'attribuer', 'assigner']);
const SEPARATORS = new Set(['to', 'à', 'a', 'au', 'aux']);

export interface BulkRequest {
  /** The ways the first line splits into an app and the start of the list, most likely first. */
  splits: { appText: string; entries: string[] }[];
}

/** The raw message as lines of plain text: Teams may send a pasted list as HTML paragraphs. */
function plainLines(raw: string): string[] {
  return raw
    .slice(0, 200_000)
    .replace(/<at[^>]*>.*?<\/at>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(?:p|div|li)>/gi, '\n')
    .replace(/<\/?[a-z][a-z0-9-]*(?:\s[^<>]{0,200})?\/?>/gi, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim());
}

/** One entry as pasted: bullets, numbering and quotes off; "Name <address>" is the address. */
export function cleanEntry(text: string): string {
  const address = /<([^<>\s]+@[^<>\s]+)>/.exec(text);
  if (address) return address[1];
  return cleanName(text.replace(/^(?:[-*•·]|\d{1,4}[.)])\s+/, '').replace(/^(?:and|et)\s+/i, ''));
}

function entriesOf(texts: string[]): string[] {
  const seen = new Set<string>();
  const entries: string[] = [];
  for (const text of texts.flatMap((line) => line.split(/[;,]/))) {
    const entry = cleanEntry(text);
    if (!entry || seen.has(entry.toLowerCase())) continue;
    seen.add(entry.toLowerCase());
    entries.push(entry);
  }
  return entries;
}

/** The bulk request in a message, or undefined when it is not one (then it is an ordinary command). */
export function bulkRequestOf(raw: string): BulkRequest | undefined {
  const lines = plainLines(raw).filter(Boolean);
  const [first, ...others] = lines;
  if (!first) return undefined;
  const words = first.split(' ');
  if (!LEADS.has(words[0].toLowerCase())) return undefined;
  const splits: BulkRequest['splits'] = [];
  for (let i = 2; i < words.length + 1; i++) {
    if (!SEPARATORS.has((words[i - 1] ?? '').toLowerCase()) || i - 1 < 2) continue;
    const appText = cleanName(words.slice(1, i - 1).join(' '));
    const entries = entriesOf([words.slice(i).join(' '), ...others]);
    splits.push({ appText, entries });
  }
  const [likely] = splits;
  if (!likely || likely.entries.length === 0) return undefined;
  return others.length > 0 || likely.entries.length > INLINE_LIST_MAX ? { splits } : undefined;
}
