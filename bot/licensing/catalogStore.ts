import type { DocumentStore } from '../storage/documentStore';
import { catalogProblems, normalizeCatalogApp } from './catalog';
import { CATALOG_ID, type CatalogDocument } from './ledgerDocuments';
import { LicenseError, type CatalogApp } from './model';

/**
 * A tenant's catalog: one document with every app the tenant bought (a few hundred at most).
 * Written only by the vendor side; assignments live elsewhere and are never touched by it.
 */
export class CatalogStore {
  constructor(
    private readonly store: DocumentStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The tenant's apps; undefined when the tenant has no catalog. */
  async find(tenantId: string): Promise<CatalogApp[] | undefined> {
    const stored = await this.store.read<CatalogDocument>(tenantId, CATALOG_ID);
    return stored?.doc.apps;
  }

  async get(tenantId: string): Promise<CatalogApp[]> {
    const apps = await this.find(tenantId);
    if (!apps) throw new LicenseError('CatalogMissing', { tenantId });
    return apps;
  }

  async app(tenantId: string, appId: string): Promise<CatalogApp> {
    const apps = await this.get(tenantId);
    const app = apps.find((candidate) => candidate.appId === appId);
    if (!app) throw new LicenseError('AppNotFound', { appId });
    return app;
  }

  /** Replaces the tenant's catalog; refuses an invalid one whole, naming the first problem. */
  async put(tenantId: string, apps: CatalogApp[]): Promise<void> {
    const problems = catalogProblems(apps);
    if (problems.length > 0)
      throw new LicenseError('CatalogInvalid', { problem: problems[0], count: problems.length });
    const doc: CatalogDocument = {
      id: CATALOG_ID,
      tenantId,
      type: 'catalog',
      apps: apps.map(normalizeCatalogApp),
      updatedAt: this.now().toISOString(),
    };
    const result = await this.store.upsert(doc);
    if (!result.ok) throw new LicenseError('StorageUnavailable', { reason: result.reason });
  }
}
