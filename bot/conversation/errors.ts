import type { Logger } from 'pino';
import type { AdaptiveCard } from '../../cards';
import { DirectoryError } from '../directory/directory';
import { t, type Language, type StringKey } from '../i18n';
import { NotAnAdmin } from '../licensing/access';
import { LicenseError, type CatalogApp } from '../licensing/model';
import { noticeCard } from './views/messageViews';

/** A click whose card data is missing or malformed. */
export class BadCardData extends Error {
  readonly kind = 'BadCardData';
  constructor(detail: string) {
    super(`BadCardData: ${detail}`);
    this.name = 'BadCardData';
  }
}

const CONFIRMATION_KINDS = new Set([
  'ConfirmationNotFound',
  'ConfirmationUsed',
  'ConfirmationCancelled',
  'ConfirmationExpired',
  'ConfirmationChanged',
  'ConfirmationNotYours',
]);

/** Failures of the store rather than of the request: operators must see them. */
const STORAGE_KINDS = new Set(['StorageUnavailable', 'StorageUncertain', 'Busy']);

/** The card that tells the user, in their language, what went wrong and what to do. */
export function errorCard(
  language: Language,
  error: unknown,
  logger: Logger,
  app?: CatalogApp,
): AdaptiveCard {
  const appParams: Record<string, string | number> = app
    ? { app: app.name, vendor: app.vendor.name, purchased: app.seatsPurchased }
    : {};
  if (error instanceof LicenseError) {
    if (STORAGE_KINDS.has(error.kind)) logger.warn({ kind: error.kind, ...error.params }, 'storage failed');
    const title = CONFIRMATION_KINDS.has(error.kind)
      ? t(language, 'unassign.refused.title')
      : t(language, 'error.title');
    const params = { app: '', vendor: '', ...appParams, ...error.params };
    return noticeCard(title, [t(language, `error.${error.kind}` as StringKey, params)]);
  }
  if (error instanceof DirectoryError) {
    logger.warn({ kind: error.kind, detail: error.detail }, 'directory error');
    return noticeCard(t(language, 'error.title'), [
      t(language, `error.${error.kind}` as StringKey, { detail: error.detail ?? '' }),
    ]);
  }
  if (error instanceof NotAnAdmin || error instanceof BadCardData) {
    return noticeCard(t(language, 'error.title'), [t(language, `error.${error.kind}`)]);
  }
  logger.error({ err: error }, 'unexpected error');
  return noticeCard(t(language, 'error.title'), [t(language, 'error.Unknown')]);
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
