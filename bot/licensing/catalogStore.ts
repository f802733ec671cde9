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

  /** The catalog as stored now (never from the cache), with its etag for a conditional `put`. */
  async read(tenantId: string): Promise<{ apps: CatalogApp[]; etag: string } | undefined> {
    const stored = await this.store.read<CatalogDocument>(tenantId, CATALOG_ID);
    if (stored) this.remember(tenantId, stored.doc.apps);
    return stored && { apps: stored.doc.apps, etag: stored.etag };
  }

  /**
   * Replaces the tenant's catalog; refuses an invalid one whole, naming the first problem.
   * `expected`: write only over the catalog read with this etag (`null`: only where there is none);
   * false when another writer changed it since.
   */
  async put(tenantId: string, apps: CatalogApp[], expected?: string | null): Promise<boolean> {
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
    const result =
      expected === null
        ? await this.store.create(doc)
        : await this.store.upsert(doc, expected === undefined ? {} : { ifMatch: expected });
    if (!result.ok && expected === undefined)
      throw new LicenseError('StorageUnavailable', { reason: result.reason });
    if (result.ok) this.remember(tenantId, doc.apps);
    return result.ok;
  }
}
