import type { Logger } from 'pino';
import type { AdaptiveCard, NoticeAction } from '../../cards';
import { DirectoryError } from '../directory/directory';
import { t, type Language, type Params, type StringKey } from '../i18n';
import { LicenseError, type CatalogApp, type LicenseErrorKind } from '../licensing/model';
import { noticeCard } from './views/messageViews';

/** The person is not a Global, License or User admin of the organisation. */
export class NotAnAdmin extends Error {
  readonly kind = 'NotAnAdmin';
  constructor() {
    super('NotAnAdmin');
    this.name = 'NotAnAdmin';
  }
}

/** A click whose card data is missing or malformed. */
export class BadCardData extends Error {
  readonly kind = 'BadCardData';
  constructor(detail: string) {
    super(`BadCardData: ${detail}`);
    this.name = 'BadCardData';
  }
}

type ErrorKind =
  LicenseErrorKind | DirectoryError['kind'] | NotAnAdmin['kind'] | BadCardData['kind'] | 'Unknown';

/** The title of each kind's card: what happened, in a few words. */
const TITLES: Record<ErrorKind, StringKey> = {
  CatalogMissing: 'error.CatalogMissing.title',
  CatalogInvalid: 'error.CatalogInvalid.title',
  AppNotFound: 'error.AppNotFound.title',
  PrincipalNotFound: 'error.PrincipalNotFound.title',
  NothingToAssign: 'error.NothingToAssign.title',
  NothingToUnassign: 'error.NothingToUnassign.title',
  TooManyPrincipals: 'error.TooManyPrincipals.title',
  NotEnoughSeats: 'error.NotEnoughSeats.title',
  ConfirmationNotFound: 'unassign.refused.title',
  ConfirmationUsed: 'unassign.refused.title',
  ConfirmationCancelled: 'unassign.refused.title',
  ConfirmationExpired: 'unassign.refused.title',
  ConfirmationChanged: 'unassign.refused.title',
  // The confirmation is still good, for the admin who asked for it.
  ConfirmationNotYours: 'error.ConfirmationNotYours.title',
  Busy: 'error.Busy.title',
  StorageUnavailable: 'error.StorageUnavailable.title',
  StorageUncertain: 'error.StorageUncertain.title',
  DirectoryUnavailable: 'error.DirectoryUnavailable.title',
  DirectoryPermissionMissing: 'error.DirectoryPermissionMissing.title',
  TenantNotInDirectory: 'error.TenantNotInDirectory.title',
  NotAnAdmin: 'error.NotAnAdmin.title',
  BadCardData: 'error.BadCardData.title',
  Unknown: 'error.Unknown.title',
};

/** Failures of the store rather than of the request: operators must see them. */
const STORAGE_KINDS = new Set(['StorageUnavailable', 'StorageUncertain', 'Busy']);

/** The card that tells the user, in their language, what went wrong and what to do. */
export function errorCard(language: Language, error: unknown, logger: Logger): AdaptiveCard {
  const card = (kind: ErrorKind, params: Params = {}, actions: NoticeAction[] = []) =>
    noticeCard(
      t(language, TITLES[kind], params),
      [t(language, `error.${kind}` as StringKey, params)],
      'Attention',
      actions,
    );
  if (error instanceof LicenseError) {
    if (STORAGE_KINDS.has(error.kind)) logger.warn({ kind: error.kind, ...error.params }, 'storage failed');
    const params = { app: '', vendor: '', ...error.params };
    return card(error.kind, params, nextSteps(language, error));
  }
  if (error instanceof DirectoryError) {
    logger.warn({ kind: error.kind, detail: error.detail }, 'directory error');
    return card(error.kind, { detail: error.detail ?? '' });
  }
  if (error instanceof NotAnAdmin || error instanceof BadCardData) return card(error.kind);
  logger.error({ err: error }, 'unexpected error');
  return card('Unknown');
}

/** What the user can do next, as buttons: a seat refusal leads to the vendor and to the app's page. */
function nextSteps(language: Language, error: LicenseError): NoticeAction[] {
  const { appId } = error.params;
  if (error.kind !== 'NotEnoughSeats' || typeof appId !== 'string') return [];
  return [
    { title: t(language, 'seats.button.vendor'), verb: 'seats', appId, principalIds: '' },
    { title: t(language, 'list.button.details'), verb: 'details', appId, principalIds: '' },
  ];
}

/** Runs a core operation on `app`, so its errors can name the app and its vendor. */
export async function aboutApp<T>(app: CatalogApp, operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    if (error instanceof LicenseError) {
      throw new LicenseError(error.kind, {
        appId: app.appId,
        app: app.name,
        vendor: app.vendor.name,
        purchased: app.seatsPurchased,
        ...error.params,
      });
    }
    throw error;
  }
}
