/**
 * The part of ICU MessageFormat our strings use: `{name}` arguments and
 * `{count, plural, =0 {…} one {…} other {…}}` with `#` for the number, nested as needed. Categories
 * come from `Intl.PluralRules` (English: one = 1; French: one = 0 and 1, many = millions), so a
 * translator writes what the language needs and `other` covers the rest. No apostrophe quoting:
 * braces are always syntax, an apostrophe is always text.
 */
export type Part =
  | { kind: 'text'; text: string }
  | { kind: 'arg'; name: string }
  | { kind: 'number' }
  | { kind: 'plural'; name: string; options: Map<string, Part[]> };

export type Params = Record<string, string | number>;

const CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

/** Parses `source`; throws on a syntax error, naming where (strings are checked by the tests). */
export function parseMessage(source: string): Part[] {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${at} in “${source}”`);
  };
  const skipSpaces = () => {
    while (/\s/.test(source[at] ?? '')) at++;
  };
  const word = (): string => {
    const match = /^[=\w]+/.exec(source.slice(at));
    if (!match) fail('a name was expected');
    at += match![0].length;
    return match![0];
  };

  const parts = (inPlural: boolean): Part[] => {
    const out: Part[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push({ kind: 'text', text });
      text = '';
    };
    while (at < source.length) {
      const c = source[at];
      if (c === '}') break;
      if (c === '#' && inPlural) {
        flush();
        out.push({ kind: 'number' });
        at++;
      } else if (c === '{') {
        flush();
        at++;
        out.push(argument());
      } else {
        text += c;
        at++;
      }
    }
    flush();
    return out;
  };

  const argument = (): Part => {
    skipSpaces();
    const name = word();
    skipSpaces();
    if (source[at] === '}') {
      at++;
      return { kind: 'arg', name };
    }
    if (source[at] !== ',') fail('“,” or “}” was expected');
    at++;
    skipSpaces();
    if (word() !== 'plural') fail('only “plural” is supported');
    skipSpaces();
    if (source[at] !== ',') fail('“,” was expected');
    at++;
    const options = new Map<string, Part[]>();
    for (;;) {
      skipSpaces();
      if (source[at] === '}') break;
      const selector = word();
      if (!/^=\d+$/.test(selector) && !CATEGORIES.has(selector))
        fail(`unknown plural category “${selector}”`);
      skipSpaces();
      if (source[at] !== '{') fail('“{” was expected');
      at++;
      options.set(selector, parts(true));
      if (source[at] !== '}') fail('“}” was expected');
      at++;
    }
    at++;
    if (!options.has('other')) fail(`the plural of “${name}” needs an “other” case`);
    return { kind: 'plural', name, options };
  };

  const result = parts(false);
  if (at < source.length) fail('unbalanced “}”');
  return result;
}

/** Every argument a message reads, and which of them choose a plural form. */
export function argumentsOf(parts: Part[]): { names: Set<string>; plurals: Set<string> } {
  const names = new Set<string>();
  const plurals = new Set<string>();
  const visit = (list: Part[]) => {
    for (const part of list) {
      if (part.kind === 'arg') names.add(part.name);
      if (part.kind === 'plural') {
        names.add(part.name);
        plurals.add(part.name);
        for (const option of part.options.values()) visit(option);
      }
    }
  };
  visit(parts);
  return { names, plurals };
}

/**
 * The message with `params` filled in. A missing argument stays visible as `{name}` (and a plural
 * without its number takes `other`), rather than silently dropping words.
 */
export function formatMessage(parts: Part[], rules: Intl.PluralRules, params: Params): string {
  const render = (list: Part[], count: string): string =>
    list
      .map((part) => {
        switch (part.kind) {
          case 'text':
            return part.text;
          case 'number':
            return count;
          case 'arg':
            return part.name in params ? String(params[part.name]) : `{${part.name}}`;
          case 'plural': {
            const value = params[part.name];
            if (typeof value !== 'number') return render(part.options.get('other')!, `{${part.name}}`);
            const chosen =
              part.options.get(`=${value}`) ??
              part.options.get(rules.select(value)) ??
              part.options.get('other')!;
            return render(chosen, String(value));
          }
        }
      })
      .join('');
  return render(parts, '#');
}
