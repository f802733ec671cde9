'use strict';
/**
 * The playground's config (.m365agentsplayground.yml) with another current user, and who a config's
 * current user is in the sample organisation. The file is simple YAML (two-space indents, one
 * `key: value` per line), handled line by line. The playground's schema wants exactly 5 other users:
 * a user already among them swaps places with the current one; anyone else simply replaces the current
 * user. Its field is spelled `userPrincipleName`.
 */

const ROLE_NAMES = {
  '62e90394-69f5-4237-9190-012177145e10': 'Global admin',
  '4d6ac14f-3453-41d0-bef9-a3e0c569773a': 'License admin',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User admin',
};

/** The config's fields for a user of the sample directory (data/sample/directory.json). */
function playgroundFields(user) {
  return [
    ['id', user.id],
    ['name', user.displayName],
    ['userPrincipleName', user.userPrincipalName],
    ['aadObjectId', user.id],
    ['givenName', user.givenName],
    ['surname', user.surname],
    ['email', user.mail],
  ];
}

function fieldsOf(lines) {
  return lines.map((line) => {
    const match = /^\s*(?:- )?([A-Za-z]+):\s*(.*)$/.exec(line);
    if (!match) throw new Error(`unexpected line in the playground config: ${line}`);
    return [match[1], match[2]];
  });
}

/** [start, end) of the `currentUser:` block. */
function currentBlock(lines) {
  const start = lines.indexOf('currentUser:');
  if (start < 0) throw new Error('the playground config has no currentUser');
  let end = start + 1;
  while (end < lines.length && lines[end].startsWith('  ')) end++;
  return [start, end];
}

/** The aadObjectId of the config's current user. */
function currentUserIdOf(yml) {
  const lines = yml.split('\n');
  const [start, end] = currentBlock(lines);
  const field = fieldsOf(lines.slice(start + 1, end)).find(([key]) => key === 'aadObjectId');
  if (!field) throw new Error('the playground config’s currentUser has no aadObjectId');
  return field[1];
}

/** `yml` with `user` (an entry of the sample directory) as the current user. */
function withCurrentUser(yml, user) {
  const lines = yml.split('\n');
  const [currentStart, currentEnd] = currentBlock(lines);
  const current = fieldsOf(lines.slice(currentStart + 1, currentEnd));
  const asCurrent = playgroundFields(user).map(([key, value]) => `  ${key}: ${value}`);

  const itemStart = lines.findIndex((line) => line.trim() === `- id: ${user.id}`);
  const out = [...lines];
  if (itemStart >= 0) {
    let itemEnd = itemStart + 1;
    while (
      itemEnd < lines.length &&
      lines[itemEnd].startsWith('    ') &&
      !lines[itemEnd].trim().startsWith('-')
    ) {
      itemEnd++;
    }
    const asItem = current.map(([key, value], i) => `${i === 0 ? '  - ' : '    '}${key}: ${value}`);
    // Replace the later block first so the earlier indexes stay valid.
    if (itemStart > currentStart) out.splice(itemStart, itemEnd - itemStart, ...asItem);
    out.splice(currentStart + 1, currentEnd - currentStart - 1, ...asCurrent);
    if (itemStart < currentStart) out.splice(itemStart, itemEnd - itemStart, ...asItem);
  } else {
    out.splice(currentStart + 1, currentEnd - currentStart - 1, ...asCurrent);
  }
  return out.join('\n');
}

/** A user of the sample directory by address, display name or id (case and accents ignored). */
function findUser(directory, who) {
  const fold = (text) =>
    String(text || '')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .trim()
      .toLowerCase();
  const wanted = fold(who);
  return directory.users.find((user) =>
    [user.userPrincipalName, user.mail, user.displayName, user.id].some((value) => fold(value) === wanted),
  );
}

/** "License admin", "Global admin and User admin", or undefined for someone with no admin role. */
function adminRoleOf(directory, userId) {
  const roles = directory.roleAssignments
    .filter((assignment) => assignment.principalId === userId && ROLE_NAMES[assignment.roleTemplateId])
    .map((assignment) => ROLE_NAMES[assignment.roleTemplateId]);
  return roles.length ? roles.join(' and ') : undefined;
}

module.exports = { adminRoleOf, currentUserIdOf, findUser, withCurrentUser };
