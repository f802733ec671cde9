import { Directory } from './directory';
import { graphCredentialFactory } from './graphCredential';
import { GraphDirectory } from './graphDirectory';
import { SampleDirectory, loadSampleOrganisation } from './sampleDirectory';

export * from './directory';
export { GraphDirectory } from './graphDirectory';
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
  return new GraphDirectory({ credentialFor: graphCredentialFactory(config), baseUrl: config.baseUrl });
}
