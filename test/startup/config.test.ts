import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../bot/config/config';
import { KNOWN_VARIABLES } from '../../bot/config/knownVariables';
import { PUBLISHED_DIALOG_TOKEN_PLACEHOLDERS } from '../../bot/config/productionSafety';

const APP_ID = '5d3f1c2a-1b2c-4d5e-8f90-123456789abc';
/** A production configuration that passes every check: each test below breaks one thing. */
const PRODUCTION = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'p',
  DIALOG_TOKEN_SECRET: 'x'.repeat(32),
  PUBLIC_BASE_URL: 'https://licensedesk.contoso.com',
  COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/',
  DIRECTORY_SOURCE: 'graph',
};

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
  const config = loadConfig(PRODUCTION);
  expect(config.host).toBe('0.0.0.0');
  expect(config.bot).toMatchObject({ appId: APP_ID, appType: 'MultiTenant' });
  expect(config.directory.source).toBe('graph');
  expect(config.warnings).toEqual([]);
});

test('unauthenticated, the bot listens on loopback only', () => {
  for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) {
    expect(loadConfig({ HOST: host }).host).toBe(host);
  }
  for (const host of ['0.0.0.0', '::', '10.1.2.3', 'licensedesk.contoso.com']) {
    expect(refusal({ HOST: host })).toContain(
      `HOST is ${host} while MicrosoftAppId is not set: an unauthenticated bot must listen on loopback only`,
    );
  }
});

test('a variable that differs from a known one only by case is named: a warning, or a refusal when it leaves the bot open', () => {
  const misspelt = { MicrosoftAppID: APP_ID, MicrosoftAppPassword: 'p' };
  expect(refusal({ ...misspelt, HOST: '0.0.0.0' })).toBe(
    'Configuration error: MicrosoftAppID is not read (names are case-sensitive): rename it MicrosoftAppId. ' +
      'Without MicrosoftAppId the bot would answer unauthenticated on HOST=0.0.0.0',
  );
  const local = loadConfig({ ...misspelt, Port: '4000' });
  expect(local.bot).toBeUndefined();
  expect(local.host).toBe('127.0.0.1');
  expect(local.warnings).toEqual([
    'MicrosoftAppID is set, but License Desk reads MicrosoftAppId (names are case-sensitive): MicrosoftAppID is ignored',
    'Port is set, but License Desk reads PORT (names are case-sensitive): Port is ignored',
  ]);
});

test('an authenticated bot refuses what only local use may run on, each named with its fix', () => {
  const without = (name: keyof typeof PRODUCTION) => {
    const env: Record<string, string> = { ...PRODUCTION };
    delete env[name];
    return env;
  };
  expect(refusal(without('DIRECTORY_SOURCE'))).toContain(
    'DIRECTORY_SOURCE is sample (the fictitious Contoso organisation) while MicrosoftAppId is set: set DIRECTORY_SOURCE=graph',
  );
  expect(refusal({ ...PRODUCTION, DIRECTORY_SOURCE: 'sample' })).toContain('or ALLOW_SAMPLE_DATA=true');
  expect(refusal(without('COSMOS_ENDPOINT'))).toContain(
    'COSMOS_ENDPOINT is not set while MicrosoftAppId is set: the data would live in the embedded server on this machine only',
  );
  expect(refusal({ ...PRODUCTION, DIALOG_TOKEN_SECRET: PUBLISHED_DIALOG_TOKEN_PLACEHOLDERS[0] })).toContain(
    'DIALOG_TOKEN_SECRET is the placeholder from .env.example, which anyone can read',
  );
  expect(refusal(without('PUBLIC_BASE_URL'))).toContain(
    'PUBLIC_BASE_URL is required when MicrosoftAppId is set',
  );
  expect(refusal({ ...PRODUCTION, PUBLIC_BASE_URL: 'http://licensedesk.contoso.com' })).toContain(
    'PUBLIC_BASE_URL must be https when MicrosoftAppId is set',
  );
  for (const local of ['https://localhost:3978', 'https://127.0.0.1']) {
    expect(refusal({ ...PRODUCTION, PUBLIC_BASE_URL: local })).toContain(
      'PUBLIC_BASE_URL is a local address',
    );
  }
  expect(refusal({ ...PRODUCTION, PUBLIC_BASE_URL: 'https://licensedesk.example.com' })).toContain(
    'PUBLIC_BASE_URL is a placeholder',
  );
});

