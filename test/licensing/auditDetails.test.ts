import { LicenseLedger } from '../../bot/licensing/ledger';
import {
  OrganisationsDirectory,
  admin,
  app,
  checkConsistency,
  generatedOrganisation,
  newTenant,
  range,
  userId,
  useCosmosFixture,
} from './harness';

/**
 * An audit entry names at most 5 principals in the ledger head (every read of the head carries the
 * ring); the full list of a larger change is an immutable document written before its commit.
 */
const fixture = useCosmosFixture();

async function setup(now?: () => Date) {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 40));
  const ledger = new LicenseLedger({ store: fixture.store(), directory, now });
  await ledger.putCatalog(tenantId, [app('crm', 30)]);
  return { tenantId, directory, ledger, actor: admin(tenantId) };
}

test('a change naming 12 users: the head names 5 and counts 12; all 12 are one read away', async () => {
  const { tenantId, directory, ledger, actor } = await setup();
  const named = range(1, 12).map(userId);
  await ledger.assign(actor, 'crm', named);
  const { resource: head } = await fixture.container
    .item('ledger:crm', tenantId)
    .read<{ recentAudit: { principals: unknown[]; principalCount?: number; detailId?: string }[] }>();
  expect(head!.recentAudit[0].principals).toHaveLength(5);
  expect(head!.recentAudit[0].principalCount).toBe(12);

  const [entry] = await ledger.history(tenantId, 'crm', 1);
  expect(entry.principals.map((p) => p.id)).toEqual(named.slice(0, 5));
  expect(entry.principalCount).toBe(12);
  expect((await ledger.auditPrincipals(tenantId, entry)).map((p) => p.id)).toEqual(named);
  // A small change is complete in the head: no detail, nothing to read.
  await ledger.assign(actor, 'crm', [userId(13)]);
  const [small] = await ledger.history(tenantId, 'crm', 1);
  expect(small.detailId).toBeUndefined();
  expect(await ledger.auditPrincipals(tenantId, small)).toBe(small.principals);
  // The whole trail (ring, archive, details) replays into exactly the assignments held.
  expect((await checkConsistency(fixture.container, directory, tenantId, 'crm')).assignments).toHaveLength(
    13,
  );
});

test('a detail written for an attempt that never committed is swept after the grace period; a referenced one stays', async () => {
  let clock = Date.now();
  const { tenantId, directory, ledger, actor } = await setup(() => new Date(clock));
  await ledger.assign(actor, 'crm', range(1, 6).map(userId));
  // The process dies right after the bulk write that carried the detail, before the commit.
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
  });
  await expect(dying.assign(actor, 'crm', range(7, 14).map(userId))).rejects.toBeInstanceOf(Crash);
  const details = async () =>
    (
      await fixture.container.items
        .query<{ id: string }>({
          query: 'SELECT * FROM c WHERE c.tenantId = @t AND c.type = @type',
          parameters: [
            { name: '@t', value: tenantId },
            { name: '@type', value: 'auditDetail' },
          ],
        })
        .fetchAll()
    ).resources.map((doc) => doc.id);
  expect(await details()).toHaveLength(2);

  expect((await ledger.housekeeping.sweep(tenantId)).auditDetails).toBe(0); // too young: a commit may be coming
  clock += 61 * 60 * 1000;
  expect((await ledger.housekeeping.sweep(tenantId)).auditDetails).toBe(1);
  const [entry] = await ledger.history(tenantId, 'crm', 1);
  expect(await details()).toEqual([entry.detailId]);
  expect(await ledger.auditPrincipals(tenantId, entry)).toHaveLength(6);
  expect((await checkConsistency(fixture.container, directory, tenantId, 'crm')).assignments).toHaveLength(6);
});
