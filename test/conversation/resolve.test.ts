import { parsePrincipal } from '../../bot/conversation/parse';
import { resolveApp, resolvePrincipal } from '../../bot/conversation/resolve';
import { loadConfig } from '../../bot/config/config';
import { createDirectory } from '../../bot/directory';
import type { CatalogApp } from '../../bot/licensing/model';
import { SAMPLE_TENANT } from '../harness/teamsClient';

/**
 * Name matching as a table: case, accents, a unique prefix, typos, ambiguity. Ambiguity is asked and
 * a typo suggested, never guessed. Principals are matched against the sample organisation.
 */

const app = (name: string, appId = name.toLowerCase().replace(/\W+/g, '-')): CatalogApp => ({
  appId,
  name,
  vendor: { name: 'Vendor', email: 'sales@vendor.example', website: 'https://vendor.example' },
  seatsPurchased: 10,
  installUrl: 'https://vendor.example/install',
});
const CATALOG = [
  app('Contoso CRM'),
  app('Contoso Analytics'),
  app('Fabrikam Expenses'),
  app('Northwind Timesheets'),
  app('Litware Sondages'),
  app('Éditeur Pro'),
  app('Time to Market'),
];

describe('apps', () => {
  const outcome = (text: string) => {
    const resolution = resolveApp(CATALOG, text);
    return resolution.kind === 'found'
      ? ['found', resolution.value.name]
      : resolution.kind === 'notFound'
        ? ['notFound']
        : [resolution.kind, ...resolution.candidates.map((a) => a.name)];
  };

  test.each([
    ['Contoso CRM', ['found', 'Contoso CRM']],
    ['contoso crm', ['found', 'Contoso CRM']],
    ['  CONTOSO   CRM ', ['found', 'Contoso CRM']],
    ['contoso-crm', ['found', 'Contoso CRM']], // the app id
    ['editeur pro', ['found', 'Éditeur Pro']], // accents
    ['ÉDITEUR', ['found', 'Éditeur Pro']],
    ['Fab', ['found', 'Fabrikam Expenses']], // unique prefix
    ['Timesheets', ['found', 'Northwind Timesheets']], // unique word prefix
    ['Sond', ['found', 'Litware Sondages']],
    ['Time to Market', ['found', 'Time to Market']],
    ['Contoso', ['ambiguous', 'Contoso CRM', 'Contoso Analytics']], // asked, never guessed
    ['Contso CRM', ['suggest', 'Contoso CRM']], // typo
    ['Fabrikam Expences', ['suggest', 'Fabrikam Expenses']],
    ['Nortwind', ['suggest', 'Northwind Timesheets']],
    ['Adventure Works', ['notFound']],
    ['', ['notFound']],
  ])('%p', (text, expected) => {
    expect(outcome(text)).toEqual(expected);
  });
});

describe('users and groups of the sample organisation', () => {
  const directory = createDirectory(loadConfig({}).directory);
  const outcome = async (text: string) => {
    const resolution = await resolvePrincipal(directory, SAMPLE_TENANT, parsePrincipal(text));
    return resolution.kind === 'found'
      ? ['found', resolution.value.displayName]
      : resolution.kind === 'notFound'
        ? ['notFound']
        : [resolution.kind, ...resolution.candidates.map((p) => p.displayName).sort()];
  };

  test.each([
    ['Bob Kelly', ['found', 'Bob Kelly']],
    ['bob kelly', ['found', 'Bob Kelly']],
    ['bob@contoso.com', ['found', 'Bob Kelly']],
    ['BOB@CONTOSO.COM', ['found', 'Bob Kelly']],
    ['Emilie Dubois', ['found', 'Émilie Dubois']], // accents
    ['francois lefevre', ['found', 'François Lefèvre']],
    ['Megan', ['found', 'Megan Bowen']], // unique prefix
    ['Sales group', ['found', 'Sales']],
    ['groupe Ventes', ['found', 'Ventes France']],
    ['All Staff', ['found', 'All Staff']],
    ['Al', ['ambiguous', 'Alex Wilber', 'Alice Durand', 'All Staff']], // asked, never guessed
    ['Meagn Bowen', ['suggest', 'Megan Bowen']], // typo
    ['Marketting group', ['suggest', 'Marketing']],
    ['Zed Nobody', ['notFound']],
  ])('%p', async (text, expected) => {
    expect(await outcome(text)).toEqual(expected);
  });
});
