import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The graph of relative imports between TypeScript files, and its loops: the same reading as the
 * before-stop hook (every `import … from` and `export … from`, type-only ones included, since a
 * type import ties two files together as much as a value import does).
 */

const IMPORT = /(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/g;

/** Every .ts file under `dir`, as a path relative to the working directory. */
export function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** For each file, the files among `sources` it imports (`./x`, `./x.js` or `./x/index`). */
export function importGraph(sources: Map<string, string>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, text] of sources) {
    const targets: string[] = [];
    for (const match of text.matchAll(IMPORT)) {
      const base = path.normalize(path.join(path.dirname(file), match[1])).replace(/\.js$/, '');
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => sources.has(candidate));
      if (target) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The strongly connected components with more than one file (Tarjan): each is an import loop. */
export function importLoops(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1) loops.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return loops;
}
