import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Language } from '../i18n';

/**
 * The short-lived token of the Assign licenses pane. The bot signs it when Teams asks for the
 * dialog (task/fetch); the page sends it with every request, and the bot checks it each time.
 * It binds the pane to one organisation, one admin and one app: the page itself is never trusted.
 *
 * Format: base64url(JSON claims) "." base64url(HMAC-SHA256(secret, "assign-pane." + claims part)).
 */

export interface PaneClaims {
  tenantId: string;
  /** The admin's Entra object id (lowercase). */
  userId: string;
  appId: string;
  language: Language;
  /** Expiry, milliseconds since the epoch. */
  expiresAt: number;
}

export type PaneTokenCheck =
  { ok: true; claims: PaneClaims } | { ok: false; reason: 'invalid' | 'expired'; language?: Language };

/** The purpose mixed into every signature: a token signed for something else never passes here. */
const PURPOSE = 'assign-pane.';
const MAX_TOKEN_LENGTH = 2048;
export const DEFAULT_PANE_TTL_MS = 15 * 60 * 1000;

const isText = (value: unknown, max = 200): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

function claimsOf(value: unknown): PaneClaims | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const c = value as Record<string, unknown>;
  if (c.v !== 1 || !isText(c.tid) || !isText(c.oid) || !isText(c.app)) return undefined;
  if (c.lang !== 'en' && c.lang !== 'fr') return undefined;
  if (typeof c.exp !== 'number' || !Number.isFinite(c.exp)) return undefined;
  return { tenantId: c.tid, userId: c.oid, appId: c.app, language: c.lang, expiresAt: c.exp };
}

/**
 * The secret that signs, and during a rotation the one it replaces: a pane opened just before the
 * new secret reached every instance keeps working until its token expires.
 */
export interface PaneSecrets {
  current: string;
  previous?: string;
}

export class PaneTokens {
  private readonly secret: Buffer;
  private readonly previous: Buffer | undefined;

  constructor(
    secrets: string | PaneSecrets,
    private readonly ttlMs = DEFAULT_PANE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {
    const { current, previous } = typeof secrets === 'string' ? { current: secrets } : secrets;
    if (current.length < 16 || (previous !== undefined && previous.length < 16))
      throw new Error('The pane token secret is too short');
    this.secret = Buffer.from(current, 'utf8');
    this.previous = previous === undefined ? undefined : Buffer.from(previous, 'utf8');
  }

  sign(claims: Omit<PaneClaims, 'expiresAt'>): { token: string; expiresAt: number } {
    const expiresAt = this.now() + this.ttlMs;
    const body = Buffer.from(
      JSON.stringify({
        v: 1,
        tid: claims.tenantId,
        oid: claims.userId,
        app: claims.appId,
        lang: claims.language,
        exp: expiresAt,
        // Two panes opened in the same millisecond still get different tokens.
        n: randomBytes(6).toString('base64url'),
      }),
    ).toString('base64url');
    return { token: `${body}.${this.mac(this.secret, body)}`, expiresAt };
  }

  verify(token: unknown): PaneTokenCheck {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'invalid' };
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return { ok: false, reason: 'invalid' };
    const given = Buffer.from(mac, 'utf8');
    const signedBy = (secret: Buffer) => {
      const expected = Buffer.from(this.mac(secret, body), 'utf8');
      return given.length === expected.length && timingSafeEqual(given, expected);
    };
    if (!signedBy(this.secret) && !(this.previous && signedBy(this.previous))) {
      return { ok: false, reason: 'invalid' };
    }
    let claims: PaneClaims | undefined;
    try {
      claims = claimsOf(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    } catch {
      claims = undefined;
    }
    if (!claims) return { ok: false, reason: 'invalid' };
    if (claims.expiresAt <= this.now()) return { ok: false, reason: 'expired', language: claims.language };
    return { ok: true, claims };
  }

  private mac(secret: Buffer, body: string): string {
    return createHmac('sha256', secret).update(PURPOSE).update(body).digest('base64url');
  }
}
