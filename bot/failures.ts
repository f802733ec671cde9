import type { Logger } from 'pino';
import { DirectoryError } from './directory/directory';
import { t, type Language, type Params, type StringKey } from './i18n';
import { NotAnAdmin } from './licensing/access';
import { LicenseError, type LicenseErrorKind } from './licensing/model';

/**
 * The one mapping from what went wrong to what the user reads, for the chat's cards, the card's
 * typeahead and the Assign licenses page alike. Errors are values with a kind; each kind has its
 * translated text here, checked by the compiler: a new kind without one does not build. The error's
 * own message is never shown (it may carry internals).
 */

/** A click, invoke or page request whose data is missing or malformed. */
export class BadCardData extends Error {
  readonly kind = 'BadCardData';
  constructor(detail: string) {
    super(`BadCardData: ${detail}`);
    this.name = 'BadCardData';
  }
}

export type FailureKind =
  | LicenseErrorKind
  | DirectoryError['kind']
  | NotAnAdmin['kind']
  | BadCardData['kind']
  /** Anything else: a bug, logged as an error, shown as "something went wrong". */
  | 'Unknown';

/** The text of each kind, and the HTTP status of an HTTP answer (the page's routes, the typeahead). */
const FAILURES: Record<FailureKind, { text: StringKey; status: number }> = {
  CatalogMissing: { text: 'error.CatalogMissing', status: 404 },
  CatalogInvalid: { text: 'error.CatalogInvalid', status: 503 },
  AppNotFound: { text: 'error.AppNotFound', status: 404 },
  AppRemoved: { text: 'error.AppRemoved', status: 409 },
  PrincipalNotFound: { text: 'error.PrincipalNotFound', status: 404 },
  NothingToAssign: { text: 'error.NothingToAssign', status: 409 },
  NothingToUnassign: { text: 'error.NothingToUnassign', status: 409 },
  TooManyPrincipals: { text: 'error.TooManyPrincipals', status: 400 },
  NotEnoughSeats: { text: 'error.NotEnoughSeats', status: 409 },
  ConfirmationNotFound: { text: 'error.ConfirmationNotFound', status: 404 },
  ConfirmationUsed: { text: 'error.ConfirmationUsed', status: 409 },
  ConfirmationCancelled: { text: 'error.ConfirmationCancelled', status: 409 },
  ConfirmationExpired: { text: 'error.ConfirmationExpired', status: 409 },
  ConfirmationChanged: { text: 'error.ConfirmationChanged', status: 409 },
  ConfirmationNotYours: { text: 'error.ConfirmationNotYours', status: 403 },
  Busy: { text: 'error.Busy', status: 503 },
  StorageUnavailable: { text: 'error.StorageUnavailable', status: 503 },
  StorageUncertain: { text: 'error.StorageUncertain', status: 503 },
  // Only a directory that does not answer is the server being unavailable; the rest will not pass on retry.
  DirectoryUnavailable: { text: 'error.DirectoryUnavailable', status: 503 },
  DirectoryPermissionMissing: { text: 'error.DirectoryPermissionMissing', status: 403 },
  TenantNotInDirectory: { text: 'error.TenantNotInDirectory', status: 403 },
  NotAnAdmin: { text: 'error.NotAnAdmin', status: 403 },
  BadCardData: { text: 'error.BadCardData', status: 400 },
  Unknown: { text: 'error.Unknown', status: 500 },
};

/** Failures of the store rather than of the request: operators must see them. */
const STORAGE_KINDS = new Set<FailureKind>(['StorageUnavailable', 'StorageUncertain', 'Busy']);

export interface Failure {
  kind: FailureKind;
  /** Fill the text's placeholders; those the error does not know are left empty. */
  params: Params;
  status: number;
}

/** What `error` means for the user; logs what operators must see (storage, directory, bugs). */
export function failureOf(error: unknown, logger: Logger): Failure {
  const failure = (kind: FailureKind, params: Params = {}): Failure => ({
    kind,
    params,
    status: FAILURES[kind].status,
  });
  if (error instanceof LicenseError) {
    if (STORAGE_KINDS.has(error.kind)) logger.warn({ kind: error.kind, ...error.params }, 'storage failed');
    return failure(error.kind, { app: '', vendor: '', text: '', ...error.params });
  }
  if (error instanceof DirectoryError) {
    logger.warn({ kind: error.kind, detail: error.detail }, 'directory error');
    return failure(error.kind, { detail: error.detail ?? '' });
  }
  if (error instanceof NotAnAdmin || error instanceof BadCardData) return failure(error.kind);
  logger.error({ err: error }, 'unexpected error');
  return failure('Unknown');
}

/** The failure, as the user reads it in `language`. */
export function failureText(language: Language, failure: Failure): string {
  return t(language, FAILURES[failure.kind].text, failure.params);
}
