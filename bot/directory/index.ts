import { Directory } from './directory';
import type { GraphDirectory } from './graphDirectory';
import type { graphCredentialFactory } from './graphCredential';
import { SampleDirectory, loadSampleOrganisation } from './sampleDirectory';

export * from './directory';
export { SampleDirectory, loadSampleOrganisation } from './sampleDirectory';

export type DirectoryConfig =
  | { source: 'sample'; sampleFile: string }
  | {
      source: 'graph';
      clientId: string;
      clientSecret?: string;
      certificatePath?: string;
      managedIdentityClientId?: string;
      baseUrl?: string;
      authorityHost?: string;
    };

/** The directory the configuration names: the sample organisation locally, Microsoft Graph in production. */
export function createDirectory(config: DirectoryConfig): Directory {
  if (config.source === 'sample') return new SampleDirectory(loadSampleOrganisation(config.sampleFile));
  // Loaded only when configured: the Graph client and @azure/identity cost local mode's start-up
  // a few hundred ms for nothing.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const graph = require('./graphDirectory') as { GraphDirectory: typeof GraphDirectory };
  const credentials = require('./graphCredential') as {
    graphCredentialFactory: typeof graphCredentialFactory;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return new graph.GraphDirectory({
    credentialFor: credentials.graphCredentialFactory(config),
    baseUrl: config.baseUrl,
  });
}
