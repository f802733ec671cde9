/**
 * Vendor side: loads or updates one tenant's catalog in Cosmos.
 *
 *   npx tsx bot/cli/loadCatalog.ts <catalog.json> [--tenant <tenantId>]
 *
 * The file is `{ "tenantId": "...", "apps": [CatalogApp, ...] }`; `--tenant` overrides its tenantId.
 * Cosmos comes from COSMOS_ENDPOINT, COSMOS_KEY (or managed identity), COSMOS_DATABASE,
 * COSMOS_CONTAINER. Assignments are left alone; prints what changed.
 */
import { readFileSync } from 'node:fs';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { loadEnvFile } from '../config/envFile';
import { catalogProblems, normalizeCatalogApp } from '../licensing/catalog';
import { CatalogStore } from '../licensing/catalogStore';
import type { CatalogApp } from '../licensing/model';
import { openContainer } from '../storage/cosmosConnection';
import { DocumentStore } from '../storage/documentStore';

export interface CatalogFile {
  tenantId?: string;
  apps: CatalogApp[];
}

/** Raised when a catalog file cannot be used; the message names the file and every problem. */
export class CatalogFileError extends Error {
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(
      `Catalog file ${path} ${problems.length === 1 ? problems[0] : `has ${problems.length} problems:\n  - ${problems.join('\n  - ')}`}`,
    );
    this.name = 'CatalogFileError';
  }
}

/** Reads and validates a catalog file. */
export function parseCatalogFile(path: string): CatalogFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CatalogFileError(path, [`cannot be read: ${(error as Error).message}`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CatalogFileError(path, [`is not valid JSON: ${(error as Error).message}`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CatalogFileError(path, ['must contain an object { "tenantId": "...", "apps": [...] }']);
  }
  const { tenantId, apps } = parsed as Record<string, unknown>;
  const problems: string[] = [];
  if (tenantId !== undefined && (typeof tenantId !== 'string' || tenantId.trim() === '')) {
    problems.push('"tenantId" must be a non-empty string when present');
  }
  problems.push(...catalogProblems(apps));
  if (problems.length > 0) throw new CatalogFileError(path, problems);
  return {
    ...(typeof tenantId === 'string' ? { tenantId: tenantId.trim() } : {}),
    apps: (apps as CatalogApp[]).map(normalizeCatalogApp),
  };
}

/** What a new catalog changes compared with the stored one, one line per change. */
export function describeCatalogChanges(before: CatalogApp[] | undefined, after: CatalogApp[]): string[] {
  if (!before)
    return [`new catalog with ${after.length} app(s): ${after.map((app) => app.appId).join(', ')}`];
  const lines: string[] = [];
  const old = new Map(before.map((app) => [app.appId, app]));
  for (const app of after) {
    const previous = old.get(app.appId);
    old.delete(app.appId);
    if (!previous) {
      lines.push(`added ${app.appId} (${app.name}, ${app.seatsPurchased} seats)`);
      continue;
    }
    const fields: string[] = [];
    if (previous.seatsPurchased !== app.seatsPurchased)
      fields.push(`seats ${previous.seatsPurchased} → ${app.seatsPurchased}`);
    for (const field of ['name', 'installUrl', 'description'] as const) {
      if (previous[field] !== app[field])
        fields.push(`${field} ${JSON.stringify(previous[field])} → ${JSON.stringify(app[field])}`);
    }
    if (JSON.stringify(previous.vendor) !== JSON.stringify(app.vendor)) fields.push('vendor contact');
    if (fields.length > 0) lines.push(`changed ${app.appId}: ${fields.join(', ')}`);
  }
  for (const appId of old.keys()) lines.push(`removed ${appId} (its assignments are kept)`);
  return lines.length > 0 ? lines : ['no change'];
}

function parseArguments(argv: string[]): { path: string; tenant?: string } {
  const positional: string[] = [];
  let tenant: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tenant') {
      tenant = argv[++i];
      if (!tenant) throw new Error('--tenant needs a tenant id');
    } else if (argv[i].startsWith('--tenant=')) {
      tenant = argv[i].slice('--tenant='.length);
    } else if (argv[i].startsWith('--')) {
      throw new Error(`unknown option ${argv[i]}`);
    } else {
      positional.push(argv[i]);
    }
  }
  if (positional.length !== 1) throw new Error('usage: loadCatalog <catalog.json> [--tenant <tenantId>]');
  return { path: positional[0], tenant };
}

function required(env: NodeJS.ProcessEnv, name: string, fallback?: string): string {
  const value = env[name]?.trim() || fallback;
  if (!value) throw new Error(`${name} is not set: the catalog is loaded into the Cosmos account it names`);
  return value;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseArguments(argv);
  const file = parseCatalogFile(args.path);
  const tenantId = args.tenant?.trim() || file.tenantId;
  if (!tenantId) throw new Error(`Catalog file ${args.path} has no "tenantId": pass --tenant <tenantId>`);
  const endpoint = required(env, 'COSMOS_ENDPOINT');
  const key = env.COSMOS_KEY?.trim() || undefined;
  const clientId = env.COSMOS_MANAGED_IDENTITY_CLIENT_ID?.trim();
  const container = await openContainer({
    endpoint,
    key,
    credential: key
      ? undefined
      : clientId
        ? new ManagedIdentityCredential(clientId)
        : new DefaultAzureCredential(),
    databaseId: required(env, 'COSMOS_DATABASE', 'license-desk'),
    containerId: required(env, 'COSMOS_CONTAINER', 'licenses'),
  });
  try {
    const catalogs = new CatalogStore(new DocumentStore(container));
    const before = await catalogs.find(tenantId);
    await catalogs.put(tenantId, file.apps);
    console.log(`Catalog of tenant ${tenantId} (${file.apps.length} app(s)) loaded from ${args.path}:`);
    for (const line of describeCatalogChanges(before, file.apps)) console.log(`  ${line}`);
  } finally {
    container.database.client.dispose();
  }
  return 0;
}

if (require.main === module) {
  loadEnvFile();
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
