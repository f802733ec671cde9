import type { Logger } from 'pino';
import type { Actor, AssignOutcome, PrincipalRef, UnassignOutcome } from '../licensing/model';

/**
 * One log line per change an admin made, for operators who follow the log rather than the audit
 * trail in Cosmos (which stays the record): who, in which tenant, which app, what, seats before and
 * after. Principals are named by id and kind, not by display name.
 */
export function logAssigned(logger: Logger, actor: Actor, outcome: AssignOutcome): void {
  if (outcome.assigned.length === 0) return;
  logChange(logger, actor, 'assign', outcome.app.appId, outcome.assigned, outcome);
}

export function logUnassigned(
  logger: Logger,
  actor: Actor,
  outcome: UnassignOutcome,
  confirmationId: string,
): void {
  if (outcome.removed.length === 0) return;
  logChange(logger, actor, 'unassign', outcome.app.appId, outcome.removed, outcome, confirmationId);
}

function logChange(
  logger: Logger,
  actor: Actor,
  action: 'assign' | 'unassign',
  appId: string,
  principals: PrincipalRef[],
  seats: { seatsBefore: number; seatsAfter: number },
  confirmationId?: string,
): void {
  logger.info(
    {
      audit: action,
      tenantId: actor.tenantId,
      actorId: actor.userId,
      actorName: actor.name,
      appId,
      principals: principals.map((p) => `${p.kind}:${p.id}`),
      seatsBefore: seats.seatsBefore,
      seatsAfter: seats.seatsAfter,
      ...(confirmationId ? { confirmationId } : {}),
    },
    'license change',
  );
}
