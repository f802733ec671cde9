import {
  appsToCount,
  describeHarm,
  planCatalogChange,
  type AppHolding,
} from '../../bot/licensing/catalogChange';
import { app } from './harness';

const AT = '2026-11-30T08:00:00.000Z';
const held = (seatsAssigned: number, names: string[], holders = names.length): AppHolding => ({
  seatsAssigned,
  holders,
  names,
});
const holdings = (entries: Record<string, AppHolding>) => new Map(Object.entries(entries));

test('only apps that leave or lose seats are counted', () => {
  expect(appsToCount([app('crm', 5), app('hr', 3), app('ops', 2)], [app('crm', 8), app('ops', 1)])).toEqual([
    'hr',
    'ops',
  ]);
});

test('seats: a cut is marked with the seats before it, the mark goes when seats are back', () => {
  const cut = planCatalogChange([app('crm', 25)], [app('crm', 20)], holdings({}), AT);
  expect(cut).toEqual({ apps: [{ ...app('crm', 20), seatsReducedFrom: 25 }], harms: [] });
  const further = planCatalogChange(cut.apps, [app('crm', 10)], holdings({}), AT);
  expect(further.apps[0].seatsReducedFrom).toBe(25);
  const partly = planCatalogChange(further.apps, [app('crm', 24)], holdings({}), AT);
  expect(partly.apps[0].seatsReducedFrom).toBe(25);
  expect(planCatalogChange(partly.apps, [app('crm', 25)], holdings({}), AT).apps).toEqual([app('crm', 25)]);
});

test('seats below what is assigned is a harm; at or above it is not', () => {
  const crm = holdings({ crm: held(9, ['Sales', 'Alex Wilber']) });
  expect(planCatalogChange([app('crm', 25)], [app('crm', 9)], crm, AT).harms).toEqual([]);
  const { harms } = planCatalogChange([app('crm', 25)], [app('crm', 6)], crm, AT);
  expect(harms.map(describeHarm)).toEqual([
    'crm (App crm): seats 25 → 6 while 9 users hold it (Sales, Alex Wilber): it becomes over-assigned by 3. ' +
      'Nobody loses a seat; new assignments are refused until admins unassign that many users or seats are added.',
  ]);
});

test('removal: a held app stays, marked once; an app nobody holds leaves', () => {
  const before = [app('crm', 5), app('hr', 3)];
  const hr = holdings({ hr: held(40, ['A', 'B', 'C', 'D', 'E'], 7) });
  const removed = planCatalogChange(before, [app('crm', 5)], hr, AT);
  expect(removed.apps).toEqual([app('crm', 5), { ...app('hr', 3), removedAt: AT }]);
  expect(removed.harms.map(describeHarm)).toEqual([
    'hr (App hr) is removed while 7 users and groups hold it (40 seats: A, B, C, D, E and 2 more): they keep it; ' +
      'admins still see it, marked as removed, to unassign them; nobody can be added. It leaves the catalog once nobody holds it.',
  ]);
  const later = planCatalogChange(removed.apps, [app('crm', 5)], hr, '2027-01-01T00:00:00.000Z');
  expect(later).toEqual({ apps: removed.apps, harms: [] });
  expect(planCatalogChange(removed.apps, [app('crm', 5)], holdings({}), AT).apps).toEqual([app('crm', 5)]);
  // Back in the vendor's catalog: the mark goes.
  expect(planCatalogChange(removed.apps, before, hr, AT).apps).toEqual(before);
});

test('an id change under the same name is a harm, held or not', () => {
  const renamed = { ...app('crm-2', 5), name: 'app CRM ' };
  const withHolders = planCatalogChange([app('crm', 5)], [renamed], holdings({ crm: held(2, ['Bob']) }), AT);
  expect(withHolders.apps).toEqual([renamed, { ...app('crm', 5), removedAt: AT }]);
  expect(withHolders.harms.map((harm) => harm.kind)).toEqual(['appIdChanged']);
  const unheld = planCatalogChange([app('crm', 5)], [renamed], holdings({}), AT);
  expect(unheld.apps).toEqual([renamed]);
  expect(unheld.harms.map(describeHarm)).toEqual([
    'crm (App crm) changes its id to crm-2: nobody holds crm; its history stays under the old id.',
  ]);
});
