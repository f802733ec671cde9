import { GraphError } from '@microsoft/microsoft-graph-client';
import type { TokenCredential } from '@azure/identity';
import type { Logger } from '../logger';
import type { AppInstaller } from './appInstaller';
import { GRAPH_BASE_URL, GRAPH_VERSION, createGraphClient } from './graphTransport';

export interface GraphAppInstallerOptions {
  credentialFor: (tenantId: string) => TokenCredential;
  /** The bot's Teams app in the organisation's app catalog (TEAMS_APP_CATALOG_ID). */
  teamsAppId: string;
  baseUrl?: string;
  logger: Logger;
}

/**
 * Installs the bot's app for a user through Microsoft Graph (POST /users/{id}/teamwork/installedApps,
 * application permission TeamsAppInstallation.ReadWriteForUser.All), so that the bot may open a
 * personal chat with someone who never opened it. 409 means it is already installed.
 */
export class GraphAppInstaller implements AppInstaller {
  constructor(private readonly options: GraphAppInstallerOptions) {}

  async installFor(tenantId: string, aadObjectId: string): Promise<boolean> {
    const { credentialFor, teamsAppId, logger } = this.options;
    const baseUrl = new URL(this.options.baseUrl ?? GRAPH_BASE_URL).origin;
    const client = createGraphClient(credentialFor(tenantId), {
      baseUrl,
      maxRetries: 2,
      maxRetryAfterSeconds: 5,
    });
    try {
      await client.api(`/users/${encodeURIComponent(aadObjectId)}/teamwork/installedApps`).post({
        'teamsApp@odata.bind': `${baseUrl}/${GRAPH_VERSION}/appCatalogs/teamsApps/${encodeURIComponent(teamsAppId)}`,
      });
      return true;
    } catch (error) {
      if (error instanceof GraphError && error.statusCode === 409) return true;
      logger.warn(
        {
          tenantId,
          status: error instanceof GraphError ? error.statusCode : undefined,
          permission: 'TeamsAppInstallation.ReadWriteForUser.All',
        },
        'the app could not be installed for a user',
      );
      return false;
    }
  }
}
