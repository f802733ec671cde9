import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

/**
 * Microsoft Entra ID access tokens for License Desk's API, as a vendor's app gets them with the client
 * credentials flow (scope `api://<MicrosoftAppId>/.default`). Checked here: the signature against the
 * keys Entra publishes (from its OpenID metadata, cached and refreshed on an unknown key id), RS256 only,
 * the lifetime, the audience (`api://<MicrosoftAppId>` or the bare app id), and the issuer: Entra's
 * for the token's own tenant (`tid`), v2 (`login.microsoftonline.com/<tid>/v2.0`) or v1
 * (`sts.windows.net/<tid>/`). The calling app is `azp` (v2) or `appid` (v1). A token that carries a
 * user's delegated scopes (`scp`) is not an app's: refused.
 */

const ENTRA_METADATA = 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TokenVerdict =
  | { ok: true; clientId: string }
  /** `forbidden`: a valid token, but not one the API takes (a user's delegated token). */
  | { ok: false; reason: 'unauthenticated' | 'forbidden'; detail: string };

interface Metadata {
  issuer: string;
  jwks: ReturnType<typeof createRemoteJWKSet>;
}

export class EntraTokens {
  private metadata?: Promise<Metadata>;

  constructor(
    private readonly appId: string,
    /** The OpenID metadata document (a loopback authority in tests). */
    private readonly metadataUrl = ENTRA_METADATA,
  ) {}

  async verify(authorization: string | undefined): Promise<TokenVerdict> {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization ?? '');
    if (!match) return refused('an Authorization: Bearer <access token> header is required');
    const { issuer, jwks } = await this.loadMetadata();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1], jwks, {
        algorithms: ['RS256'],
        audience: [`api://${this.appId}`, this.appId],
        clockTolerance: 60,
        requiredClaims: ['exp', 'iss', 'tid'],
      }));
    } catch (error) {
      // Entra's keys out of reach is not the caller's fault: it fails as unavailable.
      if (error instanceof errors.JOSEError && error.code !== 'ERR_JWKS_TIMEOUT')
        return refused(describe(error));
      throw error;
    }
    const tenant = typeof payload.tid === 'string' && GUID.test(payload.tid) ? payload.tid : undefined;
    if (!tenant) return refused('the token has no tenant (tid)');
    const issuers = [issuer.replace('{tenantid}', tenant), `https://sts.windows.net/${tenant}/`];
    if (!issuers.includes(String(payload.iss)))
      return refused('the token was not issued by Microsoft Entra ID');
    if (payload.scp !== undefined)
      return {
        ok: false,
        reason: 'forbidden',
        detail: 'the API takes app-only tokens, not a user’s delegated token',
      };
    const clientId = payload.azp ?? payload.appid;
    if (typeof clientId !== 'string' || !GUID.test(clientId))
      return refused('the token names no calling app (azp)');
    return { ok: true, clientId: clientId.toLowerCase() };
  }

  /** Read once; a failed read is tried again at the next request. */
  private loadMetadata(): Promise<Metadata> {
    this.metadata ??= (async () => {
      const response = await fetch(this.metadataUrl, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`OpenID metadata ${this.metadataUrl}: HTTP ${response.status}`);
      const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
      if (typeof document.issuer !== 'string' || typeof document.jwks_uri !== 'string')
        throw new Error(`OpenID metadata ${this.metadataUrl}: no issuer or jwks_uri`);
      return { issuer: document.issuer, jwks: createRemoteJWKSet(new URL(document.jwks_uri)) };
    })().catch((error: unknown) => {
      this.metadata = undefined;
      throw error;
    });
    return this.metadata;
  }
}

const refused = (detail: string): TokenVerdict => ({ ok: false, reason: 'unauthenticated', detail });

/** What was wrong, without echoing the token. */
function describe(error: InstanceType<typeof errors.JOSEError>): string {
  switch (error.code) {
    case 'ERR_JWT_EXPIRED':
      return 'the token has expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return `the token's ${(error as InstanceType<typeof errors.JWTClaimValidationFailed>).claim} claim is not valid`;
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'the token is not signed with a key Microsoft Entra ID publishes';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'the token signature is not valid';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'the token must be signed with RS256';
    default:
      return 'the token is not valid';
  }
}
