import { LicenseLedger } from '../../bot/licensing/ledger';
import {
  OrganisationsDirectory,
  admin,
  app,
  generatedOrganisation,
  newTenant,
  range,
  userId,
  useCosmosFixture,
} from './harness';

/**
 * An audit entry names the users who gained or lost a seat (for the vendor's feed): itself when few,
 * otherwise in immutable `auditUsers` slices written before the commit, like an audit detail, and
 * swept the same way when the commit never came. Small limits here stand for 20 and 10,000.
 */
const fixture = useCosmosFixture();
const limits = { auditUsersInRing: 3, auditUsersPerDocument: 4 };

async function setup(now?: () => Date) {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 40));
  const ledger = new LicenseLedger({ store: fixture.store(), directory, now, limits });
  await ledger.putCatalog(tenantId, [app('crm', 30)]);
  return { tenantId, directory, ledger, actor: admin(tenantId) };
}

const sliceIds = async (tenantId: string) =>
  (
    await fixture.container.items
      .query<{ id: string }>({
        query: 'SELECT * FROM c WHERE c.tenantId = @t AND c.type = @type',
        parameters: [
          { name: '@t', value: tenantId },
          { name: '@type', value: 'auditUsers' },
        ],
      })
      .fetchAll()
  ).resources.map((doc) => doc.id);

test('few users in the entry itself, more in slices; the feed gives them all, in order', async () => {
  const { tenantId, ledger, actor } = await setup();
  await ledger.assign(actor, 'crm', [userId(1), userId(2)]);
  await ledger.assign(actor, 'crm', range(3, 12).map(userId));
  const [large, small] = await ledger.history(tenantId, 'crm', 2);
  expect(small.users).toEqual({ added: [userId(1), userId(2)], removed: [] });
  expect(large.users).toBeUndefined();
  expect(large.usersDetail).toMatchObject({ added: 10, removed: 0 });
  expect(large.usersDetail!.ids).toHaveLength(3);
  const page = await ledger.changes(tenantId, 'crm', 0, 10);
  expect(page.kind === 'page' && page.entries.map((entry) => entry.users.added)).toEqual([
    [userId(1), userId(2)],
    range(3, 12).map(userId).sort(),
  ]);
});

test('slices written for an attempt that never committed are swept after the grace period', async () => {
  let clock = Date.now();
  const { tenantId, directory, ledger, actor } = await setup(() => new Date(clock));
  await ledger.assign(actor, 'crm', range(1, 5).map(userId));
  class Crash extends Error {}
  const dying = new LicenseLedger({
    store: fixture.store({
      faults: {
        afterWrite: (_n, kind) => {
          if (kind === 'bulk') throw new Crash('after the bulk write');
        },
      },
    }),
    directory,
    now: () => new Date(clock),
    limits,
  });
  await expect(dying.assign(actor, 'crm', range(6, 14).map(userId))).rejects.toBeInstanceOf(Crash);
  expect(await sliceIds(tenantId)).toHaveLength(2 + 3);
  expect((await ledger.housekeeping.sweep(tenantId)).auditDetails).toBe(0);
  clock += 61 * 60 * 1000;
  // Its 3 slices and the detail naming its 9 principals.
  expect((await ledger.housekeeping.sweep(tenantId)).auditDetails).toBe(3 + 1);
  const [entry] = await ledger.history(tenantId, 'crm', 1);
  expect((await sliceIds(tenantId)).sort()).toEqual([...entry.usersDetail!.ids].sort());
});
