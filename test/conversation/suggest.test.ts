import type { CatalogApp } from '../../bot/licensing/model';
import { nearestCommands } from '../../bot/conversation/suggest';

const app = (appId: string, name: string) => ({ appId, name }) as CatalogApp;
const CATALOG = [
  app('contoso-crm', 'Contoso CRM'),
  app('fabrikam-expenses', 'Fabrikam Expenses'),
  app('litware-sondages', 'Litware Sondages'),
];
const catalog = async () => CATALOG;

test.each([
  ['detials Contoso CRM', 'en', ['details Contoso CRM']],
  ['détials Contoso CRM', 'fr', ['détails Contoso CRM']],
  ['licnses', 'en', ['licenses']],
  ['asign Contoso CRM to Lidia Holloway', 'en', ['assign Contoso CRM to Lidia Holloway']],
  ['hsitory Fabrikam Expenses', 'en', ['history Fabrikam Expenses']],
  ['Contoso CRM', 'en', ['details Contoso CRM']],
  ['contso crm?', 'en', ['details Contoso CRM']],
  ['tell me about fabrikam', 'en', ['details Fabrikam Expenses']],
  ['les sondages litware', 'fr', ['détails Litware Sondages']],
  ['how are you', 'en', []],
  ['what is the weather', 'en', []],
  ['bonjour', 'fr', []],
  // A paragraph is no mistyped command, even if it names an app.
  [`${'please tell me more about the licenses we have '.repeat(3)}contoso crm`, 'en', []],
])('%s (%s) → %j', async (text, language, expected) => {
  expect(await nearestCommands(text, language as 'en' | 'fr', catalog)).toEqual(expected);
});

test('the catalog is not read when a command word was only misspelt', async () => {
  const read = jest.fn(catalog);
  expect(await nearestCommands('licnses', 'en', read)).toEqual(['licenses']);
  expect(read).not.toHaveBeenCalled();
});
