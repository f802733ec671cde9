import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Language } from './i18n';

/**
 * Short-lived bearer tokens that bind one organisation, one admin and one app: the Assign licenses
 * pane's token and the holders export's download link. Each use has its own purpose, mixed into every
 * signature, so a token signed for one never passes for the other.
 *
 * Format: base64url(JSON claims) "." base64url(HMAC-SHA256(secret, purpose + claims part)).
 */
export interface SignedClaimsData {
  tenantId: string;
  /** The admin's Entra object id (lowercase). */
  userId: string;
  appId: string;
  language: Language;
  /** Expiry, milliseconds since the epoch. */
  expiresAt: number;
}

export type SignedClaimsCheck =
  | { ok: true; claims: SignedClaimsData }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'expired'; claims: SignedClaimsData };

/**
 * The secret that signs, and during a rotation the one it replaces: a token signed just before the
 * new secret reached every instance keeps working until it expires.
 */
export interface SigningSecrets {
  current: string;
  previous?: string;
}

const MAX_TOKEN_LENGTH = 2048;

const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 200;

function claimsOf(value: unknown): SignedClaimsData | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const c = value as Record<string, unknown>;
  if (c.v !== 1 || !isText(c.tid) || !isText(c.oid) || !isText(c.app)) return undefined;
  if (c.lang !== 'en' && c.lang !== 'fr') return undefined;
  if (typeof c.exp !== 'number' || !Number.isFinite(c.exp)) return undefined;
  return { tenantId: c.tid, userId: c.oid, appId: c.app, language: c.lang, expiresAt: c.exp };
}

export class SignedClaims {
  private readonly secrets: Buffer[];

  constructor(
    private readonly purpose: string,
    secrets: SigningSecrets,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    const { current, previous } = secrets;
    if (current.length < 16 || (previous !== undefined && previous.length < 16))
      throw new Error(`The ${purpose} secret is too short`);
    this.secrets = [current, ...(previous !== undefined ? [previous] : [])].map((s) =>
      Buffer.from(s, 'utf8'),
    );
  }

  sign(claims: Omit<SignedClaimsData, 'expiresAt'>): { token: string; expiresAt: number } {
    const expiresAt = this.now() + this.ttlMs;
    const body = Buffer.from(
      JSON.stringify({
        v: 1,
        tid: claims.tenantId,
        oid: claims.userId,
        app: claims.appId,
        lang: claims.language,
        exp: expiresAt,
        // Two tokens signed in the same millisecond still differ.
        n: randomBytes(6).toString('base64url'),
      }),
    ).toString('base64url');
    return { token: `${body}.${this.mac(this.secrets[0], body)}`, expiresAt };
  }

  verify(token: unknown): SignedClaimsCheck {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'invalid' };
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return { ok: false, reason: 'invalid' };
    const given = Buffer.from(mac, 'utf8');
    const signed = this.secrets.some((secret) => {
      const expected = Buffer.from(this.mac(secret, body), 'utf8');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
    if (!signed) return { ok: false, reason: 'invalid' };
    let claims: SignedClaimsData | undefined;
    try {
      claims = claimsOf(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    } catch {
      claims = undefined;
    }
    if (!claims) return { ok: false, reason: 'invalid' };
    if (claims.expiresAt <= this.now()) return { ok: false, reason: 'expired', claims };
    return { ok: true, claims };
  }

  private mac(secret: Buffer, body: string): string {
    return createHmac('sha256', secret).update(this.purpose).update(body).digest('base64url');
  }
}
