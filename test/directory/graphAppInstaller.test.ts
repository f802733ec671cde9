import { GraphAppInstaller } from '../../bot/directory/graphAppInstaller';
import { createLogger } from '../../bot/logger';
import { FixedTokenCredential, TENANT, idOf, org } from './fixtures';
import { GraphEmulator } from './graphEmulator';

const emulator = new GraphEmulator(org);
beforeAll(() => emulator.start());
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

const installer = () =>
  new GraphAppInstaller({
    credentialFor: (tenantId) => new FixedTokenCredential(`token-for-${tenantId}`),
    teamsAppId: 'license-desk-catalog-id',
    baseUrl: emulator.baseUrl,
    logger: createLogger('silent'),
  });

test('installs the app for the user through Graph, binding the catalog app, with the tenant’s token', async () => {
  const bob = idOf('Bob Kelly');
  expect(await installer().installFor(TENANT, bob)).toBe(true);
  const [request] = emulator.seen(`/v1.0/users/${bob}/teamwork/installedApps`);
  expect(request.method).toBe('POST');
  expect(request.authorization).toBe(`Bearer token-for-${TENANT}`);
  expect(emulator.installedApps.get(bob)).toBe(
    `${emulator.baseUrl}/v1.0/appCatalogs/teamsApps/license-desk-catalog-id`,
  );
});

test('already installed (409) counts as installed; a missing permission (403) or an unknown user (404) does not', async () => {
  const bob = idOf('Bob Kelly');
  await installer().installFor(TENANT, bob);
  expect(await installer().installFor(TENANT, bob)).toBe(true);
  expect(await installer().installFor(TENANT, '99999999-0000-4000-8000-000000000000')).toBe(false);
  emulator.behaviour.forbidden.add('/v1.0/users');
  expect(await installer().installFor(TENANT, idOf('Megan Bowen'))).toBe(false);
});
