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

/**
 * Each kind's title (what happened, in a few words: the card's heading), its text (what to do), and
 * the HTTP status of an HTTP answer (the page's routes, the typeahead).
 */
const FAILURES: Record<FailureKind, { title: StringKey; text: StringKey; status: number }> = {
  CatalogMissing: { title: 'error.CatalogMissing.title', text: 'error.CatalogMissing', status: 404 },
  CatalogInvalid: { title: 'error.CatalogInvalid.title', text: 'error.CatalogInvalid', status: 503 },
  AppNotFound: { title: 'error.AppNotFound.title', text: 'error.AppNotFound', status: 404 },
  AppRemoved: { title: 'error.AppRemoved.title', text: 'error.AppRemoved', status: 409 },
  PrincipalNotFound: { title: 'error.PrincipalNotFound.title', text: 'error.PrincipalNotFound', status: 404 },
  NothingToAssign: { title: 'error.NothingToAssign.title', text: 'error.NothingToAssign', status: 409 },
  NothingToUnassign: { title: 'error.NothingToUnassign.title', text: 'error.NothingToUnassign', status: 409 },
  TooManyPrincipals: { title: 'error.TooManyPrincipals.title', text: 'error.TooManyPrincipals', status: 400 },
  NotEnoughSeats: { title: 'error.NotEnoughSeats.title', text: 'error.NotEnoughSeats', status: 409 },
  ConfirmationNotFound: { title: 'unassign.refused.title', text: 'error.ConfirmationNotFound', status: 404 },
  ConfirmationUsed: { title: 'unassign.refused.title', text: 'error.ConfirmationUsed', status: 409 },
  ConfirmationCancelled: {
    title: 'unassign.refused.title',
    text: 'error.ConfirmationCancelled',
    status: 409,
  },
  ConfirmationExpired: { title: 'unassign.refused.title', text: 'error.ConfirmationExpired', status: 409 },
  ConfirmationChanged: { title: 'unassign.refused.title', text: 'error.ConfirmationChanged', status: 409 },
  // Still good for the admin who asked for it: the title says whose it is, not that it is spent.
  ConfirmationNotYours: {
    title: 'error.ConfirmationNotYours.title',
    text: 'error.ConfirmationNotYours',
    status: 403,
  },
  RequestNotFound: { title: 'error.RequestNotFound.title', text: 'error.RequestNotFound', status: 404 },
  SeatEndChanged: { title: 'error.SeatEndChanged.title', text: 'error.SeatEndChanged', status: 409 },
  Busy: { title: 'error.Busy.title', text: 'error.Busy', status: 503 },
  StorageUnavailable: {
    title: 'error.StorageUnavailable.title',
    text: 'error.StorageUnavailable',
    status: 503,
  },
  StorageUncertain: { title: 'error.StorageUncertain.title', text: 'error.StorageUncertain', status: 503 },
  // Only a directory that does not answer is the server being unavailable; the rest will not pass on retry.
  DirectoryUnavailable: {
    title: 'error.DirectoryUnavailable.title',
    text: 'error.DirectoryUnavailable',
    status: 503,
  },
  DirectoryPermissionMissing: {
    title: 'error.DirectoryPermissionMissing.title',
    text: 'error.DirectoryPermissionMissing',
    status: 403,
  },
  TenantNotInDirectory: {
    title: 'error.TenantNotInDirectory.title',
    text: 'error.TenantNotInDirectory',
    status: 403,
  },
  NotAnAdmin: { title: 'error.NotAnAdmin.title', text: 'error.NotAnAdmin', status: 403 },
  BadCardData: { title: 'error.BadCardData.title', text: 'error.BadCardData', status: 400 },
  Unknown: { title: 'error.Unknown.title', text: 'error.Unknown', status: 500 },
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

/** What happened, in a few words, in `language`: the title of the card that explains it. */
export function failureTitle(language: Language, failure: Failure): string {
  return t(language, FAILURES[failure.kind].title, failure.params);
}
