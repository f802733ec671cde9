import { renderDecisionCard, type AdaptiveCard } from '../../../cards';
import { failureOf, failureText } from '../../failures';
import type { Logger } from 'pino';
import { t, type Language } from '../../i18n';
import { LicenseError } from '../../licensing/model';
import type { OffboardOutcome, OffboardPlan } from '../../licensing/offboarding';
import { noticeCard } from './messageViews';
import { throughNames } from './notAssignedViews';

/** Buttons offered to unassign a group a person holds an app through (each opens its own confirmation). */
const GROUP_BUTTONS = 5;

/** One card for every direct assignment of a person; holdings through groups named with the group. */
export function offboardCard(language: Language, plan: OffboardPlan): AdaptiveCard {
  const name = plan.principal.displayName;
  const throughLines = [...plan.throughGroups, ...plan.alsoThroughGroups].map((holding) => {
    const groups = throughNames(
      language,
      holding.through.map((group) => group.displayName),
    );
    return t(language, 'offboard.through', { name, app: holding.app.name, groups });
  });
  if (!plan.offboardId || !plan.expiresAt) {
    return noticeCard(
      t(language, 'offboard.none.title', { name }),
      [t(language, 'offboard.none', { name }), ...throughLines],
      'Default',
      plan.throughGroups
        .flatMap((holding) => holding.through.map((group) => ({ holding, group })))
        .slice(0, GROUP_BUTTONS)
        .map(({ holding, group }) => ({
          title: t(language, 'unassign.none.button', { group: `${group.displayName} (${holding.app.name})` }),
          verb: 'unassign.prepare',
          appId: holding.app.appId,
          principalIds: group.id,
        })),
    );
  }
  const offboardId = plan.offboardId;
  return renderDecisionCard({
    title: t(language, 'offboard.title', { name }),
    intro: t(language, 'offboard.intro'),
    rows: plan.confirmations.map((confirmation) => ({
      name: confirmation.preview.app.name,
      value: t(language, 'unassign.confirm.freed', {
        count: confirmation.preview.seatsBefore - confirmation.preview.seatsAfter,
      }),
    })),
    lines: [],
    warnings: throughLines,
    footer: t(language, 'unassign.confirm.expires', { time: plan.expiresAt.slice(11, 16) }),
    buttons: [
      {
        title: t(language, 'offboard.button.confirm'),
        verb: 'offboard.confirm',
        style: 'destructive',
        id: offboardId,
      },
      {
        title: t(language, 'unassign.button.cancel'),
        verb: 'offboard.cancel',
        style: 'default',
        id: offboardId,
      },
    ],
  });
}

/** What the confirmation did, app by app: removed, or left as it was and why. */
export function offboardDoneCard(
  language: Language,
  outcome: OffboardOutcome,
  confirmedBy: string,
  logger: Logger,
): AdaptiveCard {
  const lines = outcome.steps.map((step) =>
    'outcome' in step
      ? t(language, 'offboard.done.app', {
          app: step.app.name,
          before: step.outcome.seatsBefore,
          after: step.outcome.seatsAfter,
          purchased: step.app.seatsPurchased,
        })
      : t(language, 'offboard.done.failed', {
          app: step.app.name,
          reason: failureText(
            language,
            failureOf(new LicenseError(step.refused, { app: step.app.name, ...step.params }), logger),
          ),
        }),
  );
  const allDone = outcome.steps.every((step) => 'outcome' in step);
  return noticeCard(
    t(language, 'offboard.done.title', { name: outcome.principal.displayName }),
    [...lines, t(language, 'unassign.done.by', { name: confirmedBy })],
    allDone ? 'Default' : 'Warning',
  );
}

export function offboardCancelledCard(language: Language, name: string): AdaptiveCard {
  return noticeCard(
    t(language, 'offboard.cancelled.title', { name }),
    [t(language, 'unassign.cancelled.text')],
    'Default',
  );
}
