import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Expression } from 'adaptive-expressions';
import ts from 'typescript';
import { ACTION_HANDLERS } from '../../bot/conversation/actions';
import { COMMAND_VERB } from '../../bot/conversation/conversation';

/**
 * The card templates (cards/*.json) against the code, both read from the files: every verb a button
 * sends has a handler, every handler's verb is on some card, and every `${field}` a template reads
 * exists in the typed data shape (cards/cardData.ts) it is rendered from, inside `$data` repeats too.
 */

const CARDS = path.join(__dirname, '..', '..', 'cards');
const templates = new Map(
  readdirSync(CARDS)
    .filter((file) => file.endsWith('.json'))
    .map((file) => [file, JSON.parse(readFileSync(path.join(CARDS, file), 'utf8')) as unknown]),
);

/** Every value of `key` anywhere in `json`. */
function valuesOf(json: unknown, key: string): unknown[] {
  if (Array.isArray(json)) return json.flatMap((item) => valuesOf(item, key));
  if (!json || typeof json !== 'object') return [];
  return Object.entries(json).flatMap(([name, value]) => [
    ...(name === key ? [value] : []),
    ...valuesOf(value, key),
  ]);
}

/** The data shapes of cardData.ts, read by the TypeScript compiler: field → its type. */
const program = ts.createProgram([path.join(CARDS, 'cardData.ts')], { strict: true });
const checker = program.getTypeChecker();
const dataShapes = new Map<string, ts.Type>();
ts.forEachChild(program.getSourceFile(path.join(CARDS, 'cardData.ts'))!, (node) => {
  if (ts.isInterfaceDeclaration(node)) dataShapes.set(node.name.text, checker.getTypeAtLocation(node));
});

/** The verbs a `verb` value can be: itself, or for `${field}` the string literals of that field's type. */
function verbsOf(verb: unknown): unknown[] {
  const field = typeof verb === 'string' ? /^\$\{(\w+)\}$/.exec(verb)?.[1] : undefined;
  if (!field) return [verb];
  const types = [...dataShapes.values()].flatMap((shape) => {
    const symbol = shape.getProperty(field);
    return symbol ? [checker.getTypeOfSymbol(symbol)] : [];
  });
  const literals = types
    .flatMap((type) => (type.isUnion() ? type.types : [type]))
    .map((type) => (type.isStringLiteral() ? type.value : undefined));
  // A field that is a plain string could send anything: it stays, unhandled, and fails the check.
  return literals.length && literals.every((value) => value !== undefined) ? literals : [verb];
}

describe('verbs', () => {
  // A verb given by the data (`"verb": "${verb}"`) is any of its field's string literal type.
  const cardVerbs = new Set(
    [...templates.values()].flatMap((card) => valuesOf(card, 'verb')).flatMap(verbsOf),
  );

  test('the templates have buttons to check', () => {
    expect(cardVerbs.size).toBeGreaterThan(5);
  });

  test('every verb a card sends has a handler', () => {
    const handled = new Set([...ACTION_HANDLERS.keys(), COMMAND_VERB]);
    expect([...cardVerbs].filter((verb) => !handled.has(verb as string))).toEqual([]);
  });

  test('every handler answers a verb some card sends', () => {
    expect([...ACTION_HANDLERS.keys()].filter((verb) => !cardVerbs.has(verb))).toEqual([]);
  });
});

/**
 * Which template each shape renders, as cards/index.ts binds them: `cardTemplate<Shape>(imported json)`
 * or `repeatingCardTemplate<Shape, 'field'>(imported json, 'field')`.
 */
function shapeOfTemplate(): Map<string, string> {
  const index = readFileSync(path.join(CARDS, 'index.ts'), 'utf8');
  const files = new Map([...index.matchAll(/import (\w+) from '\.\/(\w+\.json)'/g)].map((m) => [m[1], m[2]]));
  return new Map(
    [...index.matchAll(/(?:repeatingCardTemplate|cardTemplate)<(\w+)(?:, '\w+')?>\((\w+)[,)]/g)].map(
      (m) => [files.get(m[2])!, m[1]] as const,
    ),
  );
}

/** The fields `${…}` expressions in `json` read that `scope` (the data in view there) lacks. */
function unknownFields(json: unknown, scope: ts.Type, root: ts.Type, at = ''): string[] {
  if (Array.isArray(json)) return json.flatMap((item, i) => unknownFields(item, scope, root, `${at}[${i}]`));
  if (typeof json === 'string') {
    return [...json.matchAll(/\$\{([^}]*)\}/g)].flatMap((match) =>
      Expression.parse(match[1])
        .references()
        .filter((reference) => {
          const [first, second] = reference.split(/[.[]/);
          if (first === '$data') return false;
          if (first === '$root') return !root.getProperty(second);
          return !scope.getProperty(first);
        })
        .map((reference) => `${at}: ${reference}`),
    );
  }
  if (!json || typeof json !== 'object') return [];
  const object = json as Record<string, unknown>;
  let inner = scope;
  const problems: string[] = [];
  if (typeof object.$data === 'string') {
    problems.push(...unknownFields(object.$data, scope, root, `${at}.$data`));
    const repeated = /^\$\{(\w+)\}$/.exec(object.$data)?.[1];
    const element = repeated && scope.getProperty(repeated);
    if (element) inner = checker.getTypeOfSymbol(element).getNumberIndexType() ?? inner;
  }
  for (const [name, value] of Object.entries(object)) {
    if (name !== '$data') problems.push(...unknownFields(value, inner, root, `${at}.${name}`));
  }
  return problems;
}

describe('template fields', () => {
  const bound = shapeOfTemplate();

  test('every template is bound to a data shape', () => {
    expect([...templates.keys()].filter((file) => !dataShapes.has(bound.get(file) ?? ''))).toEqual([]);
  });

  test.each([...templates.keys()])('%s reads only fields of its data shape', (file) => {
    const shape = dataShapes.get(bound.get(file)!)!;
    expect(unknownFields(templates.get(file), shape, shape)).toEqual([]);
  });

  test('a field the shape lacks, at the top or inside a repeat, is found', () => {
    const shape = dataShapes.get('ListCardData')!;
    const card = {
      body: [
        { type: 'TextBlock', text: '${title} ${subtitel}' },
        { $data: '${apps}', type: 'TextBlock', text: '${name} ${seats} ${title}', $when: "${warning != ''}" },
        { $data: '${lines}', type: 'TextBlock', text: '${$data}' },
      ],
    };
    expect(unknownFields(card, shape, shape)).toEqual([
      '.body[0].text: subtitel',
      '.body[1].text: title',
      '.body[2].$data: lines',
    ]);
  });
});
