import type { Logger } from 'pino';
import type { AdaptiveCard, NoticeAction } from '../../cards';
import { failureOf, failureText, failureTitle, type Failure } from '../failures';
import { t, type Language } from '../i18n';
import { LicenseError, type CatalogApp } from '../licensing/model';
import { noticeCard } from './views/messageViews';

/** The card that tells the user, in their language, what happened and what to do. */
export function errorCard(language: Language, error: unknown, logger: Logger): AdaptiveCard {
  const failure = failureOf(error, logger);
  return noticeCard(
    failureTitle(language, failure),
    [failureText(language, failure)],
    'Attention',
    nextSteps(language, failure),
  );
}

/** What the user can do next, as buttons: a seat refusal leads to the vendor and to the app's page. */
function nextSteps(language: Language, failure: Failure): NoticeAction[] {
  const { appId } = failure.params;
  if (failure.kind !== 'NotEnoughSeats' || typeof appId !== 'string' || !appId) return [];
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
