import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { BotIdentity } from '../config/config';
import { languageOf, t } from '../i18n';
import { ReplyNotDelivered } from './retry';

/**
 * The Bot Framework adapter. With no bot identity it runs unauthenticated (local use only);
 * with one, every request to /api/messages must carry a valid Bot Framework token.
 */
export function createAdapter(identity: BotIdentity | undefined, logger: Logger): CloudAdapter {
  const settings = {
    MicrosoftAppId: identity?.appId ?? '',
    MicrosoftAppPassword: identity?.appPassword ?? '',
    MicrosoftAppType: identity?.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: identity?.appTenantId ?? '',
    ...(identity?.openIdMetadataUrl ? { BotOpenIdMetadata: identity.openIdMetadataUrl } : {}),
    ...(identity?.tokenIssuer ? { ToBotFromChannelTokenIssuer: identity.tokenIssuer } : {}),
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = new ConfigurationBotFrameworkAuthentication(settings, credentials);
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
