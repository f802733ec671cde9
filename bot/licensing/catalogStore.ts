import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';
import type { DocumentStore } from '../storage/documentStore';
import { catalogProblems, normalizeCatalogApp } from './catalog';
import { CATALOG_ID, type CatalogDocument } from './ledgerDocuments';
import { LicensingStore } from './licensingStore';
import { LicenseError, type CatalogApp } from './model';

/**
 * A tenant's catalog: one document with every app the tenant bought (a few hundred at most).
 * Written only by the vendor side; assignments live elsewhere and are never touched by it.
 *
 * With `cacheMs` > 0 a catalog read is reused by this instance for that long (a catalog written
 * through this instance is seen at once; one written elsewhere after at most `cacheMs`). A tenant
 * without a catalog is never remembered, so a catalog loaded for it is seen at once.
 */
export class CatalogStore {
  private readonly cache: LRUCache<string, { apps: CatalogApp[]; until: number }> | undefined;
  private readonly store: LicensingStore;

  constructor(
    store: DocumentStore,
    private readonly now: () => Date = () => new Date(),
    private readonly cacheMs = 0,
  ) {
    this.store = new LicensingStore(store);
    this.cache = cacheMs > 0 ? new LRUCache({ max: 10_000 }) : undefined;
  }

  /** The tenant's apps; undefined when the tenant has no catalog. */
  async find(tenantId: string): Promise<CatalogApp[] | undefined> {
    const cached = this.cache?.get(tenantId);
    if (cached && cached.until > performance.now()) return cached.apps;
    const stored = await this.store.read<CatalogDocument>(tenantId, CATALOG_ID);
    if (stored) this.remember(tenantId, stored.doc.apps);
    return stored?.doc.apps;
  }

  private remember(tenantId: string, apps: CatalogApp[]): void {
    this.cache?.set(tenantId, { apps, until: performance.now() + this.cacheMs });
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
    this.remember(tenantId, doc.apps);
  }
}
