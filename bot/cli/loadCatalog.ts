/**
 * Vendor side: loads or updates one tenant's catalog in Cosmos.
 *
 *   npm run catalog -- <catalog.json> [--tenant <tenantId>] [--force]
 *
 * The file is `{ "tenantId": "<GUID>", "apps": [CatalogApp, ...] }`; `--tenant` overrides its tenantId.
 * Cosmos comes from the bot's own validated configuration (COSMOS_ENDPOINT, COSMOS_KEY or managed
 * identity, COSMOS_DATABASE, COSMOS_CONTAINER, COSMOS_REQUEST_TIMEOUT_MS), and so does the directory
 * that counts who holds each app. Assignments are never touched. A change that hurts people who hold
 * an app (seats below what is assigned, an app removed or its id changed while held) is described and
 * applied only with `--force`; without it the tool exits with code 3 having changed nothing.
 */
import { readFileSync } from 'node:fs';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { loadEnvFile } from '../config/envFile';
import { ConfigError, loadConfig, type Config } from '../config/config';
import { createDirectory } from '../directory';
import { catalogProblems, normalizeCatalogApp, unknownFieldProblems } from '../licensing/catalog';
import { describeHarm, type CatalogHarm } from '../licensing/catalogChange';
import { LicenseLedger } from '../licensing/ledger';
import { VendorCatalog } from '../licensing/vendorCatalog';
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

/** Exit code of a harmful change refused for want of `--force`. */
export const EXIT_NEEDS_FORCE = 3;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Teams sends tenant ids in lower case and every document is partitioned by it: a catalog stored
 * under an upper-case id would be invisible to the tenant's admins.
 */
export function tenantIdOf(raw: string, where: string): string {
  const id = raw.trim();
  if (!GUID.test(id)) throw new Error(`${where} must be a tenant id (a GUID), got ${JSON.stringify(raw)}`);
  return id.toLowerCase();
}

/** Where JSON.parse stopped, as "line L, column C" (Node 20's messages do not always say). */
function syntaxErrorAt(text: string, fallback: string): string {
  const errors: ParseError[] = [];
  parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false });
  const [first] = errors;
  if (!first) return fallback;
  const before = text.slice(0, first.offset).split('\n');
  return `${printParseErrorCode(first.error)} at line ${before.length}, column ${before[before.length - 1].length + 1}`;
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
    throw new CatalogFileError(path, [`is not valid JSON: ${syntaxErrorAt(text, (error as Error).message)}`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CatalogFileError(path, ['must contain an object { "tenantId": "...", "apps": [...] }']);
  }
  const { tenantId, apps, ...others } = parsed as Record<string, unknown>;
  const problems: string[] = Object.keys(others).map((field) => `has an unknown field "${field}"`);
  let tenant: string | undefined;
  if (tenantId !== undefined) {
    try {
      tenant = tenantIdOf(typeof tenantId === 'string' ? tenantId : JSON.stringify(tenantId), '"tenantId"');
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  problems.push(...catalogProblems(apps), ...unknownFieldProblems(apps));
  if (problems.length > 0) throw new CatalogFileError(path, problems);
  return {
    ...(tenant ? { tenantId: tenant } : {}),
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
    if (app.removedAt && !previous.removedAt) {
      lines.push(`removed ${app.appId}: kept, marked as removed, until nobody holds it`);
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
    if (previous.removedAt && !app.removedAt) fields.push('back in the catalog');
    if (fields.length > 0) lines.push(`changed ${app.appId}: ${fields.join(', ')}`);
  }
  for (const appId of old.keys()) lines.push(`removed ${appId} (nobody holds it)`);
  return lines.length > 0 ? lines : ['no change'];
}

interface Arguments {
  path: string;
  tenant?: string;
  force: boolean;
}

function parseArguments(argv: string[]): Arguments {
  const positional: string[] = [];
  let tenant: string | undefined;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tenant') {
      tenant = argv[++i];
      if (!tenant) throw new Error('--tenant needs a tenant id');
    } else if (argv[i].startsWith('--tenant=')) {
      tenant = argv[i].slice('--tenant='.length);
    } else if (argv[i] === '--force') {
      force = true;
    } else if (argv[i].startsWith('--')) {
      throw new Error(`unknown option ${argv[i]}`);
    } else {
      positional.push(argv[i]);
    }
  }
  if (positional.length !== 1)
    throw new Error('usage: npm run catalog -- <catalog.json> [--tenant <tenantId>] [--force]');
  return { path: positional[0], tenant, force };
}

type AzureCosmos = Extract<Config['cosmos'], { mode: 'azure' }>;

/** The catalog goes to the Cosmos account the bot uses; the embedded one belongs to a running bot. */
function azureCosmos(config: Config): AzureCosmos {
  if (config.cosmos.mode === 'azure') return config.cosmos;
  throw new ConfigError(
    'COSMOS_ENDPOINT',
    'is not set: the catalog is loaded into the Cosmos account it names (for the embedded server, its endpoint and key as the bot logs them)',
  );
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseArguments(argv);
  const file = parseCatalogFile(args.path);
  const tenantId = args.tenant ? tenantIdOf(args.tenant, '--tenant') : file.tenantId;
  if (!tenantId) throw new Error(`Catalog file ${args.path} has no "tenantId": pass --tenant <tenantId>`);
  const config = loadConfig(env);
  const cosmos = azureCosmos(config);
  const container = await openContainer({
    ...cosmos,
    credential: cosmos.key
      ? undefined
      : cosmos.managedIdentityClientId
        ? new ManagedIdentityCredential({ clientId: cosmos.managedIdentityClientId })
        : new DefaultAzureCredential(),
  });
  try {
    const store = new DocumentStore(container);
    const ledger = new LicenseLedger({ store, directory: createDirectory(config.directory) });
    // The same vendor-side code as the licensing API's PUT: decided on the catalog read, IfMatch on it.
    const vendor = new VendorCatalog(ledger);
    for (let attempt = 1; ; attempt++) {
      const { before, plan, etag } = await vendor.plan(tenantId, file.apps);
      if (plan.harms.length > 0 && !args.force) {
        printHarms(`Catalog of tenant ${tenantId} NOT loaded from ${args.path}`, plan.harms, console.error);
        console.error('Nothing was changed. Run again with --force to apply these changes.');
        return EXIT_NEEDS_FORCE;
      }
      if (!(await vendor.apply(tenantId, plan, etag))) {
        if (attempt < 5) continue;
        throw new Error(`the catalog of tenant ${tenantId} kept changing while loading it: try again`);
      }
      console.log(`Catalog of tenant ${tenantId} (${file.apps.length} app(s)) loaded from ${args.path}:`);
      for (const line of describeCatalogChanges(before, plan.apps)) console.log(`  ${line}`);
      if (plan.harms.length > 0) printHarms('Applied with --force', plan.harms, console.log);
      return 0;
    }
  } finally {
    container.database.client.dispose();
  }
}

function printHarms(title: string, harms: CatalogHarm[], print: (line: string) => void): void {
  print(`${title}: ${harms.length} change(s) affect people who hold apps:`);
  for (const harm of harms) print(`  - ${describeHarm(harm)}`);
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
