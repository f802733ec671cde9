import type { Language } from '../i18n';
import { SignedClaims, type SignedClaimsData, type SigningSecrets } from '../signedClaims';

/**
 * The short-lived token of the Assign licenses pane. The bot signs it when Teams asks for the
 * dialog (task/fetch); the page sends it with every request, and the bot checks it each time.
 * It binds the pane to one organisation, one admin and one app: the page itself is never trusted.
 * Signed as bot/signedClaims.ts says, with the purpose "assign-pane.".
 */
export type PaneClaims = SignedClaimsData;
export type PaneSecrets = SigningSecrets;

export type PaneTokenCheck =
  { ok: true; claims: PaneClaims } | { ok: false; reason: 'invalid' | 'expired'; language?: Language };

export const DEFAULT_PANE_TTL_MS = 15 * 60 * 1000;

export class PaneTokens {
  private readonly signed: SignedClaims;

  constructor(secrets: string | PaneSecrets, ttlMs = DEFAULT_PANE_TTL_MS, now: () => number = Date.now) {
    const both = typeof secrets === 'string' ? { current: secrets } : secrets;
    this.signed = new SignedClaims('assign-pane.', both, ttlMs, now);
  }

  sign(claims: Omit<PaneClaims, 'expiresAt'>): { token: string; expiresAt: number } {
    return this.signed.sign(claims);
  }

  /** An expired token still says its language: the page explains in it. */
  verify(token: unknown): PaneTokenCheck {
    const check = this.signed.verify(token);
    if (check.ok || check.reason === 'invalid') return check;
    return { ok: false, reason: 'expired', language: check.claims.language };
  }
}
