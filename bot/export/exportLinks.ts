import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Language } from '../i18n';

/**
 * The download link of an app's holders (`export Contoso CRM`): signed for one organisation, one
 * admin and one app, valid 15 minutes. Signed with a key derived from the dialog token secret
 * (DIALOG_TOKEN_SECRET, and during a rotation the previous one), so that a link can never pass for a
 * pane token or the other way round. A link is a bearer token (a browser download carries no Teams
 * identity): the route also checks that its admin still holds an admin role in its organisation.
 *
 * Format: base64url(JSON claims) "." base64url(HMAC-SHA256(derived key, claims part)).
 */

export interface ExportClaims {
  tenantId: string;
  /** The admin's Entra object id (lowercase). */
  userId: string;
  appId: string;
  language: Language;
  /** Expiry, milliseconds since the epoch. */
  expiresAt: number;
}

export type ExportLinkCheck =
  | { ok: true; claims: ExportClaims }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'expired'; claims: ExportClaims };

export const EXPORT_LINK_TTL_MS = 15 * 60 * 1000;
const MAX_TOKEN_LENGTH = 2048;

/** A key of its own for export links, from the dialog secret. */
const deriveKey = (secret: string) =>
  createHmac('sha256', Buffer.from(secret, 'utf8')).update('license-desk:holders-export:v1').digest();

const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 200;

function claimsOf(value: unknown): ExportClaims | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const c = value as Record<string, unknown>;
  if (c.v !== 1 || !isText(c.tid) || !isText(c.oid) || !isText(c.app)) return undefined;
  if ((c.lang !== 'en' && c.lang !== 'fr') || typeof c.exp !== 'number' || !Number.isFinite(c.exp))
    return undefined;
  return { tenantId: c.tid, userId: c.oid, appId: c.app, language: c.lang, expiresAt: c.exp };
}

export class ExportLinks {
  private readonly keys: Buffer[];

  constructor(
    secrets: { current: string; previous?: string },
    private readonly now: () => number = Date.now,
    private readonly ttlMs = EXPORT_LINK_TTL_MS,
  ) {
    this.keys = [secrets.current, ...(secrets.previous ? [secrets.previous] : [])].map(deriveKey);
  }

  sign(claims: Omit<ExportClaims, 'expiresAt'>): { token: string; expiresAt: number } {
    const expiresAt = this.now() + this.ttlMs;
    const body = Buffer.from(
      JSON.stringify({
        v: 1,
        tid: claims.tenantId,
        oid: claims.userId,
        app: claims.appId,
        lang: claims.language,
        exp: expiresAt,
        n: randomBytes(6).toString('base64url'),
      }),
    ).toString('base64url');
    return { token: `${body}.${mac(this.keys[0], body)}`, expiresAt };
  }

  verify(token: unknown): ExportLinkCheck {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'invalid' };
    const [body, given, extra] = token.split('.');
    if (!body || !given || extra !== undefined) return { ok: false, reason: 'invalid' };
    const signed = this.keys.some((key) => {
      const expected = Buffer.from(mac(key, body), 'utf8');
      const actual = Buffer.from(given, 'utf8');
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    });
    if (!signed) return { ok: false, reason: 'invalid' };
    let claims: ExportClaims | undefined;
    try {
      claims = claimsOf(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    } catch {
      claims = undefined;
    }
    if (!claims) return { ok: false, reason: 'invalid' };
    if (claims.expiresAt <= this.now()) return { ok: false, reason: 'expired', claims };
    return { ok: true, claims };
  }
}

function mac(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}
