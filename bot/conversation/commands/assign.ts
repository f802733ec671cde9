import { t } from '../../i18n';
import type { CatalogApp } from '../../licensing/model';
import { assignInChatReply } from '../assignChatCard';
import { logAssigned } from '../auditLog';
import type { CommandContext, Reply } from '../context';
import { endDateClause, endDateLabel, parseEndDate } from '../endDate';
import { aboutApp } from '../errors';
import type { ParsedCommand } from '../parse';
import { withTypingIfSlow } from '../typing';
import { assignResultCard } from '../views/changeViews';
import { noticeCard } from '../views/messageViews';
import type { CommandHandler } from './handler';
import { findTarget } from './target';

/** A time-bound assignment's end: the instant and the zone the admin wrote it in. */
export interface SeatEnd {
  until: string;
  zone: string;
}

export const assign: CommandHandler = {
  intent: 'assign',
  adminOnly: true,
  async run(ctx, command) {
    const timed = withoutEndDate(ctx, command);
    if ('card' in timed) return timed;
    // "assign Contoso CRM" with nobody named: the card where the admin picks users and groups.
    const target = await findTarget(
      ctx,
      timed.command,
      'assign',
      'to',
      t(ctx.turn.language, 'help.cmd.assign'),
      (app) => assignInChatReply(ctx, app),
      timed.clause,
    );
    if ('card' in target) return target;
    return assignAndReport(ctx, target.app, target.principalIds, timed.end);
  },
};

/**
 * "… until 30 June", "… jusqu'au 30 juin", "… for 3 months" taken off the names, read in the admin's
 * time zone; a date that cannot be read or has passed gets the format to use instead.
 */
function withoutEndDate(
  ctx: CommandContext,
  command: ParsedCommand,
): { command: ParsedCommand; end?: SeatEnd; clause?: string } | Reply {
  const last = command.splits[command.splits.length - 1];
  const clause = endDateClause(last?.principalsText ?? command.rest);
  if (clause.endText === undefined) return { command };
  const { language, timeZone } = ctx.turn;
  const parsed = parseEndDate(clause.endText, new Date(), timeZone);
  if (parsed.kind !== 'date') {
    const text =
      parsed.kind === 'past'
        ? t(language, 'until.past', {
            date: endDateLabel(language, parsed.until, parsed.zone),
            zone: parsed.zone,
          })
        : t(language, 'until.invalid', { text: clause.endText, zone: parsed.zone });
    return { card: noticeCard(t(language, 'until.invalid.title'), [text], 'Warning') };
  }
  const strip = (text: string) => endDateClause(text).rest;
  return {
    command: {
      ...command,
      rest: strip(command.rest),
      splits: command.splits.map((split) => ({ ...split, principalsText: strip(split.principalsText) })),
    },
    end: { until: parsed.until, zone: parsed.zone },
    // As typed, for the buttons of a choice card (a name that needs choosing keeps its end date).
    clause: (last?.principalsText ?? command.rest).slice(clause.rest.length),
  };
}

/** Assigns the app to the principals and answers with the result card (the next step: install). */
export async function assignAndReport(
  ctx: CommandContext,
  app: CatalogApp,
  principalIds: string[],
  end?: SeatEnd,
): Promise<Reply> {
  const outcome = await withTypingIfSlow(ctx, () =>
    aboutApp(
      app,
      ctx.services.ledger.assign(ctx.turn.actor, app.appId, principalIds, app, { until: end?.until }),
    ),
  );
  logAssigned(ctx.services.logger, ctx.turn.actor, outcome);
  if (outcome.assigned.length === 0) {
    return {
      card: noticeCard(
        t(ctx.turn.language, 'error.NothingToAssign.title', { app: app.name }),
        [t(ctx.turn.language, 'error.NothingToAssign', { app: app.name })],
        'Warning',
      ),
    };
  }
  const card = assignResultCard(ctx.turn.language, outcome, undefined, end);
  if (!outcome.notices) return { card };
  const data = { kind: 'assign' as const, language: ctx.turn.language, outcome, ...(end ? { end } : {}) };
  return { card, follows: { noticeId: outcome.notices.noticeId, data } };
}
