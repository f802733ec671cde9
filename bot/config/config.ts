import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DirectoryConfig } from '../directory';
import { ConfigError } from './configError';
import { caseMismatches } from './knownVariables';
import { refuseOpenExposure, refuseUnsafeProduction } from './productionSafety';

export { ConfigError } from './configError';

/**
 * All configuration, read once at start from the environment and validated into a typed object.
 * A wrong or missing value stops the process with a message naming the variable.
 */

export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export interface BotIdentity {
  appId: string;
  appPassword?: string;
  appType: AppType;
  appTenantId?: string;
  /** Overrides where Bot Framework signing keys are fetched from (tests serve it on loopback). */
  openIdMetadataUrl?: string;
  /** Overrides the expected issuer of channel tokens (tests). */
  tokenIssuer?: string;
  /** Overrides the Microsoft Entra authority the bot gets its own token from (tests; https). */
  loginUrl?: string;
}

export type CosmosConfig =
  | {
      mode: 'embedded';
      dataDir: string;
      port: number;
      databaseId: string;
      containerId: string;
      requestTimeoutMs: number;
    }
  | {
      mode: 'azure';
      endpoint: string;
      key?: string;
      /** Client id of a user-assigned managed identity; absent with no key = default Azure credential. */
      managedIdentityClientId?: string;
      databaseId: string;
      containerId: string;
      requestTimeoutMs: number;
    };

/** Where users, groups and roles come from: the sample organisation or Microsoft Graph. */
export type DirectorySettings = DirectoryConfig;

export interface Config {
  port: number;
  host: string;
  /** Public https origin of the bot, for the dialog page (e.g. https://licensedesk.contoso.com). */
  publicBaseUrl: string;
  /** Absent = local mode: /api/messages is not authenticated. */
  bot?: BotIdentity;
  cosmos: CosmosConfig;
  directory: DirectorySettings;
  /** Loaded into an empty store at first start (embedded default only). */
  sampleCatalogFile?: string;
  /** Secret that signs the short-lived tokens of the Assign licenses dialog page. */
  dialogTokenSecret: string;
  /** During a rotation, the secret being replaced: tokens it signed are still accepted. */
  dialogTokenSecretPrevious?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long an unassign confirmation card can be used, in seconds. */
  confirmationTtlSeconds: number;
  /** Largest request body accepted on /api/messages, in bytes. */
  maxBodyBytes: number;
  /**
   * How long an instance reuses a tenant's catalog (apps and seats purchased) before reading it
   * again, in seconds (0 = read it on every command). Vendor-side changes show up after at most this.
   */
  catalogCacheSeconds: number;
  /**
   * How long an assignment or unassign preparation may run before the typing indicator is shown, in
   * ms (0 = always show it first). A fast answer then costs no extra call to the Bot Framework service.
   */
  typingDelayMs: number;
  /** Background jobs (bot/background/): how often the housekeeping sweep runs, and a claim's lease. */
  jobs: { sweepIntervalSeconds: number; leaseSeconds: number };
  /** Notices to people (bot/notices): overall send rate, the delivery job's interval, Graph install. */
  notices: NoticeSettings;
  /** Problems that do not stop the bot but that an operator should see (e.g. a misspelt variable). */
  warnings: string[];
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before the process exits anyway. */
  shutdownGraceSeconds: number;
  /** Traces and metrics go to Azure Monitor (Application Insights) when set; nothing is exported otherwise. */
  applicationInsightsConnectionString?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The folder holding package.json: the same from the sources (tsx) and from the compiled dist/. */
function repoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..');
  }
}
export const REPO_ROOT = repoRoot(__dirname);

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  // Number() would also take "0x0F9B", "4e3" or "1_0": only decimal digits are a whole number here.
  const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const match = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
  if (!match) throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  return match;
}

function url(env: Env, name: string, fallback?: string): string | undefined {
  const raw = text(env, name) ?? fallback;
  if (raw === undefined) return undefined;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    return raw.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(name, `must be an http(s) URL (got "${raw}")`);
  }
}

function guid(env: Env, name: string): string | undefined {
  const raw = text(env, name);
  if (raw !== undefined && !GUID.test(raw)) throw new ConfigError(name, `must be a GUID (got "${raw}")`);
  return raw;
}

/** `Key=value;…` with an InstrumentationKey, as the Azure portal shows it (the value is never echoed). */
function connectionString(env: Env, name: string): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  const keys = raw
    .split(';')
    .filter(Boolean)
    .map((pair) => pair.split('=')[0].trim().toLowerCase());
  if (!keys.includes('instrumentationkey')) {
    throw new ConfigError(name, 'must be an Application Insights connection string (InstrumentationKey=…;…)');
  }
  return raw;
}

function fromRepo(file: string): string {
  return path.isAbsolute(file) ? file : path.join(REPO_ROOT, file);
}

