import { ConfigError, loadConfig } from '../../bot/config/config';

const APP_ID = '5d3f1c2a-1b2c-4d5e-8f90-123456789abc';

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('configuration was accepted');
}

test('no variables: embedded Cosmos, sample directory, unauthenticated on loopback', () => {
  const config = loadConfig({});
  expect(config.port).toBe(3978);
  expect(config.host).toBe('127.0.0.1');
  expect(config.bot).toBeUndefined();
  expect(config.cosmos).toMatchObject({
    mode: 'embedded',
    databaseId: 'license-desk',
    containerId: 'licenses',
  });
  expect(config.directory.source).toBe('sample');
  expect(config.confirmationTtlSeconds).toBe(900);
  expect(config.typingDelayMs).toBe(300);
  expect(config.catalogCacheSeconds).toBe(5);
  expect(loadConfig({ CATALOG_CACHE_SECONDS: '0' }).catalogCacheSeconds).toBe(0);
  expect(loadConfig({ TYPING_DELAY_MS: '0' }).typingDelayMs).toBe(0);
});

test('a Cosmos endpoint means Azure Cosmos DB and never the embedded server', () => {
  const config = loadConfig({ COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/', COSMOS_KEY: 'k' });
  expect(config.cosmos).toMatchObject({
    mode: 'azure',
    endpoint: 'https://acct.documents.azure.com:443',
    key: 'k',
  });
  expect(config.sampleCatalogFile).toBeUndefined();
});

test('with a bot identity the server listens on all interfaces and requires its secrets', () => {
  const config = loadConfig({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'p',
    DIALOG_TOKEN_SECRET: 'x'.repeat(32),
  });
  expect(config.host).toBe('0.0.0.0');
  expect(config.bot).toMatchObject({ appId: APP_ID, appType: 'MultiTenant' });
});

test.each([
  [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535 (got "eighty")'],
  [{ MicrosoftAppId: 'not-a-guid' }, 'MicrosoftAppId must be a GUID (got "not-a-guid")'],
  [{ MicrosoftAppId: APP_ID }, 'MicrosoftAppPassword is required when MicrosoftAppId is set'],
  [
    { MicrosoftAppId: APP_ID, MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'p' },
    'MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant',
  ],
  [
    { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'p', DIALOG_TOKEN_SECRET: 'short' },
    'DIALOG_TOKEN_SECRET must be at least 32',
  ],
  [{ COSMOS_ENDPOINT: 'ftp://x' }, 'COSMOS_ENDPOINT must be an http(s) URL'],
  [{ DIRECTORY_SOURCE: 'ldap' }, 'DIRECTORY_SOURCE must be one of sample, graph (got "ldap")'],
  [{ DIRECTORY_SOURCE: 'graph' }, 'GRAPH_CLIENT_ID is required when DIRECTORY_SOURCE is graph'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
  [{ CONFIRMATION_TTL_SECONDS: '0' }, 'CONFIRMATION_TTL_SECONDS must be a whole number from 1'],
  [{ TYPING_DELAY_MS: '-1' }, 'TYPING_DELAY_MS must be a whole number from 0 to 60000 (got "-1")'],
  [{ TYPING_DELAY_MS: '0.5' }, 'TYPING_DELAY_MS must be a whole number from 0'],
])('a wrong value stops with a message naming the variable: %j', (env, expected) => {
  expect(refusal(env)).toContain(expected);
});

test('background jobs: the sweep interval and the claim lease, whole seconds within bounds', () => {
  expect(loadConfig({}).jobs).toEqual({ sweepIntervalSeconds: 900, leaseSeconds: 60 });
  expect(loadConfig({ SWEEP_INTERVAL_SECONDS: '30', JOB_LEASE_SECONDS: '10' }).jobs).toEqual({
    sweepIntervalSeconds: 30,
    leaseSeconds: 10,
  });
  expect(refusal({ SWEEP_INTERVAL_SECONDS: '0' })).toMatch(/SWEEP_INTERVAL_SECONDS/);
  expect(refusal({ JOB_LEASE_SECONDS: 'soon' })).toMatch(/JOB_LEASE_SECONDS/);
});

test('notices: the overall rate and the job interval within bounds; installing the app needs Graph and the catalog id', () => {
  expect(loadConfig({}).notices).toEqual({ ratePerSecond: 10, intervalSeconds: 30 });
  expect(loadConfig({ NOTICE_RATE_PER_SECOND: '3', NOTICE_INTERVAL_SECONDS: '5' }).notices).toEqual({
    ratePerSecond: 3,
    intervalSeconds: 5,
  });
  expect(refusal({ NOTICE_RATE_PER_SECOND: '0' })).toMatch(/NOTICE_RATE_PER_SECOND/);
  expect(refusal({ NOTICE_INTERVAL_SECONDS: 'soon' })).toMatch(/NOTICE_INTERVAL_SECONDS/);
  expect(refusal({ NOTICE_INSTALL_APP: 'yes' })).toMatch(/NOTICE_INSTALL_APP/);
  expect(refusal({ NOTICE_INSTALL_APP: 'true' })).toMatch(/NOTICE_INSTALL_APP.*graph/i);
  const graph = {
    DIRECTORY_SOURCE: 'graph',
    GRAPH_CLIENT_ID: APP_ID,
    GRAPH_CLIENT_SECRET: 'not-a-real-secret',
    NOTICE_INSTALL_APP: 'true',
  };
  expect(refusal(graph)).toMatch(/TEAMS_APP_CATALOG_ID/);
  expect(
    loadConfig({ ...graph, TEAMS_APP_CATALOG_ID: 'a1b2c3d4-0000-4000-8000-000000000000' }).notices,
  ).toEqual({
    ratePerSecond: 10,
    intervalSeconds: 30,
    installAppCatalogId: 'a1b2c3d4-0000-4000-8000-000000000000',
  });
});
