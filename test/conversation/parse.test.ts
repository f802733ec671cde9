import {
  cleanName,
  cleanText,
  parseCommand,
  parsePrincipal,
  splitPrincipals,
} from '../../bot/conversation/parse';

/**
 * The parser as a table: phrases in both languages, French elisions and articles, separators, and
 * app names that contain a separator word. The protocol tests (commands.test.ts) show the same
 * through /api/messages; these say exactly how each text splits.
 */

const split = (appText: string, principalsText: string) => ({ appText, principalsText });

describe('commands and how they split', () => {
  test.each([
    // [text, intent, rest, splits]
    ['help', 'help', '', []],
    ['???', 'help', '', []],
    ['aide', 'help', '', []],
    ['Licences', 'list', '', []],
    ['liste des licences', 'list', '', []],
    ['details Contoso CRM', 'details', 'Contoso CRM', []],
    ['détails de Contoso CRM', 'details', 'Contoso CRM', []],
    ['DETAILS “Contoso CRM”.', 'details', 'Contoso CRM', []],
    ['install Contoso CRM', 'install', 'Contoso CRM', []],
    ["lien d'installation Contoso CRM", 'install', 'Contoso CRM', []],
    ['lien d’installation Contoso CRM', 'install', 'Contoso CRM', []],
    ['contacter l’éditeur Contoso CRM', 'seats', 'Contoso CRM', []],
    // The longest phrase wins: these are about seats, not unassigning.
    ['remove licenses from Contoso CRM', 'seats', 'Contoso CRM', []],
    ['ajouter des licences à Contoso CRM', 'seats', 'Contoso CRM', []],
    ['history Contoso CRM', 'history', 'Contoso CRM', []],
    ['assign Contoso CRM', 'assign', 'Contoso CRM', []],
    [
      'assign Contoso CRM to Sales group, bob@contoso.com and Megan Bowen',
      'assign',
      'Contoso CRM to Sales group, bob@contoso.com and Megan Bowen',
      [split('Contoso CRM', 'Sales group, bob@contoso.com and Megan Bowen')],
    ],
    ['assign licenses of Contoso CRM to Bob', 'assign', 'Contoso CRM to Bob', [split('Contoso CRM', 'Bob')]],
    // An app name with "to" in it: every place it could split, left to right; the resolver keeps
    // the first whose app exists.
    [
      'assign Time to Market to Bob Kelly',
      'assign',
      'Time to Market to Bob Kelly',
      [split('Time', 'Market to Bob Kelly'), split('Time to Market', 'Bob Kelly')],
    ],
    [
      'unassign Contoso CRM from Sales',
      'unassign',
      'Contoso CRM from Sales',
      [split('Contoso CRM', 'Sales')],
    ],
    [
      'remove Contoso CRM from bob@contoso.com',
      'unassign',
      'Contoso CRM from bob@contoso.com',
      [split('Contoso CRM', 'bob@contoso.com')],
    ],
    // French articles: au, à la, aux, du, des, and the elision d'.
    [
      'attribuer Contoso CRM au groupe Ventes France',
      'assign',
      'Contoso CRM au groupe Ventes France',
      [split('Contoso CRM', 'groupe Ventes France')],
    ],
    [
      'attribuer Contoso CRM à la Direction',
      'assign',
      'Contoso CRM à la Direction',
      [split('Contoso CRM', 'la Direction')],
    ],
    [
      'attribuer Contoso CRM aux Ventes France',
      'assign',
      'Contoso CRM aux Ventes France',
      [split('Contoso CRM', 'Ventes France')],
    ],
    [
      'attribuer Contoso CRM a Bob Kelly',
      'assign',
      'Contoso CRM a Bob Kelly',
      [split('Contoso CRM', 'Bob Kelly')],
    ],
    [
      'désattribuer Contoso CRM de Bob Kelly',
      'unassign',
      'Contoso CRM de Bob Kelly',
      [split('Contoso CRM', 'Bob Kelly')],
    ],
    [
      'retirer Contoso CRM du groupe Ventes France',
      'unassign',
      'Contoso CRM du groupe Ventes France',
      [split('Contoso CRM', 'groupe Ventes France')],
    ],
    [
      'retirer Contoso CRM des Ventes',
      'unassign',
      'Contoso CRM des Ventes',
      [split('Contoso CRM', 'Ventes')],
    ],
    [
      "retirer Contoso CRM d'Alice Durand",
      'unassign',
      "Contoso CRM d'Alice Durand",
      [split('Contoso CRM', 'Alice Durand')],
    ],
    [
      'retirer Contoso CRM d’Émilie Dubois',
      'unassign',
      "Contoso CRM d'Émilie Dubois",
      [split('Contoso CRM', 'Émilie Dubois')],
    ],
    // An app name with "de" in it, and the elision l' kept as written.
    [
      "retirer l'app Gestion de Projet de Bob",
      'unassign',
      "l'app Gestion de Projet de Bob",
      [split("l'app Gestion", 'Projet de Bob'), split("l'app Gestion de Projet", 'Bob')],
    ],
  ])('%s', (text, intent, rest, splits) => {
    expect(parseCommand(text)).toEqual({ intent, rest, splits });
  });

  test.each(['', '   ', 'hello there', 'assignment', 'unassigned Contoso CRM'])(
    '%p is no command',
    (text) => {
      expect(parseCommand(text)).toBeUndefined();
    },
  );
});

