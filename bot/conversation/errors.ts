import type { Logger } from 'pino';
import type { AdaptiveCard } from '../../cards';
import { failureOf, failureText, type FailureKind } from '../failures';
import { t, type Language } from '../i18n';
import { LicenseError, type CatalogApp } from '../licensing/model';
import { noticeCard } from './views/messageViews';

const CONFIRMATION_KINDS = new Set<FailureKind>([
  'ConfirmationNotFound',
  'ConfirmationUsed',
  'ConfirmationCancelled',
  'ConfirmationExpired',
  'ConfirmationChanged',
  'ConfirmationNotYours',
]);

/** The card that tells the user, in their language, what went wrong and what to do. */
export function errorCard(language: Language, error: unknown, logger: Logger): AdaptiveCard {
  const failure = failureOf(error, logger);
  const title = CONFIRMATION_KINDS.has(failure.kind) ? 'unassign.refused.title' : 'error.title';
  return noticeCard(t(language, title), [failureText(language, failure)]);
}

/** Runs a core operation on `app`, so its errors can name the app and its vendor. */
export async function aboutApp<T>(app: CatalogApp, operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    if (error instanceof LicenseError) {
      throw new LicenseError(error.kind, {
        app: app.name,
        vendor: app.vendor.name,
        purchased: app.seatsPurchased,
        ...error.params,
      });
    }
    throw error;
  }
}
