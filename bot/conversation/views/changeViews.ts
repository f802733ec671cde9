import {
  renderAssignResultCard,
  renderNoticeCard,
  renderUnassignConfirmCard,
  type AdaptiveCard,
} from '../../../cards';
import { joinNames, t, type Language } from '../../i18n';
import type { AssignOutcome, Confirmation, PrincipalRef, UnassignOutcome } from '../../licensing/model';
import type { NoticeProgress } from '../../notices/noticeContent';
import { appWarning, seatParams } from './appViews';
import { notAssignedLines, throughNames } from './notAssignedViews';

const names = (language: Language, principals: PrincipalRef[]) =>
  joinNames(
    language,
    principals.map((p) => p.displayName),
  );

export function assignResultCard(
  language: Language,
  outcome: AssignOutcome,
  /** How far telling the people has come; absent in the first answer (nothing delivered yet). */
  progress?: NoticeProgress,
): AdaptiveCard {
  const { app, seats } = outcome;
  return renderAssignResultCard({
    title: t(language, 'assign.title', { app: app.name }),
    assignedLabel: t(language, 'assign.assigned'),
    assigned: joinNames(
      language,
      // A group says how many seats it used: members who already held the app use none.
      outcome.assigned.map((principal, i) =>
        principal.kind === 'user'
          ? principal.displayName
          : outcome.newSeats[i] > 0
            ? t(language, 'assign.newSeats', { count: outcome.newSeats[i], name: principal.displayName })
            : t(language, 'assign.noNewSeat', { name: principal.displayName }),
      ),
    ),
    alreadyLabel: t(language, 'assign.already'),
    already: names(language, outcome.alreadyAssigned),
    seatsLine: t(language, 'assign.seatsLeft', seatParams(seats)),
    warning: appWarning(language, app, seats),
    nextStep: t(language, 'assign.nextStep'),
    noticeLine: outcome.notices
      ? noticeLine(language, outcome.notices.recipients, 'notices.sending', progress)
      : '',
    installButton: t(language, 'assign.button.install'),
    installUrl: app.installUrl,
  });
}

export function unassignConfirmCard(language: Language, confirmation: Confirmation): AdaptiveCard {
  const { preview } = confirmation;
  const warnings: string[] = [];
  for (const effect of preview.effects) {
    const [first] = effect.keptThrough;
    if (!first) continue;
    // A user who also holds the app directly keeps it "through" themselves: say it plainly.
    const direct = first.via.some((via) => via.kind === 'user');
    const groupNames = first.via.filter((via) => via.kind === 'group').map((via) => via.displayName);
    if (effect.keptCount === 1) {
      warnings.push(
        direct && groupNames.length === 0
          ? t(language, 'unassign.confirm.keepsDirect', { user: first.displayName })
          : direct
            ? t(language, 'unassign.confirm.keepsDirectAnd', {
                user: first.displayName,
                via: throughNames(language, groupNames),
              })
            : t(language, 'unassign.confirm.keeps', {
                user: first.displayName,
                via: throughNames(language, groupNames),
              }),
      );
    } else {
      const via = direct ? [t(language, 'unassign.confirm.directly')] : [];
      warnings.push(
        t(language, 'unassign.confirm.keepsMany', {
          count: effect.keptCount,
          user: first.displayName,
          via: throughNames(language, [...via, ...groupNames]),
        }),
      );
    }
  }
  const { through, notHeld } = notAssignedLines(language, preview);
  warnings.push(...through);
  if (notHeld.length) {
    warnings.push(t(language, 'unassign.confirm.notAssigned', { names: joinNames(language, notHeld) }));
  }
  const seatsBack = preview.seatsBefore - preview.seatsAfter;
  return renderUnassignConfirmCard({
    confirmationId: confirmation.confirmationId,
    title: t(language, 'unassign.confirm.title', { app: preview.app.name }),
    intro: t(language, 'unassign.confirm.intro'),
    effects: preview.effects.map((effect) => ({
      name: effect.principal.displayName,
      freed: t(language, 'unassign.confirm.freed', { count: effect.seatsFreed }),
    })),
    seatsBack: t(language, 'unassign.confirm.seatsBack', { count: seatsBack }),
    seatsAfter: t(language, 'unassign.confirm.seatsAfter', {
      after: preview.seatsAfter,
      before: preview.seatsBefore,
      purchased: preview.app.seatsPurchased,
    }),
    warnings,
    expires: t(language, 'unassign.confirm.expires', { time: confirmation.expiresAt.slice(11, 16) }),
    confirmButton: t(language, 'unassign.button.confirm'),
    cancelButton: t(language, 'unassign.button.cancel'),
  });
}

export function unassignDoneCard(
  language: Language,
  outcome: UnassignOutcome,
  confirmedBy: string,
): AdaptiveCard {
  return renderNoticeCard({
    title: t(language, 'unassign.done.title', { app: outcome.app.name }),
    color: 'Good',
    style: 'default',
    lines: [
      t(language, 'unassign.done.removed', {
        names: names(language, outcome.removed),
        count: outcome.removed.length,
        before: outcome.seatsBefore,
        after: outcome.seatsAfter,
        purchased: outcome.app.seatsPurchased,
      }),
      t(language, 'unassign.done.by', { name: confirmedBy }),
      ...(outcome.notices ? [noticeLine(language, outcome.notices.recipients, 'notices.lostSending')] : []),
    ],
    actions: [],
  });
}

export function unassignCancelledCard(language: Language, appName: string): AdaptiveCard {
  return renderNoticeCard({
    title: t(language, 'unassign.cancelled.title', { app: appName }),
    color: 'Default',
    style: 'default',
    lines: [t(language, 'unassign.cancelled.text')],
    actions: [],
  });
}

/** What the result card says of the people told: being told, then how many were and could not be. */
function noticeLine(
  language: Language,
  count: number,
  sending: 'notices.sending' | 'notices.lostSending',
  progress?: NoticeProgress,
): string {
  if (!progress || (progress.delivered === 0 && progress.unreachable === 0 && !progress.done)) {
    return t(language, sending, { count });
  }
  const { delivered, unreachable } = progress;
  if (!progress.done) return t(language, 'notices.progress', { delivered, count, unreachable });
  const told = t(language, 'notices.done', { delivered, count });
  return unreachable > 0 ? `${told} ${t(language, 'notices.unreachable', { unreachable })}` : told;
}
