import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { loopbackCertificate } from './loopbackCertificate';

/**
 * The two Microsoft services a bot with an app id talks to besides the channel, played on loopback
 * over https (MSAL insists on it):
 * - the Bot Framework's OpenID metadata and signing keys, which incoming tokens are checked against;
 * - the Microsoft Entra authority that gives the bot its own token for replies (client credentials).
 * The certificate is made for this run; the bot trusts it through NODE_EXTRA_CA_CERTS.
 */

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

export interface TokenRequest {
  clientId: string;
  clientSecret: string;
  scope: string;
  grantType: string;
}

export function signingKey(kid: string, endorsements = ['msteams']): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    kid,
    privateKey,
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256', endorsements },
  };
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A compact JWT signed with `key` (RS256 unless the header says otherwise). */
export function jwt(
  payload: Record<string, unknown>,
  key: KeyObject,
  header: Record<string, unknown> = {},
): string {
  const head = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', ...header }));
  const body = base64url(JSON.stringify(payload));
  const signature = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key);
  return `${head}.${body}.${base64url(signature)}`;
}

/** A valid Bot Framework channel token for the bot `appId`, for activities sent through `serviceUrl`. */
export function channelToken(appId: string, serviceUrl: string, key: SigningKey): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt(
    {
      iss: 'https://api.botframework.com',
      aud: appId,
      serviceurl: serviceUrl,
      nbf: now - 60,
      exp: now + 600,
    },
    key.privateKey,
    { kid: key.kid },
  );
}

export class BotFrameworkAuthority {
  readonly tokenRequests: TokenRequest[] = [];
  /** Access tokens handed to the bot. */
  readonly issued: string[] = [];
  caFile = '';
  url = '';
  private dir = '';
  private server?: https.Server;

  constructor(
    private readonly keys: () => Record<string, unknown>[],
    private readonly tenant = 'botframework.com',
  ) {}

  /** URL of the OpenID metadata (BOT_OPENID_METADATA_URL). */
  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  /** The authority the bot logs in to (BOT_LOGIN_URL). */
  get loginUrl(): string {
    return `${this.url}/${this.tenant}`;
  }

  async start(): Promise<this> {
    const tls = loopbackCertificate('license-desk-authority-');
    this.dir = tls.dir;
    this.caFile = tls.caFile;
    this.server = https.createServer(
      { key: tls.key, cert: tls.cert },
      (req, res) => void this.handle(req, res),
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const { pathname } = new URL(req.url ?? '/', this.url);
    const authority = `${this.url}/${this.tenant}`;
    if (pathname === '/v1/.well-known/openidconfiguration') {
      return send(200, {
        issuer: 'https://api.botframework.com',
        jwks_uri: `${this.url}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (pathname === '/v1/.well-known/keys') return send(200, { keys: this.keys() });
    if (pathname === `/${this.tenant}/v2.0/.well-known/openid-configuration`) {
      return send(200, {
        issuer: `${authority}/v2.0`,
        authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
        token_endpoint: `${authority}/oauth2/v2.0/token`,
        jwks_uri: `${authority}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'token'],
      });
    }
    if (pathname === `/${this.tenant}/oauth2/v2.0/token` && req.method === 'POST') {
      const form = new URLSearchParams(body);
      this.tokenRequests.push({
        clientId: form.get('client_id') ?? '',
        clientSecret: form.get('client_secret') ?? '',
        scope: form.get('scope') ?? '',
        grantType: form.get('grant_type') ?? '',
      });
      const accessToken = `bot-access-${randomUUID()}`;
      this.issued.push(accessToken);
      return send(200, {
        token_type: 'Bearer',
        expires_in: 3600,
        ext_expires_in: 3600,
        access_token: accessToken,
      });
    }
    send(404, { error: 'not_found', path: pathname });
  }
}
