import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../../harness/testApp';
import type { EntraAuthority } from './entraAuthority';

/** License Desk's app id in these tests (the audience of the API's tokens). */
export const API_APP_ID = '0d7a6a4e-5b8c-4f2d-9e1a-3c4b5d6e7f80';

/**
 * The app as production runs it (MicrosoftAppId set, so the API wants Entra tokens), checked against a
 * loopback authority. The bot's password and the dialog token secret are made up for each run: none
 * is ever used to reach a service, and nothing secret-looking is committed.
 */
export function startProductionApp(
  authority: EntraAuthority,
  env: Record<string, string> = {},
): Promise<TestApp> {
  return startTestApp({
    env: {
      MicrosoftAppId: API_APP_ID,
      MicrosoftAppPassword: randomBytes(24).toString('base64url'),
      DIALOG_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      PUBLIC_BASE_URL: 'https://licensedesk.contoso.test',
      ALLOW_EMBEDDED_COSMOS: 'true',
      ALLOW_SAMPLE_DATA: 'true',
      HOST: '127.0.0.1',
      API_OPENID_METADATA_URL: authority.metadataUrl,
      ...env,
    },
  });
}
