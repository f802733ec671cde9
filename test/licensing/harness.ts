import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Container } from '@azure/cosmos';
import type { AdminRole, Directory, Principal, SearchOptions } from '../../bot/directory/directory';
import { DirectoryError } from '../../bot/directory/directory';
import {
  SampleDirectory,
  loadSampleOrganisation,
  type SampleGroup,
  type SampleOrganisation,
} from '../../bot/directory/sampleDirectory';
import { openContainer } from '../../bot/storage/cosmosConnection';
import { DocumentStore, type DocumentStoreOptions } from '../../bot/storage/documentStore';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../bot/storage/embedded/embeddedCosmosServer';
import { LicenseLedger, type LedgerDeps } from '../../bot/licensing/ledger';
import { LicenseError, type Actor, type AuditEntry, type CatalogApp } from '../../bot/licensing/model';

export const SAMPLE_ORG = loadSampleOrganisation(join(__dirname, '../../data/sample/directory.json'));

/** One embedded Cosmos server per test file, with a container of its own. */
export class CosmosFixture {
  cosmos!: EmbeddedCosmos;
  container!: Container;
  private readonly databaseId = `licensing-${randomUUID().slice(0, 8)}`;

  async start(): Promise<void> {
    this.cosmos = await startEmbeddedCosmos();
    this.container = await this.openStack();
  }

  private readonly opened: Container[] = [];

  /** A separate CosmosClient and container object, as another bot instance would have. */
  async openStack(): Promise<Container> {
    const container = await openContainer({
      endpoint: this.cosmos.endpoint,
      key: this.cosmos.key,
      databaseId: this.databaseId,
      containerId: 'licenses',
    });
    this.opened.push(container);
    return container;
  }

  async stop(): Promise<void> {
    for (const container of this.opened) container.database.client.dispose();
    await this.cosmos?.stop();
  }

  store(options?: DocumentStoreOptions, container = this.container): DocumentStore {
    return new DocumentStore(container, options);
  }
}

/** A fresh embedded Cosmos server for this test file, started before its tests and stopped after. */
export function useCosmosFixture(): CosmosFixture {
  const fixture = new CosmosFixture();
  beforeAll(() => fixture.start());
  afterAll(() => fixture.stop());
  return fixture;
}

/** The whole numbers from `from` to `to`, both included. */
export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Serves several organisations, each from its own sample directory; the organisation can be swapped (membership changes). */
export class OrganisationsDirectory implements Directory {
  private readonly byTenant = new Map<string, SampleDirectory>();

  constructor(...orgs: SampleOrganisation[]) {
    for (const org of orgs) this.set(org);
  }

  set(org: SampleOrganisation): void {
    this.byTenant.set(org.tenantId.toLowerCase(), new SampleDirectory(org));
  }

  private of(tenantId: string): SampleDirectory {
    const directory = this.byTenant.get(tenantId.toLowerCase());
    if (!directory) throw new DirectoryError('TenantNotInDirectory', `no organisation ${tenantId}`);
    return directory;
  }

  searchPrincipals(tenantId: string, query: string, options?: SearchOptions): Promise<Principal[]> {
    return this.of(tenantId).searchPrincipals(tenantId, query, options);
  }
  getPrincipal(tenantId: string, id: string): Promise<Principal | undefined> {
    return this.of(tenantId).getPrincipal(tenantId, id);
  }
  resolvePrincipal(tenantId: string, text: string, options?: SearchOptions): Promise<Principal[]> {
    return this.of(tenantId).resolvePrincipal(tenantId, text, options);
  }
  transitiveUserMembers(tenantId: string, groupId: string): Promise<string[]> {
    return this.of(tenantId).transitiveUserMembers(tenantId, groupId);
  }
  adminRoles(tenantId: string, userId: string): Promise<AdminRole[]> {
    return this.of(tenantId).adminRoles(tenantId, userId);
  }
}

/** A copy of an organisation under another tenant id: same user, group and app ids. */
export function organisationFor(tenantId: string, base: SampleOrganisation = SAMPLE_ORG): SampleOrganisation {
  return { ...structuredClone(base), tenantId };
}

const pad = (n: number) => String(n).padStart(12, '0');
export const userId = (n: number) => `00000000-0000-4000-8000-${pad(n)}`;
export const groupId = (n: number) => `00000000-0000-4000-9000-${pad(n)}`;

/** A generated organisation: `users` users u1..uN and the groups given as member lists (users by number, groups by `g<n>`). */
export function generatedOrganisation(
  tenantId: string,
  users: number,
  groups: Record<number, (number | `g${number}`)[]> = {},
): SampleOrganisation {
  const sampleGroups: SampleGroup[] = Object.entries(groups).map(([n, members]) => ({
    id: groupId(Number(n)),
    displayName: `Group ${n}`,
    members: members.map((member) =>
      typeof member === 'number' ? userId(member) : groupId(Number(member.slice(1))),
    ),
  }));
  return {
    tenantId,
    organisation: `Org ${tenantId}`,
    users: Array.from({ length: users }, (_, i) => ({
      id: userId(i + 1),
      displayName: `User ${i + 1}`,
      userPrincipalName: `user${i + 1}@example.com`,
    })),
    groups: sampleGroups,
    roleAssignments: [],
  };
}

