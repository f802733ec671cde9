import {
  SignedClaims,
  type SignedClaimsCheck,
  type SignedClaimsData,
  type SigningSecrets,
} from '../signedClaims';

/**
 * The download link of an app's holders (`export Contoso CRM`): signed for one organisation, one
 * admin and one app, valid 15 minutes, with the dialog token secret (DIALOG_TOKEN_SECRET, and during a
 * rotation the previous one) and a purpose of its own, so a link can never pass for a pane token or
 * the other way round (bot/signedClaims.ts). A link is a bearer token (a browser download carries no
 * Teams identity): the route also checks that its admin still holds an admin role in its organisation.
 */
export type ExportClaims = SignedClaimsData;
export type ExportLinkCheck = SignedClaimsCheck;

export const EXPORT_LINK_TTL_MS = 15 * 60 * 1000;

export class ExportLinks extends SignedClaims {
  constructor(secrets: SigningSecrets, now: () => number = Date.now, ttlMs = EXPORT_LINK_TTL_MS) {
    super('holders-export.', secrets, ttlMs, now);
  }
}
