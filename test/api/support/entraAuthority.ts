import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwt, signingKey, type SigningKey } from '../../reliability/support/botFrameworkAuthority';

/**
 * Microsoft Entra ID's OpenID metadata and signing keys, played on loopback (plain http: the API
 * accepts http only for a loopback API_OPENID_METADATA_URL), and access tokens for License Desk's API
 * signed with those keys, as Entra issues them to a vendor's app (client credentials).
 */
export class EntraAuthority {
  readonly key: SigningKey = signingKey('entra-key-1');
  url = '';
  metadataRequests = 0;
  private server?: Server;

  get metadataUrl(): string {
    return `${this.url}/common/v2.0/.well-known/openid-configuration`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const send = (json: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.url === '/common/v2.0/.well-known/openid-configuration') {
        this.metadataRequests++;
        return send({
          issuer: `${this.url}/{tenantid}/v2.0`,
          jwks_uri: `${this.url}/common/discovery/v2.0/keys`,
        });
      }
      if (req.url === '/common/discovery/v2.0/keys') return send({ keys: [this.key.publicJwk] });
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** An app-only access token for `audience`, issued to `clientId` in the vendor's tenant `tid`. */
  token(
    clientId: string,
    audience: string,
    claims: Record<string, unknown> = {},
    options: { key?: SigningKey; header?: Record<string, unknown> } = {},
  ): string {
    const now = Math.floor(Date.now() / 1000);
    const tid = (claims.tid as string | undefined) ?? '9a7e4c1b-0000-4000-8000-00000000f00d';
    const key = options.key ?? this.key;
    return jwt(
      {
        aud: audience,
        iss: `${this.url}/${tid}/v2.0`,
        tid,
        azp: clientId,
        nbf: now - 60,
        iat: now - 60,
        exp: now + 3600,
        ...claims,
      },
      key.privateKey,
      { kid: key.kid, ...options.header },
    );
  }
}
