import { ConfidentialClientApplication } from '@azure/msal-node';
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  StatusCodes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  MsalServiceClientCredentialsFactory,
  type AuthenticateRequestResult,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { Logger } from 'pino';
import type { BotIdentity } from '../config/config';
import { languageOf, t } from '../i18n';
import { ReplyNotDelivered } from './retry';

/**
 * The Bot Framework adapter. With no bot identity it runs unauthenticated (local use only);
 * with one, every request to /api/messages must carry a valid Bot Framework token.
 */
export function createAdapter(identity: BotIdentity | undefined, logger: Logger): CloudAdapter {
  const settings = authenticationSettings(identity);
  const auth = new TokenCheckingAuthentication(settings, credentialsFactory(identity, settings), logger);
  const adapter = new CloudAdapter(auth);

  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    // Already logged; the service refuses our messages, and the change may have been made: saying
    // "nothing was changed" now could be false.
    if (error instanceof ReplyNotDelivered) return;
    logger.error({ err: error, activityType: context.activity.type }, 'unhandled error in turn');
    if (context.activity.type === 'message') {
      try {
        await context.sendActivity(t(languageOf(context.activity.locale), 'error.Unknown'));
      } catch (sendError) {
        logger.error({ err: sendError }, 'could not tell the user about the error');
      }
    }
  };
  return adapter;
}

/**
 * botbuilder's settings. Naming any endpoint (tests serve them on loopback) switches botbuilder to
 * taking every endpoint from the settings, unset ones included: those keep their public-cloud values.
 */
function authenticationSettings(
  identity: BotIdentity | undefined,
): ConfigurationBotFrameworkAuthenticationOptions {
  const settings = {
    MicrosoftAppId: identity?.appId ?? '',
    MicrosoftAppPassword: identity?.appPassword ?? '',
    MicrosoftAppType: identity?.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: identity?.appTenantId ?? '',
  };
  if (!identity?.openIdMetadataUrl && !identity?.tokenIssuer && !identity?.loginUrl) return settings;
  return {
    ...settings,
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: identity.loginUrl ?? AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: identity.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl:
      identity.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl:
      identity.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/**
 * How the bot gets the token it sends replies with. botbuilder's own MSAL client only trusts
 * Microsoft Entra's hosts, so another login endpoint gets a client that is told to trust it.
 */
function credentialsFactory(
  identity: BotIdentity | undefined,
  settings: ConfigurationBotFrameworkAuthenticationOptions,
): ServiceClientCredentialsFactory {
  if (!identity?.loginUrl) return new ConfigurationServiceClientCredentialFactory(settings);
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: identity.appId,
      clientSecret: identity.appPassword,
      authority: identity.loginUrl,
      knownAuthorities: [new URL(identity.loginUrl).host],
    },
  });
  // botbuilder only calls acquireTokenByClientCredential, the same in MSAL 2 (its copy) and 5.
  return new MsalServiceClientCredentialsFactory(
    identity.appId,
    client as unknown as ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1],
  );
}

/** A generic failure: botbuilder sends its message as the response body. */
class CheckFailed extends Error {
  constructor() {
    super(CHECK_FAILED_BODY);
    this.name = 'CheckFailed';
    // botbuilder prints the error to stderr: one line, not our stack.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** What jsonwebtoken throws for a token that is not good: a bad signature, no signature, not yet valid. */
const REJECTED_TOKEN = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botbuilder answers any other failure of the check with a 500 whose body is the error's own text,
 * and writes nothing but an unstructured stderr dump: the operator gets a log record, the caller a
 * body that tells nothing about our internals.
 */
export const CHECK_FAILED_BODY = 'The request could not be checked; try again later.';

/**
 * botbuilder turns only its own AuthenticationError into 401: a token that jsonwebtoken rejects
 * (forged signature, `alg: none`, not yet valid) came back as a 500. It is a 401 like the others.
 * A check that could not run (the signing keys cannot be fetched) is a 500, logged.
 */
class TokenCheckingAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: ConfigurationBotFrameworkAuthenticationOptions,
    credentials: ServiceClientCredentialsFactory,
    private readonly logger: Logger,
  ) {
    super(settings, credentials);
  }

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && REJECTED_TOKEN.has(error.name)) {
        throw new AuthenticationError(`Unauthorized: ${error.message}`, StatusCodes.UNAUTHORIZED);
      }
      if (error instanceof AuthenticationError) throw error;
      this.logger.error(
        { err: error, status: 500 },
        'could not check the request: Bot Framework signing keys unavailable?',
      );
      throw new CheckFailed();
    }
  }
}
