import { createHash } from 'node:crypto';
import { assignmentKey, type AssignmentRecord } from './ledgerDocuments';
import type { CatalogApp, NotAssigned, PrincipalRef, UnassignEffect, UnassignPreview } from './model';
import { DirectoryView, holdingUsers, usersOf } from './seats';

/** Users listed by name per effect; the rest are counted (a group can have 50,000 members). */
const KEPT_SHOWN = 10;

export interface PlannedUnassign {
  preview: UnassignPreview;
  /** Assignment keys to remove. */
  remove: Set<string>;
  removed: PrincipalRef[];
  /** The users who lose the app (Entra object ids). */
  freed: string[];
  /** What the admin is shown, reduced to what must still hold when the confirmation is used. */
  fingerprint: string;
}

/**
 * What removing these principals would do: seats that come back (each freed user attributed to the
 * first principal in the request that covered them), users who keep the app through an assignment
 * that stays, and for principals named that are not assigned themselves, how they hold it anyway.
 */
export async function planUnassign(
  app: CatalogApp,
  assignments: readonly AssignmentRecord[],
  requested: PrincipalRef[],
  view: DirectoryView,
  /** The users holding the app now, when the caller already knows them. */
  holding?: ReadonlySet<string>,
): Promise<PlannedUnassign> {
  const keys = assignments.map(assignmentKey);
  const assigned = new Map(assignments.map((record, i) => [keys[i], record]));
  const targets: AssignmentRecord[] = [];
  const notAssigned: PrincipalRef[] = [];
  for (const principal of requested) {
    const record = assigned.get(
      assignmentKey({ k: principal.kind === 'user' ? 'u' : 'g', id: principal.id }),
    );
    if (record) targets.push(record);
    else notAssigned.push(principal);
  }
  const remove = new Set(targets.map(assignmentKey));
  const remaining = assignments.filter((_, i) => !remove.has(keys[i]));
  const [before, keeps] = await Promise.all([
    holding ?? holdingUsers(assignments, view),
    keeperTest(remaining, view),
  ]);

  // Only the targets' users can lose the app: those who keep it through a remaining assignment stay,
  // the others are freed (each attributed to the first target that covered them).
  const attributed = new Set<string>();
  const perTarget: { record: AssignmentRecord; freed: number; kept: string[] }[] = [];
  const keptAll = new Set<string>();
  for (const record of targets) {
    let freed = 0;
    const kept: string[] = [];
    for (const user of await usersOf(record.k, record.id, view)) {
      if (keeps(user)) {
        kept.push(user);
        keptAll.add(user);
      } else if (!attributed.has(user)) {
        attributed.add(user);
        freed++;
      }
    }
    perTarget.push({ record, freed, kept: kept.sort() });
  }
  const after = { size: before.size - attributed.size };

  const via = await keptVia(keptAll, remaining, view);
  const effects: UnassignEffect[] = await Promise.all(
    perTarget.map(async ({ record, freed, kept }) => ({
      principal: await refOf(record, view),
      seatsFreed: freed,
      keptCount: kept.length,
      keptThrough: await Promise.all(
        kept.slice(0, KEPT_SHOWN).map(async (userId) => {
          const user = await view.ref('user', userId);
          return {
            userId: user.id,
            displayName: user.displayName,
            via: await Promise.all((via.get(userId) ?? []).map((through) => refOf(through, view))),
          };
        }),
      ),
    })),
  );
  const groupsAssigned = assignments.filter((record) => record.k === 'g');
  const notAssignedHow = await Promise.all(
    notAssigned.map((principal) => howHeld(principal, groupsAssigned, assignments, before, view)),
  );

  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify({
        effects: perTarget.map(({ record, freed, kept }) => [
          assignmentKey(record),
          freed,
          kept.map((user) => `${user}>${(via.get(user) ?? []).map(assignmentKey).join('+')}`),
        ]),
        notAssigned: notAssigned.map((ref) => ref.id.toLowerCase()).sort(),
      }),
    )
    .digest('base64');

  return {
    preview: {
      app,
      effects,
      notAssigned: notAssignedHow,
      seatsBefore: before.size,
      seatsAfter: after.size,
    },
    remove,
    removed: effects.map((effect) => effect.principal),
    freed: [...attributed],
    fingerprint,
  };
}