/** MSAL accepts only an https authority, and a custom one only with a secret (not a managed identity). */
function loginUrl(env: Env, appType: AppType, appPassword: string | undefined): string | undefined {
  const value = url(env, 'BOT_LOGIN_URL');
  if (value === undefined) return undefined;
  if (!value.startsWith('https:'))
    throw new ConfigError('BOT_LOGIN_URL', `must be an https URL (got "${value}")`);
  if (appType === 'UserAssignedMSI' || !appPassword) {
    throw new ConfigError('BOT_LOGIN_URL', 'needs MicrosoftAppPassword (not a managed identity)');
  }
  return value;
}

function readBot(env: Env): BotIdentity | undefined {
  const appId = guid(env, 'MicrosoftAppId');
  if (!appId) return undefined;
  const appType = oneOf(
    env,
    'MicrosoftAppType',
    ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const,
    'MultiTenant',
  );
  const appPassword = text(env, 'MicrosoftAppPassword');
  const appTenantId = guid(env, 'MicrosoftAppTenantId');
  if (appType !== 'UserAssignedMSI' && !appPassword) {
    throw new ConfigError(
      'MicrosoftAppPassword',
      `is required when MicrosoftAppId is set and MicrosoftAppType is ${appType}`,
    );
  }
  if (appType !== 'MultiTenant' && !appTenantId) {
    throw new ConfigError('MicrosoftAppTenantId', `is required when MicrosoftAppType is ${appType}`);
  }
  return {
    appId,
    appPassword,
    appType,
    appTenantId,
    openIdMetadataUrl: url(env, 'BOT_OPENID_METADATA_URL'),
    tokenIssuer: text(env, 'BOT_TOKEN_ISSUER'),
    loginUrl: loginUrl(env, appType, appPassword),
  };
}

function readCosmos(env: Env): CosmosConfig {
  const databaseId = text(env, 'COSMOS_DATABASE') ?? 'license-desk';
  const containerId = text(env, 'COSMOS_CONTAINER') ?? 'licenses';
  const endpoint = url(env, 'COSMOS_ENDPOINT');
  // The embedded server's queries scan the whole container (seconds at tens of thousands of documents).
  const requestTimeoutMs = integer(env, 'COSMOS_REQUEST_TIMEOUT_MS', endpoint ? 5000 : 30_000, 100, 120_000);
  if (!endpoint) {
    return {
      mode: 'embedded',
      dataDir: fromRepo(text(env, 'EMBEDDED_COSMOS_DIR') ?? '.data/cosmos'),
      port: integer(env, 'EMBEDDED_COSMOS_PORT', 0, 0, 65535),
      databaseId,
      containerId,
      requestTimeoutMs,
    };
  }
  const key = text(env, 'COSMOS_KEY');
  if (!key && endpoint.startsWith('http:')) {
    throw new ConfigError(
      'COSMOS_KEY',
      `is required with an http endpoint (COSMOS_ENDPOINT=${endpoint}): managed identity tokens are sent ` +
        'over https only. Set COSMOS_KEY (an emulator), or use the https endpoint of the account',
    );
  }
  return {
    mode: 'azure',
    endpoint,
    key,
    managedIdentityClientId: guid(env, 'COSMOS_MANAGED_IDENTITY_CLIENT_ID'),
    databaseId,
    containerId,
    requestTimeoutMs,
  };
}

export interface NoticeSettings {
  ratePerSecond: number;
  intervalSeconds: number;
  /** The Teams app's id in the organisation's app catalog, when the bot may install itself for people (Graph only). */
  installAppCatalogId?: string;
}

function readNotices(env: Env, directory: DirectorySettings): NoticeSettings {
  const install = oneOf(env, 'NOTICE_INSTALL_APP', ['true', 'false'] as const, 'false') === 'true';
  const catalogId = text(env, 'TEAMS_APP_CATALOG_ID');
  if (install && directory.source !== 'graph') {
    throw new ConfigError('NOTICE_INSTALL_APP', 'needs the Graph directory (DIRECTORY_SOURCE=graph)');
  }
  if (install && !catalogId) {
    throw new ConfigError('TEAMS_APP_CATALOG_ID', 'is required when NOTICE_INSTALL_APP is true');
  }
  if (catalogId && !/^[\w-]{1,100}$/.test(catalogId)) {
    throw new ConfigError('TEAMS_APP_CATALOG_ID', `must be the app's catalog id (got "${catalogId}")`);
  }
  return {
    ratePerSecond: integer(env, 'NOTICE_RATE_PER_SECOND', 10, 1, 1000),
    intervalSeconds: integer(env, 'NOTICE_INTERVAL_SECONDS', 30, 1, 24 * 60 * 60),
    ...(install ? { installAppCatalogId: catalogId } : {}),
  };
}

