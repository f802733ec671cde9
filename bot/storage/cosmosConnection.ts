import { CosmosClient, type Container } from '@azure/cosmos';
import type { TokenCredential } from '@azure/core-auth';

export interface CosmosConnectionSettings {
  endpoint: string;
  /** Account key; omit to use `credential` (managed identity). */
  key?: string;
  credential?: TokenCredential;
  databaseId: string;
  containerId: string;
  /** Longest wait for one request before it counts as failed (and may be retried); SDK default 60 s. */
  requestTimeoutMs?: number;
}

/**
 * Opens the container every License Desk document lives in, creating database and container when
 * missing. The partition key is the tenant: every read, write and query is scoped to one tenant.
 */
export async function openContainer(settings: CosmosConnectionSettings): Promise<Container> {
  const client = new CosmosClient({
    endpoint: settings.endpoint,
    ...(settings.key ? { key: settings.key } : { aadCredentials: settings.credential }),
    connectionPolicy: {
      // The embedded server advertises an https address; endpoint discovery would switch to it.
      enableEndpointDiscovery: false,
      // The SDK's own defaults (60 s per request, up to 30 s of 429 waits) outlast any chat turn:
      // a stalled or throttled request fails early here and the DocumentStore retries it, bounded.
      ...(settings.requestTimeoutMs ? { requestTimeout: settings.requestTimeoutMs } : {}),
      retryOptions: { maxRetryAttemptCount: 9, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 5 },
    },
  });
  const { database } = await client.databases.createIfNotExists({ id: settings.databaseId });
  const { container } = await database.containers.createIfNotExists({
    id: settings.containerId,
    partitionKey: { paths: ['/tenantId'] },
  });
  return container;
}