/** Whether a user holds the app through the remaining assignments (direct, or a member of a remaining group). */
async function keeperTest(
  remaining: readonly AssignmentRecord[],
  view: DirectoryView,
): Promise<(user: string) => boolean> {
  const direct = new Set<string>();
  const groups: string[] = [];
  for (const record of remaining) {
    if (record.k === 'u') direct.add(record.id.toLowerCase());
    else groups.push(record.id);
  }
  const sets = (await Promise.all(groups.map((id) => view.expansion(id)))).map((expansion) =>
    expansion.set(),
  );
  return (user) => direct.has(user) || sets.some((members) => members.has(user));
}

/** For each user who keeps the app: every remaining assignment giving it (direct first, then groups in order). */
async function keptVia(
  kept: Set<string>,
  remaining: readonly AssignmentRecord[],
  view: DirectoryView,
): Promise<Map<string, AssignmentRecord[]>> {
  const via = new Map<string, AssignmentRecord[]>();
  const add = (user: string, record: AssignmentRecord) => {
    const found = via.get(user);
    if (found) found.push(record);
    else via.set(user, [record]);
  };
  if (kept.size === 0) return via;
  for (const record of remaining) {
    if (record.k === 'u' && kept.has(record.id.toLowerCase())) add(record.id.toLowerCase(), record);
  }
  for (const record of remaining) {
    if (record.k !== 'g') continue;
    for (const user of common(kept, (await view.expansion(record.id)).set())) add(user, record);
  }
  return via;
}

/**
 * How a principal that is not assigned itself holds the app anyway: a user through the assigned
 * groups it belongs to; a group through the assignments of its members (groups listed, most members
 * covered first; members assigned directly counted).
 */
async function howHeld(
  principal: PrincipalRef,
  groupsAssigned: readonly AssignmentRecord[],
  assignments: readonly AssignmentRecord[],
  holding: ReadonlySet<string>,
  view: DirectoryView,
): Promise<NotAssigned> {
  if (principal.kind === 'user') {
    const user = principal.id.toLowerCase();
    if (!holding.has(user)) return { ...principal, heldThrough: [] };
    const through: AssignmentRecord[] = [];
    for (const record of groupsAssigned) {
      if ((await view.expansion(record.id)).set().has(user)) through.push(record);
    }
    return { ...principal, heldThrough: await Promise.all(through.map((record) => refOf(record, view))) };
  }
  const members = (await view.expansion(principal.id)).set();
  const holdingMembers = new Set(common(members, holding));
  const covered: { record: AssignmentRecord; count: number }[] = [];
  let membersDirect = 0;
  if (holdingMembers.size > 0) {
    for (const record of assignments) {
      if (record.k === 'u') {
        if (holdingMembers.has(record.id.toLowerCase())) membersDirect++;
        continue;
      }
      const count = common(holdingMembers, (await view.expansion(record.id)).set()).length;
      if (count > 0) covered.push({ record, count });
    }
  }
  covered.sort((a, b) => b.count - a.count);
  return {
    ...principal,
    heldThrough: await Promise.all(covered.map(({ record }) => refOf(record, view))),
    membersHolding: holdingMembers.size,
    memberCount: members.size,
    membersDirect,
  };
}

/** The users in both sets, walking the smaller one. */
function common(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  return [...small].filter((user) => large.has(user));
}

const refOf = (record: AssignmentRecord, view: DirectoryView): Promise<PrincipalRef> =>
  view.ref(record.k === 'u' ? 'user' : 'group', record.id);
