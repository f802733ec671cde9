/**
 * Every environment variable License Desk and its tools read (the same list as .env.example; a test
 * keeps them equal). Names are case-sensitive on Linux, so `MicrosoftAppID` is not `MicrosoftAppId`:
 * it would be ignored without a word, and the bot would start unauthenticated.
 */
export const KNOWN_VARIABLES = [
  'PORT',
  'HOST',
  'PUBLIC_BASE_URL',
  'MAX_BODY_BYTES',
  'CONFIRMATION_TTL_SECONDS',
  'CATALOG_CACHE_SECONDS',
  'TYPING_DELAY_MS',
  'SWEEP_INTERVAL_SECONDS',
  'NOTICE_RATE_PER_SECOND',
  'NOTICE_INTERVAL_SECONDS',
  'NOTICE_INSTALL_APP',
  'TEAMS_APP_CATALOG_ID',
  'JOB_LEASE_SECONDS',
  'SHUTDOWN_GRACE_SECONDS',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'LOG_LEVEL',
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'DIALOG_TOKEN_SECRET',
  'DIALOG_TOKEN_SECRET_PREVIOUS',
  'BOT_OPENID_METADATA_URL',
  'BOT_TOKEN_ISSUER',
  'BOT_LOGIN_URL',
  'COSMOS_ENDPOINT',
  'COSMOS_KEY',
  'COSMOS_MANAGED_IDENTITY_CLIENT_ID',
  'COSMOS_DATABASE',
  'COSMOS_CONTAINER',
  'COSMOS_REQUEST_TIMEOUT_MS',
  'EMBEDDED_COSMOS_DIR',
  'EMBEDDED_COSMOS_PORT',
  'ALLOW_EMBEDDED_COSMOS',
  'SAMPLE_CATALOG_FILE',
  'DIRECTORY_SOURCE',
  'SAMPLE_DIRECTORY_FILE',
  'ALLOW_SAMPLE_DATA',
  'GRAPH_CLIENT_ID',
  'GRAPH_CLIENT_SECRET',
  'GRAPH_CERTIFICATE_PATH',
  'GRAPH_MANAGED_IDENTITY_CLIENT_ID',
  'GRAPH_BASE_URL',
  'GRAPH_AUTHORITY_HOST',
  'TEAMS_APP_ID',
  'BOT_DOMAIN',
  'BOT_ENDPOINT',
  'PLAYGROUND_PORT',
] as const;

/** A variable that is set under a name differing from a known one only by case. */
export interface CaseMismatch {
  set: string;
  meant: string;
}

export function caseMismatches(env: Record<string, string | undefined>): CaseMismatch[] {
  const known = new Map(KNOWN_VARIABLES.map((name) => [name.toLowerCase(), name as string]));
  const found: CaseMismatch[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const meant = known.get(name.toLowerCase());
    if (meant !== undefined && meant !== name) found.push({ set: name, meant });
  }
  return found;
}