describe('principals', () => {
  test.each([
    ['Sales group', { text: 'Sales', kind: 'group' }],
    ['the Sales group', { text: 'Sales', kind: 'group' }],
    ['group All Staff', { text: 'All Staff', kind: 'group' }],
    ['le groupe Ventes France', { text: 'Ventes France', kind: 'group' }],
    ['groupe Ventes France', { text: 'Ventes France', kind: 'group' }],
    ['user Bob Kelly', { text: 'Bob Kelly', kind: 'user' }],
    ["l'utilisatrice Alice Durand", { text: 'Alice Durand', kind: 'user' }],
    ['bob@contoso.com', { text: 'bob@contoso.com', kind: 'user' }],
    ['“Bob Kelly”.', { text: 'Bob Kelly' }],
    ['Megan Bowen', { text: 'Megan Bowen' }],
  ])('%s', (raw, query) => {
    expect(parsePrincipal(raw)).toEqual(query);
  });

  const names = new Set(['research and development', 'recherche et développement']);
  const isName = async (piece: string) => names.has(piece.toLowerCase());

  test.each([
    ['alice@contoso.com, Bob Kelly and Marketing', ['alice@contoso.com', 'Bob Kelly', 'Marketing']],
    ['Bob Kelly; Alice Durand et Megan Bowen', ['Bob Kelly', 'Alice Durand', 'Megan Bowen']],
    ['Bob & Alice', ['Bob', 'Alice']],
    ['Bob, and Alice', ['Bob', 'Alice']],
    ['Bob,, ;Alice,', ['Bob', 'Alice']],
    // A name that contains the separator stays whole when the directory knows it.
    ['Research and Development, Bob', ['Research and Development', 'Bob']],
    ['Recherche et Développement', ['Recherche et Développement']],
    ['Sales and Marketing', ['Sales', 'Marketing']],
    ['', []],
  ])('%s', async (text, pieces) => {
    expect(await splitPrincipals(text, isName)).toEqual(pieces);
  });
});

describe('text as Teams sends it', () => {
  test.each([
    ['<at>Bob Kelly</at>  and&nbsp;Alice', 'Bob Kelly and Alice'],
    ['Tom &amp; Jerry &lt;3', 'Tom & Jerry <3'],
    ['<p>licenses</p>', 'licenses'],
    ['l’app\u200b\u0007 Contoso', "l'app Contoso"],
  ])('%p → %p', (raw, cleaned) => {
    expect(cleanText(raw)).toBe(cleaned);
  });

  test.each([
    ['“Contoso CRM”', 'Contoso CRM'],
    ['« Contoso CRM »', 'Contoso CRM'],
    ["'Contoso CRM'", 'Contoso CRM'],
    ['Contoso CRM!?', 'Contoso CRM'],
    ["O'Brien", "O'Brien"],
  ])('%p is the name %p', (raw, name) => {
    expect(cleanName(raw)).toBe(name);
  });
});
