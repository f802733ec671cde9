import { CosmosClient, type Container } from '@azure/cosmos';
import type { TokenCredential } from '@azure/core-auth';

export interface CosmosConnectionSettings {
  endpoint: string;
  /** Account key; omit to use `credential` (managed identity). */
  key?: string;
  credential?: TokenCredential;
  databaseId: string;
  containerId: string;
}

/**
 * Opens the container every License Desk document lives in, creating database and container when
 * missing. The partition key is the tenant: every read, write and query is scoped to one tenant.
 */
export async function openContainer(settings: CosmosConnectionSettings): Promise<Container> {
  const client = new CosmosClient({
    endpoint: settings.endpoint,
    ...(settings.key ? { key: settings.key } : { aadCredentials: settings.credential }),
    // The embedded server advertises an https address; endpoint discovery would switch to it.
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  const { database } = await client.databases.createIfNotExists({ id: settings.databaseId });
  const { container } = await database.containers.createIfNotExists({
    id: settings.containerId,
    partitionKey: { paths: ['/tenantId'] },
  });
  return container;
}
