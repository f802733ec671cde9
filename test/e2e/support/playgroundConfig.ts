/**
 * The repo's .m365agentsplayground.yml with another current user. The playground's schema wants
 * exactly 5 other users, so the chosen user and the current one swap places: the chosen user's entry
 * under `users:` becomes `currentUser:` and the previous current user takes its place in the list.
 * The file is simple YAML (two-space indents, one `key: value` per line), handled line by line.
 */

type Fields = [key: string, value: string][];

function fieldsOf(lines: string[]): Fields {
  return lines.map((line) => {
    const match = /^\s*(?:- )?([A-Za-z]+):\s*(.*)$/.exec(line);
    if (!match) throw new Error(`unexpected line in the playground config: ${line}`);
    return [match[1], match[2]];
  });
}

export function withCurrentUser(yml: string, userId: string): string {
  const lines = yml.split('\n');
  const currentStart = lines.indexOf('currentUser:');
  if (currentStart < 0) throw new Error('the playground config has no currentUser');
  let currentEnd = currentStart + 1;
  while (currentEnd < lines.length && lines[currentEnd].startsWith('  ')) currentEnd++;
  const current = fieldsOf(lines.slice(currentStart + 1, currentEnd));

  const itemStart = lines.findIndex((line) => line.trim() === `- id: ${userId}`);
  if (itemStart < 0) throw new Error(`user ${userId} is not among the playground config's users`);
  let itemEnd = itemStart + 1;
  while (
    itemEnd < lines.length &&
    lines[itemEnd].startsWith('    ') &&
    !lines[itemEnd].trim().startsWith('-')
  ) {
    itemEnd++;
  }
  const chosen = fieldsOf(lines.slice(itemStart, itemEnd));

  const asCurrent = chosen.map(([key, value]) => `  ${key}: ${value}`);
  const asItem = current.map(([key, value], i) => `${i === 0 ? '  - ' : '    '}${key}: ${value}`);
  const out = [...lines];
  // Replace the later block first so the earlier indexes stay valid.
  if (itemStart > currentStart) {
    out.splice(itemStart, itemEnd - itemStart, ...asItem);
    out.splice(currentStart + 1, currentEnd - currentStart - 1, ...asCurrent);
  } else {
    out.splice(currentStart + 1, currentEnd - currentStart - 1, ...asCurrent);
    out.splice(itemStart, itemEnd - itemStart, ...asItem);
  }
  return out.join('\n');
}
