import type { AssignmentRecord } from '../../bot/licensing/ledgerDocuments';
import type { PrincipalRef } from '../../bot/licensing/model';
import { DirectoryView } from '../../bot/licensing/seats';
import { planUnassign } from '../../bot/licensing/unassignPreview';
import { OrganisationsDirectory, app, generatedOrganisation, groupId, userId } from './harness';

/**
 * Table tests of unassign planning (pure over the directory): seats freed per principal (each freed
 * user attributed to the first principal named that covered them), who keeps the app and through what.
 */

const TENANT = 'planning-tenant';
// Group 1: users 1-3; group 2: users 3-4; group 3: group 1 and user 5.
const directory = new OrganisationsDirectory(
  generatedOrganisation(TENANT, 10, { 1: [1, 2, 3], 2: [3, 4], 3: ['g1', 5] }),
);
const view = () => new DirectoryView(directory, TENANT);
const at = '2030-01-01T09:00:00.000Z';
const assigned: AssignmentRecord[] = [
  { k: 'g', id: groupId(1), at, by: 'Adele' },
  { k: 'g', id: groupId(2), at, by: 'Adele' },
  { k: 'u', id: userId(1), at, by: 'Adele' },
  { k: 'u', id: userId(5), at, by: 'Adele' },
];
const U = (n: number): PrincipalRef => ({ kind: 'user', id: userId(n), displayName: `User ${n}` });
const G = (n: number): PrincipalRef => ({ kind: 'group', id: groupId(n), displayName: `Group ${n}` });
const name = (ref: PrincipalRef) => `${ref.kind === 'user' ? 'u' : 'g'}${Number(ref.id.slice(-12))}`;

test.each([
  // [named, seats after (of 5), per effect: [principal, seats freed, kept users via]]
  [[G(1)], 4, [['g1', 1, ['u1<u1', 'u3<g2']]], []],
  [[U(1)], 5, [['u1', 0, ['u1<g1']]], []],
  [
    [G(1), U(1)],
    3,
    [
      ['g1', 2, ['u3<g2']],
      ['u1', 0, []],
    ],
    [],
  ],
  [
    [G(1), G(2)],
    2,
    [
      ['g1', 2, ['u1<u1']],
      ['g2', 1, []],
    ],
    [],
  ],
  [[U(9), G(3)], 5, [], ['u9', 'g3']],
  [[U(5), U(9)], 4, [['u5', 1, []]], ['u9']],
])('unassigning %j', async (named, seatsAfter, effects, notAssigned) => {
  const plan = await planUnassign(app('crm', 10), assigned, named, view());
  expect(plan.preview.seatsBefore).toBe(5);
  expect(plan.preview.seatsAfter).toBe(seatsAfter);
  expect(
    plan.preview.effects.map((effect) => [
      name(effect.principal),
      effect.seatsFreed,
      effect.keptThrough.map((kept) => `u${Number(kept.userId.slice(-12))}<${kept.via.map(name).join('+')}`),
    ]),
  ).toEqual(effects);
  expect(plan.preview.notAssigned.map(name)).toEqual(notAssigned);
  expect([...plan.remove].sort()).toEqual(
    plan.preview.effects.map((effect) => `${effect.principal.kind[0]}:${effect.principal.id}`).sort(),
  );
});

test('the fingerprint holds while the outcome is the same and changes with it', async () => {
  const first = await planUnassign(app('crm', 10), assigned, [G(1)], view());
  const again = await planUnassign(app('crm', 10), [...assigned].reverse(), [G(1)], view());
  expect(again.fingerprint).toBe(first.fingerprint);
  // User 1 loses the direct assignment that kept them: removing group 1 now frees their seat.
  const withoutU1 = assigned.filter((record) => record.id !== userId(1));
  const changed = await planUnassign(app('crm', 10), withoutU1, [G(1)], view());
  expect(changed.preview.effects[0].seatsFreed).toBe(2);
  expect(changed.fingerprint).not.toBe(first.fingerprint);
});
