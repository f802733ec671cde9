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
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../bot/storage/embeddedCosmos';
import { LicenseLedger, type LedgerDeps } from '../../bot/licensing/ledger';
import type { Actor, CatalogApp } from '../../bot/licensing/model';

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

  /** A separate CosmosClient and container object, as another bot instance would have. */
  openStack(): Promise<Container> {
    return openContainer({
      endpoint: this.cosmos.endpoint,
      key: this.cosmos.key,
      databaseId: this.databaseId,
      containerId: 'licenses',
    });
  }

  async stop(): Promise<void> {
    await this.cosmos?.stop();
  }

  store(options?: DocumentStoreOptions, container = this.container): DocumentStore {
    return new DocumentStore(container, options);
  }
}

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
