import type { AccessToken, TokenCredential } from '@azure/identity';
import { join } from 'node:path';
import { loadSampleOrganisation } from '../../bot/directory/sampleDirectory';

export const SAMPLE_FILE = join(__dirname, '../../data/sample/directory.json');
export const org = loadSampleOrganisation(SAMPLE_FILE);
export const TENANT = org.tenantId;

export function idOf(displayName: string): string {
  const found = [...org.users, ...org.groups].find((principal) => principal.displayName === displayName);
  if (!found) throw new Error(`No ${displayName} in the sample organisation`);
  return found.id;
}

/** A credential that hands out a fixed token per tenant and remembers the scopes asked for. */
export class FixedTokenCredential implements TokenCredential {
  readonly scopesAsked: string[][] = [];

  constructor(readonly token: string) {}

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopesAsked.push(Array.isArray(scopes) ? scopes : [scopes]);
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}