test('an operator may opt in to the sample organisation and the embedded store for a demo', () => {
  const demo = { ...PRODUCTION, COSMOS_ENDPOINT: '', DIRECTORY_SOURCE: 'sample' };
  const embeddedOnly = loadConfig({ ...demo, DIRECTORY_SOURCE: 'graph', ALLOW_EMBEDDED_COSMOS: 'true' });
  expect(embeddedOnly.cosmos.mode).toBe('embedded');
  // Without the sample-data opt-in, the store starts empty for the vendor's real catalog.
  expect(embeddedOnly.sampleCatalogFile).toBeUndefined();
  const full = loadConfig({ ...demo, ALLOW_EMBEDDED_COSMOS: 'true', ALLOW_SAMPLE_DATA: 'true' });
  expect(full.directory.source).toBe('sample');
  expect(full.sampleCatalogFile).toMatch(/data\/sample\/catalog\.json$/);
  expect(refusal({ ...demo, ALLOW_EMBEDDED_COSMOS: 'yes' })).toContain(
    'ALLOW_EMBEDDED_COSMOS must be one of true, false (got "yes")',
  );
});

test('every variable the bot and its tools read is in .env.example, and no other', () => {
  const example = readFileSync(path.join(__dirname, '..', '..', '.env.example'), 'utf8');
  const documented = [...example.matchAll(/^#? ?([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]);
  expect([...documented].sort()).toEqual([...KNOWN_VARIABLES].sort());
});

test.each([
  [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535 (got "eighty")'],
  [{ PORT: '0x0F9B' }, 'PORT must be a whole number from 0 to 65535 (got "0x0F9B")'],
  [{ PORT: '4e3' }, 'PORT must be a whole number from 0 to 65535 (got "4e3")'],
  [{ PORT: '3_978' }, 'PORT must be a whole number from 0 to 65535 (got "3_978")'],
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
  [
    { COSMOS_ENDPOINT: 'http://127.0.0.1:8081' },
    'COSMOS_KEY is required with an http endpoint (COSMOS_ENDPOINT=http://127.0.0.1:8081): managed identity tokens are sent over https only',
  ],
  [{ DIRECTORY_SOURCE: 'ldap' }, 'DIRECTORY_SOURCE must be one of sample, graph (got "ldap")'],
  [{ DIRECTORY_SOURCE: 'graph' }, 'GRAPH_CLIENT_ID is required when DIRECTORY_SOURCE is graph'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
  [{ CONFIRMATION_TTL_SECONDS: '0' }, 'CONFIRMATION_TTL_SECONDS must be a whole number from 1'],
  [{ TYPING_DELAY_MS: '-1' }, 'TYPING_DELAY_MS must be a whole number from 0 to 60000 (got "-1")'],
  [{ TYPING_DELAY_MS: '0.5' }, 'TYPING_DELAY_MS must be a whole number from 0'],
  [{ SHUTDOWN_GRACE_SECONDS: '-1' }, 'SHUTDOWN_GRACE_SECONDS must be a whole number from 0 to 300'],
  [
    { APPLICATIONINSIGHTS_CONNECTION_STRING: 'https://example.com' },
    'APPLICATIONINSIGHTS_CONNECTION_STRING must be an Application Insights connection string',
  ],
])('a wrong value stops with a message naming the variable: %j', (env, expected) => {
  expect(refusal(env)).toContain(expected);
});

test('background jobs: the sweep interval and the claim lease, whole seconds within bounds', () => {
  expect(loadConfig({}).jobs).toEqual({
    sweepIntervalSeconds: 900,
    leaseSeconds: 60,
    seatEndsIntervalSeconds: 300,
  });
  expect(
    loadConfig({ SWEEP_INTERVAL_SECONDS: '30', JOB_LEASE_SECONDS: '10', SEAT_ENDS_INTERVAL_SECONDS: '5' })
      .jobs,
  ).toEqual({
    sweepIntervalSeconds: 30,
    leaseSeconds: 10,
    seatEndsIntervalSeconds: 5,
  });
  expect(refusal({ SEAT_ENDS_INTERVAL_SECONDS: '0' })).toMatch(/SEAT_ENDS_INTERVAL_SECONDS/);
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
    GRAPH_CLIENT_SECRET: randomBytes(24).toString('base64url'), // made up: never sent anywhere
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

test('the shutdown grace period and the Application Insights connection string', () => {
  expect(loadConfig({}).shutdownGraceSeconds).toBe(10);
  expect(loadConfig({ SHUTDOWN_GRACE_SECONDS: '0' }).shutdownGraceSeconds).toBe(0);
  expect(loadConfig({}).applicationInsightsConnectionString).toBeUndefined();
  const connectionString =
    'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';
  expect(
    loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString })
      .applicationInsightsConnectionString,
  ).toBe(connectionString);
  // A wrong value is not echoed: it may be a key.
  expect(refusal({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'secret-looking-value' })).not.toContain(
    'secret-looking-value',
  );
});