export function app(appId: string, seatsPurchased: number): CatalogApp {
  return {
    appId,
    name: `App ${appId}`,
    vendor: { name: 'Vendor', email: 'sales@vendor.example', website: 'https://vendor.example' },
    seatsPurchased,
    installUrl: `https://vendor.example/${appId}/install`,
  };
}

export function admin(tenantId: string, name = 'Adele Vance', id = 'admin-1'): Actor {
  return { tenantId, userId: id, name };
}

export const newTenant = () => randomUUID();

export function ledgerWith(fixture: CosmosFixture, directory: Directory, extra: Partial<LedgerDeps> = {}) {
  const store = extra.store ?? fixture.store();
  return { store, ledger: new LicenseLedger({ store, directory, ...extra }) };
}

interface RawLedger {
  inline: { k: 'u' | 'g'; id: string }[];
  chunks: { id: string; count: number }[];
  recentAudit: AuditEntry[];
  auditSeq: number;
  settled: { id: string; status: string }[];
}

/**
 * Reads an app's documents straight from the container and checks the ledger's invariants:
 * every referenced chunk exists and matches its count, the audit trail (ring + archive) is gapless,
 * replaying it yields exactly the stored assignments, and its last entry's seats match the seats
 * computed now (membership unchanged). Returns the assignments (as `u:<id>` / `g:<id>`) and the trail.
 */
export async function checkConsistency(
  container: Container,
  directory: Directory,
  tenantId: string,
  appId: string,
): Promise<{ assignments: string[]; audit: AuditEntry[]; seats: number }> {
  const { resource: ledger } = await container.item(`ledger:${appId}`, tenantId).read<RawLedger>();
  if (!ledger) return { assignments: [], audit: [], seats: 0 };
  const records = [...ledger.inline];
  for (const chunk of ledger.chunks) {
    const { resource } = await container
      .item(chunk.id, tenantId)
      .read<{ assignments: RawLedger['inline'] }>();
    expect(resource).toBeDefined();
    expect(resource!.assignments).toHaveLength(chunk.count);
    records.unshift(...resource!.assignments);
  }
  const assignments = records.map((r) => `${r.k}:${r.id.toLowerCase()}`).sort();
  expect(new Set(assignments).size).toBe(assignments.length);

  const { resources: archived } = await container.items
    .query<{ entry: AuditEntry }>({
      query: 'SELECT * FROM c WHERE c.tenantId = @t AND c.type = @type AND c.appId = @app',
      parameters: [
        { name: '@t', value: tenantId },
        { name: '@type', value: 'audit' },
        { name: '@app', value: appId },
      ],
    })
    .fetchAll();
  const ringSeqs = new Set(ledger.recentAudit.map((e) => e.seq));
  const audit = [
    ...archived.map((doc) => doc.entry).filter((e) => !ringSeqs.has(e.seq)),
    ...ledger.recentAudit,
  ].sort((a, b) => a.seq - b.seq);
  expect(audit.map((e) => e.seq)).toEqual(Array.from({ length: ledger.auditSeq }, (_, i) => i + 1));

  const replayed = new Set<string>();
  for (const entry of audit) {
    // A ring or archived entry may name only the first principals; all of them are in its detail.
    let principals = entry.principals;
    if (entry.detailId) {
      const { resource: detail } = await container
        .item(entry.detailId, tenantId)
        .read<{ principals: AuditEntry['principals']; seq: number }>();
      expect(detail?.seq).toBe(entry.seq);
      expect(detail!.principals).toHaveLength(entry.principalCount!);
      expect(detail!.principals.slice(0, entry.principals.length)).toEqual(entry.principals);
      principals = detail!.principals;
    }
    for (const p of principals) {
      const key = `${p.kind === 'user' ? 'u' : 'g'}:${p.id.toLowerCase()}`;
      if (entry.action === 'assign') replayed.add(key);
      else replayed.delete(key);
    }
  }
  expect([...replayed].sort()).toEqual(assignments);

  const users = new Set<string>();
  for (const key of assignments) {
    const id = key.slice(2);
    if (key.startsWith('u:')) users.add(id);
    else
      for (const member of await directory.transitiveUserMembers(tenantId, id))
        users.add(member.toLowerCase());
  }
  if (audit.length > 0) expect(audit[audit.length - 1].seatsAfter).toBe(users.size);
  for (const settled of ledger.settled.filter((s) => s.status === 'used')) {
    expect(audit.filter((e) => e.confirmationId === settled.id)).toHaveLength(1);
  }
  return { assignments, audit, seats: users.size };
}

/** Settles every promise and sorts the outcomes: values, and errors by LicenseError kind. */
export async function settle<T>(
  promises: Promise<T>[],
): Promise<{ values: T[]; errors: Record<string, number> }> {
  const results = await Promise.allSettled(promises);
  const values: T[] = [];
  const errors: Record<string, number> = {};
  for (const result of results) {
    if (result.status === 'fulfilled') values.push(result.value);
    else {
      const kind = result.reason instanceof LicenseError ? result.reason.kind : String(result.reason);
      errors[kind] = (errors[kind] ?? 0) + 1;
    }
  }
  return { values, errors };
}
