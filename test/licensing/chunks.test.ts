import { LicenseLedger } from '../../bot/licensing/ledger';
import { DEFAULT_LIMITS } from '../../bot/licensing/ledgerDocuments';
import {
  OrganisationsDirectory,
  admin,
  app,
  checkConsistency,
  generatedOrganisation,
  groupId,
  ledgerWith,
  newTenant,
  userId,
  useCosmosFixture,
  range,
} from './harness';

/** Apps assigned directly to more users than fit inline: the overflow lives in immutable chunk documents. */
const fixture = useCosmosFixture();

async function partition(tenantId: string): Promise<{ id: string; size: number }[]> {
  const { resources } = await fixture.container.items
    .query({ query: 'SELECT * FROM c WHERE c.tenantId = @t', parameters: [{ name: '@t', value: tenantId }] })
    .fetchAll();
  return resources.map((doc) => ({ id: doc.id as string, size: Buffer.byteLength(JSON.stringify(doc)) }));
}

test('small chunks: overflow, paging across chunks, removals that rewrite chunks', async () => {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 40, { 1: range(1, 10) }));
  const { ledger } = ledgerWith(fixture, directory, {
    limits: { inlineAssignments: 5, chunkAssignments: 5 },
  });
  const actor = admin(tenantId);
  await ledger.putCatalog(tenantId, [app('crm', 40)]);
  for (const batch of [range(1, 7), range(8, 9), range(10, 16), range(17, 23)]) {
    await ledger.assign(actor, 'crm', batch.map(userId));
  }
  await ledger.assign(actor, 'crm', [groupId(1)]);
  const docs = await partition(tenantId);
  expect(docs.filter((doc) => doc.id.includes(':chunk:'))).toHaveLength(4);

  const details = await ledger.details(tenantId, 'crm', 0, 10);
  expect(details).toMatchObject({ seatsAssigned: 23, totalHolders: 24, nextOffset: 10 });
  expect(details.holders[0]).toMatchObject({ kind: 'group', id: groupId(1), memberCount: 10 });
  expect(details.holders.slice(1).map((h) => h.id)).toEqual(range(1, 9).map(userId));
  const last = await ledger.details(tenantId, 'crm', 20, 10);
  expect(last.holders.map((h) => h.displayName)).toEqual(['User 20', 'User 21', 'User 22', 'User 23']);
  expect(last.nextOffset).toBeUndefined();

  // Users 1-3 and 12 live in chunks; user 2 keeps the app through group 1.
  const { confirmationId, preview } = await ledger.prepareUnassign(
    actor,
    'crm',
    [1, 2, 3, 12, 22].map(userId),
  );
  expect(preview).toMatchObject({ seatsBefore: 23, seatsAfter: 21 });
  await ledger.confirmUnassign(actor, confirmationId);
  const state = await checkConsistency(fixture.container, directory, tenantId, 'crm');
  expect(state.assignments).toHaveLength(19);
  expect((await ledger.listApps(tenantId))[0].seatsAssigned).toBe(21);
  // Replaced chunk versions were deleted: only referenced chunks remain.
  const chunksLeft = (await partition(tenantId)).filter((doc) => doc.id.includes(':chunk:'));
  const { resource } = await fixture.container.item('ledger:crm', tenantId).read();
  expect(chunksLeft.map((doc) => doc.id).sort()).toEqual(
    resource.chunks.map((c: { id: string }) => c.id).sort(),
  );
});

test('removing most users repacks the chunks instead of keeping many small ones', async () => {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(generatedOrganisation(tenantId, 60));
  const { ledger } = ledgerWith(fixture, directory, {
    limits: { inlineAssignments: 4, chunkAssignments: 4 },
  });
  const actor = admin(tenantId);
  await ledger.putCatalog(tenantId, [app('crm', 60)]);
  await ledger.assign(actor, 'crm', range(1, 40).map(userId));
  const keep = new Set(range(1, 40).filter((n) => n % 4 === 0));
  const remove = range(1, 40).filter((n) => !keep.has(n));
  const { confirmationId } = await ledger.prepareUnassign(actor, 'crm', remove.map(userId));
  await ledger.confirmUnassign(actor, confirmationId);
  const { resource } = await fixture.container.item('ledger:crm', tenantId).read();
  expect(resource.chunks.length).toBeLessThanOrEqual(3);
  const state = await checkConsistency(fixture.container, directory, tenantId, 'crm');
  expect(state.assignments).toEqual([...keep].map((n) => `u:${userId(n)}`).sort());
});

test('default limits: 12,000 direct users and a 12,000-member group stay under the 2 MB item limit', async () => {
  const tenantId = newTenant();
  const directory = new OrganisationsDirectory(
    generatedOrganisation(tenantId, 12_000, { 1: range(1, 12_000) }),
  );
  const ledger = new LicenseLedger({ store: fixture.store(), directory });
  const actor = admin(tenantId);
  await ledger.putCatalog(tenantId, [app('crm', 20_000)]);
  for (let from = 1; from <= 12_000; from += 1000) {
    await ledger.assign(actor, 'crm', range(from, from + 999).map(userId));
  }
  await ledger.assign(actor, 'crm', [groupId(1)]);

  const docs = await partition(tenantId);
  // Each assign of 1,000 overflows the inline capacity and is sealed into full chunks.
  expect(docs.filter((doc) => doc.id.includes(':chunk:'))).toHaveLength(
    Math.ceil(12_000 / DEFAULT_LIMITS.chunkAssignments),
  );
  expect(Math.max(...docs.map((doc) => doc.size))).toBeLessThan(1_000_000);
  expect((await ledger.listApps(tenantId))[0].seatsAssigned).toBe(12_000);
  const page = await ledger.details(tenantId, 'crm', 11_995, 10);
  expect(page.holders.map((h) => h.displayName)).toEqual(range(11_995, 12_000).map((n) => `User ${n}`));

  const preview = await ledger.previewUnassign(actor, 'crm', [groupId(1), userId(1)]);
  // User 1 is also in the group: the seat that comes back is counted once, on the first principal named.
  expect(preview.effects[0]).toMatchObject({ seatsFreed: 1, keptCount: 11_999 });
  expect(preview.effects[0].keptThrough).toHaveLength(10);
  expect(preview.effects[1]).toMatchObject({ seatsFreed: 0, keptCount: 0 });
  expect(preview).toMatchObject({ seatsBefore: 12_000, seatsAfter: 11_999 });
  const { confirmationId } = await ledger.prepareUnassign(actor, 'crm', [userId(1)]);
  expect((await ledger.confirmUnassign(actor, confirmationId)).seatsAfter).toBe(12_000);
  const state = await checkConsistency(fixture.container, directory, tenantId, 'crm');
  expect(state.assignments).toHaveLength(12_000);
}, 120_000);
