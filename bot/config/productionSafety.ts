import { ConfigError } from './configError';
import type { CaseMismatch } from './knownVariables';

/** Values of DIALOG_TOKEN_SECRET published in the repository's history: public, so they sign nothing in production. */
export const PUBLISHED_DIALOG_TOKEN_PLACEHOLDERS: readonly string[] = [
  'replace-with-a-long-random-string-of-32-or-more-chars',
];

/** Opt-ins for running an authenticated bot on what local mode uses (a demo tenant, a single machine). */
export interface ProductionOptIns {
  /** The sample organisation (directory and catalog): ALLOW_SAMPLE_DATA=true. */
  sampleData: boolean;
  /** The embedded Cosmos server, data on this machine only: ALLOW_EMBEDDED_COSMOS=true. */
  embeddedCosmos: boolean;
}

export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * Without MicrosoftAppId, /api/messages trusts whatever it is sent: anyone reaching the port acts as
 * any admin of any organisation. That is for one machine's loopback only. When a near-miss of a bot
 * identity variable (`MicrosoftAppID`) is why it is unauthenticated, the refusal names it.
 */
export function refuseOpenExposure(host: string, mismatches: CaseMismatch[]): void {
  if (isLoopbackHost(host)) return;
  const identity = mismatches.find(({ meant }) => meant.startsWith('MicrosoftApp'));
  if (identity) {
    throw new ConfigError(
      identity.set,
      `is not read (names are case-sensitive): rename it ${identity.meant}. Without MicrosoftAppId the bot ` +
        `would answer unauthenticated on HOST=${host}`,
    );
  }
  throw new ConfigError(
    'HOST',
    `is ${host} while MicrosoftAppId is not set: an unauthenticated bot must listen on loopback only. ` +
      'Set MicrosoftAppId and MicrosoftAppPassword (the Azure Bot registration), or HOST=127.0.0.1',
  );
}

export interface AuthenticatedSettings {
  publicBaseUrl: string | undefined;
  dialogTokenSecret: string;
  embeddedCosmos: boolean;
  sampleDirectory: boolean;
  optIns: ProductionOptIns;
}

/**
 * An authenticated bot serves real organisations: it must not run on the fictitious Contoso
 * directory, on one machine's embedded store, with a secret anyone can read in .env.example, or with
 * a dialog page address Teams cannot open — unless an operator opted in to the first two (a demo).
 */
export function refuseUnsafeProduction(settings: AuthenticatedSettings): void {
  if (PUBLISHED_DIALOG_TOKEN_PLACEHOLDERS.includes(settings.dialogTokenSecret)) {
    throw new ConfigError(
      'DIALOG_TOKEN_SECRET',
      'is the placeholder from .env.example, which anyone can read: set a random secret of 32 or more ' +
        "characters (node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64url'))\")",
    );
  }
  refusePublicBaseUrl(settings.publicBaseUrl);
  if (settings.sampleDirectory && !settings.optIns.sampleData) {
    throw new ConfigError(
      'DIRECTORY_SOURCE',
      'is sample (the fictitious Contoso organisation) while MicrosoftAppId is set: set ' +
        'DIRECTORY_SOURCE=graph for your organisations, or ALLOW_SAMPLE_DATA=true for a demo',
    );
  }
  if (settings.embeddedCosmos && !settings.optIns.embeddedCosmos) {
    throw new ConfigError(
      'COSMOS_ENDPOINT',
      'is not set while MicrosoftAppId is set: the data would live in the embedded server on this machine ' +
        'only. Set COSMOS_ENDPOINT to your Azure Cosmos DB account, or ALLOW_EMBEDDED_COSMOS=true for a ' +
        'single instance',
    );
  }
}

function refusePublicBaseUrl(value: string | undefined): void {
  const fix =
    "the bot's public https origin, where Teams opens the Assign licenses page (e.g. https://licensedesk.contoso.com)";
  if (value === undefined) {
    throw new ConfigError('PUBLIC_BASE_URL', `is required when MicrosoftAppId is set: ${fix}`);
  }
  const { protocol, hostname } = new URL(value);
  if (protocol !== 'https:') {
    throw new ConfigError(
      'PUBLIC_BASE_URL',
      `must be https when MicrosoftAppId is set (got "${value}"): ${fix}`,
    );
  }
  if (isLoopbackHost(hostname)) {
    throw new ConfigError('PUBLIC_BASE_URL', `is a local address (got "${value}"): set ${fix}`);
  }
  if (/(^|\.)example\.(com|net|org)$/.test(hostname)) {
    throw new ConfigError('PUBLIC_BASE_URL', `is a placeholder (got "${value}"): set ${fix}`);
  }
}
