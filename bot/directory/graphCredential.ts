import type { TokenCredential } from '@azure/identity';
import {
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
} from '@azure/identity';

/** How the bot's app registration proves itself to Microsoft Entra ID (app-only, no user). */
export interface GraphCredentialOptions {
  clientId: string;
  clientSecret?: string;
  certificatePath?: string;
  managedIdentityClientId?: string;
  authorityHost?: string;
}

/**
 * A credential for each customer organisation: app-only tokens are issued by the tenant whose
 * directory is read, so the tenant is part of the credential. A managed identity cannot get a
 * token from another tenant by itself; when it backs a different (multi-tenant) app registration,
 * it signs a federated assertion for that app instead of holding a secret.
 */
export function graphCredentialFactory(
  options: GraphCredentialOptions,
): (tenantId: string) => TokenCredential {
  const { clientId, clientSecret, certificatePath, managedIdentityClientId, authorityHost } = options;
  const identityOptions = authorityHost ? { authorityHost } : {};
  if (managedIdentityClientId) {
    const managedIdentity = new ManagedIdentityCredential({ clientId: managedIdentityClientId });
    if (managedIdentityClientId === clientId) return () => managedIdentity;
    const assertion = async () => {
      const token = await managedIdentity.getToken('api://AzureADTokenExchange/.default');
      return token.token;
    };
    return (tenantId) => new ClientAssertionCredential(tenantId, clientId, assertion, identityOptions);
  }
  if (certificatePath)
    return (tenantId) =>
      new ClientCertificateCredential(tenantId, clientId, { certificatePath }, identityOptions);
  if (clientSecret)
    return (tenantId) => new ClientSecretCredential(tenantId, clientId, clientSecret, identityOptions);
  throw new Error(
    'Graph directory: a client secret, a certificate path or a managed identity client id is required.',
  );
}
