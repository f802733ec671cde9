import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importGraph, importLoops, typeScriptFiles } from '../harness/importGraph';

/** The folders of bot/ import one way: no file reaches itself again through its imports. */

const ROOT = path.join(__dirname, '..', '..');

function sourcesUnder(dir: string): Map<string, string> {
  return new Map(
    typeScriptFiles(path.join(ROOT, dir)).map((file) => [
      path.relative(ROOT, file),
      readFileSync(file, 'utf8'),
    ]),
  );
}

test('finds a loop through type imports, re-exports and index files, and none in a chain', () => {
  const loop = new Map([
    ['bot/a/one.ts', "import type { Two } from '../b';\nexport const one = 1;"],
    ['bot/b/index.ts', "export { two } from './two.js';"],
    ['bot/b/two.ts', "import { one } from '../a/one';\nexport const two = one;"],
    ['bot/c.ts', "import { two } from './b';"],
  ]);
  expect(importLoops(importGraph(loop))).toEqual([['bot/a/one.ts', 'bot/b/index.ts', 'bot/b/two.ts']]);
  loop.set('bot/b/two.ts', 'export const two = 2;');
  expect(importLoops(importGraph(loop))).toEqual([]);
});

test('no import loop under bot/', () => {
  const sources = sourcesUnder('bot');
  const graph = importGraph(sources);
  // The reading works on the real tree: the composition root reaches the conversation.
  expect(graph.get(path.join('bot', 'app.ts'))).toContain(
    path.join('bot', 'conversation', 'conversation.ts'),
  );
  expect(importLoops(graph)).toEqual([]);
});
