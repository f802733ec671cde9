import { LicenseLedger } from '../../bot/licensing/ledger';
import type { LedgerLimits } from '../../bot/licensing/ledgerDocuments';
import type { StoreFaults } from '../../bot/storage/documentStore';
import {
  OrganisationsDirectory,
  admin,
  app,
  generatedOrganisation,
  groupId,
  newTenant,
  range,
  userId,
  useCosmosFixture,
} from './harness';

/**
 * `licenses` counts from one seat summary per app (`seats:<appId>`), written in the same
 * transactional batch as the app's ledger head. These tests hold it to the counts the heads give:
 * across instances, across a crash at any write, and when a summary is missing.
 */
const fixture = useCosmosFixture();

const limits: Partial<LedgerLimits> = {
  inlineAssignments: 3,
  chunkAssignments: 3,
  auditRing: 3,
  auditEvictBatch: 1,
};

class Crash extends Error {}

/** The counts the list gives, by app. */
async function listed(ledger: LicenseLedger, tenantId: string): Promise<Record<string, number>> {
  return Object.fromEntries(
    (await ledger.listApps(tenantId)).map((row) => [row.app.appId, row.seatsAssigned]),
  );
}

/** The counts the heads give: the summaries removed, a new instance lists from the heads alone. */
async function fromHeads(tenantId: string, directory: OrganisationsDirectory, appIds: string[]) {
  for (const appId of appIds) {
    await fixture.container
      .item(`seats:${appId}`, tenantId)
      .delete()
      .catch((error: { code?: number }) => {
        if (error.code !== 404) throw error;
      });
  }
  return listed(new LicenseLedger({ store: fixture.store(), directory, limits }), tenantId);
}

test('the list is exact as of the last commit on any instance, and reads only the summaries', async () => {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 40, { 1: range(5, 12) }));
  const storeA = fixture.store();
  const a = new LicenseLedger({ store: storeA, directory, limits });
  const b = new LicenseLedger({
    store: fixture.store(undefined, await fixture.openStack()),
    directory,
    limits,
  });
  const actor = admin(tenantId);
  await a.putCatalog(tenantId, [app('crm', 30), app('hr', 30)]);

  await a.assign(actor, 'crm', [userId(1), userId(2), groupId(1)]); // 1, 2 and 5-12: 10 users
  expect(await listed(b, tenantId)).toEqual({ crm: 10, hr: 0 });
  await b.assign(actor, 'crm', [userId(5), userId(20)]); // 5 already holds it through the group: 11
  await b.assign(actor, 'hr', [userId(3)]);
  storeA.resetCounts();
  expect(await listed(a, tenantId)).toEqual({ crm: 11, hr: 1 });
  // Besides the catalog, one bulk read: the two seat summaries (no head, no chunk).
  expect(storeA.requestCounts()).toMatchObject({ bulk: 1, queries: 0 });

  const { confirmationId } = await a.prepareUnassign(actor, 'crm', [groupId(1)]);
  await a.confirmUnassign(actor, confirmationId); // 1, 2, 5 (direct), 20: 4 users
  expect(await listed(b, tenantId)).toEqual({ crm: 4, hr: 1 });
  expect(await fromHeads(tenantId, directory, ['crm', 'hr'])).toEqual({ crm: 4, hr: 1 });
});

test('an app whose summary is missing (a head written before summaries existed) is counted from its head', async () => {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 20));
  const ledger = new LicenseLedger({ store: fixture.store(), directory, limits });
  await ledger.putCatalog(tenantId, [app('crm', 10)]);
  await ledger.assign(admin(tenantId), 'crm', range(1, 7).map(userId));
  await fixture.container.item('seats:crm', tenantId).delete();
  expect(await listed(ledger, tenantId)).toEqual({ crm: 7 });
});

describe('a process dying between any two writes of a commit leaves the summary and the head agreeing', () => {
  // An assign that seals a chunk and archives an audit entry: archive, chunk, then the batch.
  for (const when of ['before', 'after'] as const) {
    for (const k of [1, 2, 3]) {
      test(`${when} write ${k}`, async () => {
        const tenantId = newTenant();
        const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 20, { 1: [5, 6, 7] }));
        const actor = admin(tenantId);
        const setup = new LicenseLedger({ store: fixture.store(), directory, limits });
        await setup.putCatalog(tenantId, [app('crm', 20)]);
        for (const principals of [[userId(1)], [userId(2)], [groupId(1)], [userId(3)]])
          await setup.assign(actor, 'crm', principals);

        const hook = (n: number) => {
          if (n === k) throw new Crash(`crash ${when} write ${k}`);
        };
        const faults: StoreFaults = when === 'before' ? { beforeWrite: hook } : { afterWrite: hook };
        const dying = new LicenseLedger({ store: fixture.store({ faults }), directory, limits });
        await dying.assign(actor, 'crm', [userId(8), userId(9)]).catch((error: unknown) => {
          if (!(error instanceof Crash)) throw error;
        });

        const afterCrash = await listed(setup, tenantId);
        // Either the commit happened (8 users) or it did not (6): never a summary of the other.
        expect([6, 8]).toContain(afterCrash.crm);
        expect(await fromHeads(tenantId, directory, ['crm'])).toEqual(afterCrash);
      });
    }
  }
});
