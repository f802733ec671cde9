import type { TokenCredential } from '@azure/identity';
import {
  AuthenticationProvider,
  Client,
  Context,
  GraphError,
  HTTPMessageHandler,
  Middleware,
  RetryHandler,
  RetryHandlerOptions,
  ShouldRetry,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { DirectoryError } from './directory';

export const GRAPH_BASE_URL = 'https://graph.microsoft.com';
export const GRAPH_VERSION = 'v1.0';

export interface GraphTransportOptions {
  baseUrl: string;
  /** Retries after 429 / 503 / 504 (the Graph client's RetryHandler honours Retry-After). */
  maxRetries: number;
  /** A Retry-After longer than this is not waited for: the user would be gone. */
  maxRetryAfterSeconds: number;
}

/**
 * A Graph client for one tenant: our bearer-token step, then the SDK's RetryHandler, then fetch.
 * The SDK's own AuthenticationHandler attaches tokens only to https Graph hosts; ours attaches the
 * token to the configured base URL (a national cloud, or a loopback Graph in tests) and to nothing
 * else, so a paging link pointing elsewhere never receives it.
 */
export function createGraphClient(credential: TokenCredential, options: GraphTransportOptions): Client {
  const origin = new URL(options.baseUrl).origin;
  const authProvider = new TokenCredentialAuthenticationProvider(credential, {
    scopes: [`${origin === new URL(GRAPH_BASE_URL).origin ? GRAPH_BASE_URL : origin}/.default`],
  });
  const shouldRetry: ShouldRetry = (_delay, _attempt, _request, _options, response) =>
    retryAfterSeconds(response) <= options.maxRetryAfterSeconds;
  return Client.initWithMiddleware({
    baseUrl: origin,
    defaultVersion: GRAPH_VERSION,
    middleware: [
      new BearerTokenHandler(authProvider, origin),
      new RetryHandler(new RetryHandlerOptions(1, options.maxRetries, shouldRetry)),
      new HTTPMessageHandler(),
    ],
  });
}

function retryAfterSeconds(response: Response): number {
  const header = response.headers.get('Retry-After');
  if (header === null) return 0;
  const seconds = Number(header);
  if (!Number.isNaN(seconds)) return seconds;
  return Math.max(0, (new Date(header).getTime() - Date.now()) / 1000);
}

class BearerTokenHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly provider: AuthenticationProvider,
    private readonly origin: string,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin !== this.origin)
      throw new DirectoryError(
        'DirectoryUnavailable',
        'Microsoft Graph answered with a link to another host.',
        `Refused to send the directory token to ${new URL(url).origin}.`,
      );
    const token = await this.provider.getAccessToken();
    const options = (context.options ??= {});
    if (options.headers instanceof Headers) options.headers.set('Authorization', `Bearer ${token}`);
    else
      options.headers = { ...(options.headers as Record<string, string>), Authorization: `Bearer ${token}` };
    if (!this.next) throw new Error('BearerTokenHandler must not be the last middleware');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Consent errors from Entra ID when the bot asks for a token in an organisation. */
const CONSENT_ERRORS = /AADSTS(65001|650051|700016|7000229|500011)\b/;

/**
 * Turns whatever the Graph client or the credential threw into the error the user sees.
 * `permission` names the application permission the request needs, for a 403.
 */
export function toDirectoryError(error: unknown, permission: string): DirectoryError {
  if (error instanceof DirectoryError) return error;
  const status = error instanceof GraphError ? error.statusCode : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (status === 403)
    return new DirectoryError(
      'DirectoryPermissionMissing',
      `Microsoft Graph refused to answer: the bot lacks the ${permission} permission.`,
      `Grant the application permission ${permission} to the bot's app registration and give admin consent. ` +
        `Graph said: ${message}`,
    );
  if (CONSENT_ERRORS.test(message))
    return new DirectoryError(
      'DirectoryPermissionMissing',
      'The bot is not allowed to read this organisation\u2019s directory.',
      `An administrator of the organisation must give admin consent to the bot's app registration. ${message}`,
    );
  if (status === 429 || status === 503 || status === 504)
    return new DirectoryError(
      'DirectoryUnavailable',
      'Microsoft Graph is busy; try again in a moment.',
      `HTTP ${status} after retries: ${message}`,
    );
  return new DirectoryError(
    'DirectoryUnavailable',
    'The directory (Microsoft Graph) could not be reached.',
    status !== undefined && status > 0 ? `HTTP ${status}: ${message}` : message,
  );
}

export function isNotFound(error: unknown): boolean {
  return error instanceof GraphError && (error.statusCode === 404 || error.statusCode === 400);
}
