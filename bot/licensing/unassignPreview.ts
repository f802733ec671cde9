import { createHash } from 'node:crypto';
import { assignmentKey, type AssignmentRecord } from './ledgerDocuments';
import type { CatalogApp, PrincipalRef, UnassignEffect, UnassignPreview } from './model';
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
 * first principal in the request that covered them) and users who keep the app through an
 * assignment that stays.
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
      principal: await view.ref(record.k === 'u' ? 'user' : 'group', record.id),
      seatsFreed: freed,
      keptCount: kept.length,
      keptThrough: await Promise.all(
        kept.slice(0, KEPT_SHOWN).map(async (userId) => {
          const user = await view.ref('user', userId);
          const through = via.get(userId) as AssignmentRecord;
          return {
            userId: user.id,
            displayName: user.displayName,
            via: await view.ref(through.k === 'u' ? 'user' : 'group', through.id),
          };
        }),
      ),
    })),
  );

  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify({
        effects: perTarget.map(({ record, freed, kept }) => [
          assignmentKey(record),
          freed,
          kept.map((user) => `${user}>${assignmentKey(via.get(user) as AssignmentRecord)}`),
        ]),
        notAssigned: notAssigned.map((ref) => ref.id.toLowerCase()).sort(),
      }),
    )
    .digest('base64');

  return {
    preview: { app, effects, notAssigned, seatsBefore: before.size, seatsAfter: after.size },
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

/** For each user who keeps the app: the remaining assignment giving it (direct first, then groups in order). */
async function keptVia(
  kept: Set<string>,
  remaining: readonly AssignmentRecord[],
  view: DirectoryView,
): Promise<Map<string, AssignmentRecord>> {
  const via = new Map<string, AssignmentRecord>();
  if (kept.size === 0) return via;
  for (const record of remaining) {
    if (record.k === 'u' && kept.has(record.id.toLowerCase())) via.set(record.id.toLowerCase(), record);
  }
  for (const record of remaining) {
    if (record.k !== 'g' || via.size === kept.size) continue;
    for (const user of await view.groupMembers(record.id)) {
      if (kept.has(user) && !via.has(user)) via.set(user, record);
    }
  }
  return via;
}