function readDirectory(env: Env, bot: BotIdentity | undefined): DirectorySettings {
  const source = oneOf(
    env,
    'DIRECTORY_SOURCE',
    ['sample', 'graph'] as const,
    text(env, 'GRAPH_CLIENT_ID') ? 'graph' : 'sample',
  );
  if (source === 'sample') {
    return {
      source,
      sampleFile: fromRepo(text(env, 'SAMPLE_DIRECTORY_FILE') ?? 'data/sample/directory.json'),
    };
  }
  const clientId = guid(env, 'GRAPH_CLIENT_ID') ?? bot?.appId;
  if (!clientId)
    throw new ConfigError(
      'GRAPH_CLIENT_ID',
      'is required when DIRECTORY_SOURCE is graph (or set MicrosoftAppId)',
    );
  const clientSecret =
    text(env, 'GRAPH_CLIENT_SECRET') ?? (text(env, 'GRAPH_CLIENT_ID') ? undefined : bot?.appPassword);
  const certificatePath = text(env, 'GRAPH_CERTIFICATE_PATH');
  const managedIdentityClientId = guid(env, 'GRAPH_MANAGED_IDENTITY_CLIENT_ID');
  if (!clientSecret && !certificatePath && !managedIdentityClientId) {
    throw new ConfigError(
      'GRAPH_CLIENT_SECRET',
      'or GRAPH_CERTIFICATE_PATH or GRAPH_MANAGED_IDENTITY_CLIENT_ID is required when DIRECTORY_SOURCE is graph',
    );
  }
  return {
    source,
    clientId,
    clientSecret,
    certificatePath: certificatePath && fromRepo(certificatePath),
    managedIdentityClientId,
    baseUrl: url(env, 'GRAPH_BASE_URL'),
    authorityHost: url(env, 'GRAPH_AUTHORITY_HOST'),
  };
}

function previousDialogTokenSecret(env: Env): string | undefined {
  const previous = text(env, 'DIALOG_TOKEN_SECRET_PREVIOUS');
  if (previous !== undefined && previous.length < 32)
    throw new ConfigError('DIALOG_TOKEN_SECRET_PREVIOUS', 'must be at least 32 characters when set');
  return previous;
}

export function loadConfig(env: Env = process.env): Config {
  const mismatches = caseMismatches(env);
  const bot = readBot(env);
  const port = integer(env, 'PORT', 3978, 0, 65535);
  const cosmos = readCosmos(env);
  const dialogTokenSecret = text(env, 'DIALOG_TOKEN_SECRET');
  if (bot && (!dialogTokenSecret || dialogTokenSecret.length < 32)) {
    throw new ConfigError('DIALOG_TOKEN_SECRET', 'must be at least 32 characters when MicrosoftAppId is set');
  }
  // Local mode is unauthenticated: listen on loopback only unless told otherwise.
  const host = text(env, 'HOST') ?? (bot ? '0.0.0.0' : '127.0.0.1');
  if (!bot) refuseOpenExposure(host, mismatches);
  const directory = readDirectory(env, bot);
  const optIns = {
    sampleData: oneOf(env, 'ALLOW_SAMPLE_DATA', ['true', 'false'] as const, 'false') === 'true',
    embeddedCosmos: oneOf(env, 'ALLOW_EMBEDDED_COSMOS', ['true', 'false'] as const, 'false') === 'true',
  };
  if (bot) {
    refuseUnsafeProduction({
      publicBaseUrl: url(env, 'PUBLIC_BASE_URL'),
      dialogTokenSecret: dialogTokenSecret!,
      embeddedCosmos: cosmos.mode === 'embedded',
      sampleDirectory: directory.source === 'sample',
      optIns,
    });
  }
  return {
    port,
    host,
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL', `http://localhost:${port}`)!,
    bot,
    cosmos,
    directory,
    // An authenticated bot on the embedded store starts empty for the vendor's catalog, unless a demo.
    sampleCatalogFile:
      cosmos.mode === 'embedded' && (!bot || optIns.sampleData)
        ? fromRepo(text(env, 'SAMPLE_CATALOG_FILE') ?? 'data/sample/catalog.json')
        : undefined,
    dialogTokenSecret: dialogTokenSecret ?? 'local-development-only-dialog-token-secret',
    dialogTokenSecretPrevious: previousDialogTokenSecret(env),
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    confirmationTtlSeconds: integer(env, 'CONFIRMATION_TTL_SECONDS', 15 * 60, 1, 24 * 60 * 60),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 256 * 1024, 1024, 10 * 1024 * 1024),
    catalogCacheSeconds: integer(env, 'CATALOG_CACHE_SECONDS', 5, 0, 3600),
    typingDelayMs: integer(env, 'TYPING_DELAY_MS', 300, 0, 60_000),
    jobs: {
      sweepIntervalSeconds: integer(env, 'SWEEP_INTERVAL_SECONDS', 15 * 60, 1, 24 * 60 * 60),
      leaseSeconds: integer(env, 'JOB_LEASE_SECONDS', 60, 1, 60 * 60),
    },
    notices: readNotices(env, directory),
    warnings: mismatches.map(
      ({ set, meant }) =>
        `${set} is set, but License Desk reads ${meant} (names are case-sensitive): ${set} is ignored`,
    ),
    shutdownGraceSeconds: integer(env, 'SHUTDOWN_GRACE_SECONDS', 10, 0, 300),
    applicationInsightsConnectionString: connectionString(env, 'APPLICATIONINSIGHTS_CONNECTION_STRING'),
  };
}
