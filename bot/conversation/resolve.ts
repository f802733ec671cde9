import { normalizeName, type Directory, type Principal } from '../directory/directory';
import type { CatalogApp } from '../licensing/model';
import type { PrincipalQuery } from './parse';

/** How a name the user typed maps to things that exist. Ambiguity is asked, never guessed. */
export type Resolution<T> =
  | { kind: 'found'; value: T }
  | { kind: 'ambiguous'; text: string; candidates: T[] }
  | { kind: 'suggest'; text: string; candidates: T[] }
  | { kind: 'notFound'; text: string };

const MAX_CHOICES = 5;

/** Edit distance, giving up (returning limit + 1) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/** How many typos a name of this length may carry and still be suggested. */
function typoAllowance(text: string): number {
  return text.length <= 4 ? 1 : text.length <= 9 ? 2 : 3;
}

/** Distance of the typed text to a name, to the name's prefix of the same length, or to one of its words. */
function closeness(typed: string, name: string): number {
  const limit = typoAllowance(typed);
  const candidates = [name, name.slice(0, typed.length), ...name.split(' ')];
  return Math.min(...candidates.map((candidate) => editDistance(typed, candidate, limit)));
}

function suggestions<T>(typed: string, items: T[], nameOf: (item: T) => string): T[] {
  const limit = typoAllowance(typed);
  return items
    .map((item) => ({ item, distance: closeness(typed, normalizeName(nameOf(item))) }))
    .filter((s) => s.distance <= limit)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, MAX_CHOICES)
    .map((s) => s.item);
}

export function resolveApp(catalog: CatalogApp[], text: string): Resolution<CatalogApp> {
  const typed = normalizeName(text);
  if (!typed) return { kind: 'notFound', text };
  const named = catalog.map((app) => ({ app, name: normalizeName(app.name) }));
  const exact = named.filter((n) => n.name === typed || n.app.appId.toLowerCase() === typed);
  if (exact.length === 1) return { kind: 'found', value: exact[0].app };
  const prefixed = named.filter((n) => n.name.startsWith(typed));
  if (prefixed.length === 1) return { kind: 'found', value: prefixed[0].app };
  if (prefixed.length > 1)
    return { kind: 'ambiguous', text, candidates: prefixed.slice(0, MAX_CHOICES).map((n) => n.app) };
  const wordPrefixed = named.filter((n) => n.name.split(' ').some((word) => word.startsWith(typed)));
  if (wordPrefixed.length === 1) return { kind: 'found', value: wordPrefixed[0].app };
  if (wordPrefixed.length > 1) {
    return { kind: 'ambiguous', text, candidates: wordPrefixed.slice(0, MAX_CHOICES).map((n) => n.app) };
  }
  const near = suggestions(typed, catalog, (app) => app.name);
  return near.length ? { kind: 'suggest', text, candidates: near } : { kind: 'notFound', text };
}

export async function resolvePrincipal(
  directory: Directory,
  tenantId: string,
  query: PrincipalQuery,
): Promise<Resolution<Principal>> {
  const { text } = query;
  const typed = normalizeName(text);
  if (!typed) return { kind: 'notFound', text };
  const kinds = query.kind ? [query.kind] : undefined;
  const exact = await directory.resolvePrincipal(tenantId, text, { kinds });
  if (exact.length === 1) return { kind: 'found', value: exact[0] };
  if (exact.length > 1) return { kind: 'ambiguous', text, candidates: exact.slice(0, MAX_CHOICES) };

  const prefixed = await directory.searchPrincipals(tenantId, text, { kinds, limit: 10 });
  if (prefixed.length === 1) return { kind: 'found', value: prefixed[0] };
  if (prefixed.length > 1) {
    const wholeNamePrefix = prefixed.filter((p) => normalizeName(p.displayName).startsWith(typed));
    if (wholeNamePrefix.length === 1) return { kind: 'found', value: wholeNamePrefix[0] };
    return { kind: 'ambiguous', text, candidates: prefixed.slice(0, MAX_CHOICES) };
  }

  // A typo: look among names that start like any word typed, and keep the close ones.
  const starts = new Set(typed.split(' ').map((word) => word.slice(0, 1)));
  const pool = new Map<string, Principal>();
  for (const start of starts) {
    for (const p of await directory.searchPrincipals(tenantId, start, { kinds, limit: 500 }))
      pool.set(p.id, p);
  }
  const near = suggestions(typed, [...pool.values()], (p) => p.displayName);
  return near.length ? { kind: 'suggest', text, candidates: near } : { kind: 'notFound', text };
}
