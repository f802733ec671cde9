/**
 * `npm run package`: builds the Teams app package appPackage/build/appPackage.zip.
 *
 * Reads manifest.json and its localization files (fr.json), fills the `${{NAME}}` placeholders from the
 * environment (MicrosoftAppId, optional TEAMS_APP_ID, BOT_DOMAIN or PUBLIC_BASE_URL) and package.json
 * (the version), validates the result offline
 * against the official JSON schemas shipped by @microsoft/app-manifest, checks the icons, and writes
 * a zip with manifest.json, fr.json, color.png and outline.png at its root.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { zipSync } from 'fflate';
import { REPO_ROOT } from '../bot/config/config';

// From the package root, so that the compiled dist/appPackage/build.js reads the same files.
export const SOURCE_DIR = path.join(REPO_ROOT, 'appPackage');
export const DEFAULT_OUT_FILE = path.join(SOURCE_DIR, 'build', 'appPackage.zip');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** host or host:port; no scheme, path or credentials. */
const DOMAIN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;

type Env = Record<string, string | undefined>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A build failure; `variable` names the environment variable at fault, when there is one. */
export class PackageError extends Error {
  constructor(
    message: string,
    readonly variable?: string,
  ) {
    super(message);
    this.name = 'PackageError';
  }
}

export interface PackageSettings {
  /** The bot's Microsoft App ID (bots[0].botId). */
  MicrosoftAppId: string;
  /** The Teams app id (manifest id); MicrosoftAppId unless TEAMS_APP_ID is set. */
  TEAMS_APP_ID: string;
  /** Where the bot is reachable over https (validDomains, developer pages, the dialog page). */
  BOT_DOMAIN: string;
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function domainFrom(raw: string, variable: string): string {
  let domain = raw;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    try {
      domain = new URL(raw).host;
    } catch {
      throw new PackageError(
        `${variable} must be a domain such as licensedesk.contoso.com (got "${raw}")`,
        variable,
      );
    }
  }
  domain = domain.replace(/\/+$/, '');
  if (!DOMAIN.test(domain)) {
    throw new PackageError(
      `${variable} must be a domain such as licensedesk.contoso.com or host:port, without a path (got "${raw}")`,
      variable,
    );
  }
  return domain.toLowerCase();
}

/** Reads and checks what the manifest needs from the environment. */
export function readSettings(env: Env = process.env): PackageSettings {
  const appId = text(env, 'MicrosoftAppId');
  if (!appId) {
    throw new PackageError(
      "MicrosoftAppId is not set: set it to the bot's Microsoft App ID (a GUID, from the Azure Bot registration) to build the Teams app package",
      'MicrosoftAppId',
    );
  }
  if (!GUID.test(appId)) {
    throw new PackageError(`MicrosoftAppId must be a GUID (got "${appId}")`, 'MicrosoftAppId');
  }
  const teamsAppId = text(env, 'TEAMS_APP_ID') ?? appId;
  if (!GUID.test(teamsAppId)) {
    throw new PackageError(`TEAMS_APP_ID must be a GUID (got "${teamsAppId}")`, 'TEAMS_APP_ID');
  }
  const botDomain = text(env, 'BOT_DOMAIN');
  const publicBaseUrl = text(env, 'PUBLIC_BASE_URL');
  if (!botDomain && !publicBaseUrl) {
    throw new PackageError(
      "BOT_DOMAIN is not set: set it to the bot's public https domain (e.g. BOT_DOMAIN=licensedesk.contoso.com), " +
        'or set PUBLIC_BASE_URL. Teams reaches the dialog page, the privacy statement and the terms of use there.',
      'BOT_DOMAIN',
    );
  }
  const domain = botDomain
    ? domainFrom(botDomain, 'BOT_DOMAIN')
    : domainFrom(publicBaseUrl!, 'PUBLIC_BASE_URL');
  return {
    MicrosoftAppId: appId.toLowerCase(),
    TEAMS_APP_ID: teamsAppId.toLowerCase(),
    BOT_DOMAIN: domain,
  };
}

/**
 * The Teams app version is the package's own (package.json), so that every release carries a new one, as
 * Teams requires to update an installed app. Teams takes major.minor.patch, numbers only.
 */
export function appVersion(packageJson: string = path.join(REPO_ROOT, 'package.json')): string {
  const { version } = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string' || !/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(version)) {
    throw new PackageError(
      `${packageJson}: "version" must be major.minor.patch, numbers only, to be the Teams app version (got ${JSON.stringify(version)})`,
    );
  }
  return version;
}

/** Replaces every `${{NAME}}` in the strings of a JSON value; an unknown NAME is an error. */
export function fillPlaceholders<T extends Json>(
  value: T,
  values: Record<string, string>,
  file = 'manifest.json',
): T {
  const fill = (v: Json): Json => {
    if (typeof v === 'string') {
      return v.replace(PLACEHOLDER, (_match, name: string) => {
        if (!(name in values)) throw new PackageError(`${file}: unknown placeholder \${{${name}}}`);
        return values[name];
      });
    }
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return fill(value) as T;
}

/** The package's own copy of a schema named by its https://developer.microsoft.com/json-schemas/... URL. */
export function localSchemaPath(schemaUrl: string): string {
  const m =
    /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?(json-schemas\/teams\/[^?#]+\.json)$/i.exec(
      schemaUrl,
    );
  const root = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build');
  const file = m ? path.join(root, ...m[1].split('/')) : undefined;
  if (!file || !fs.existsSync(file)) {
    throw new PackageError(
      `$schema ${schemaUrl} is not one of the Teams schemas shipped by @microsoft/app-manifest (validation runs offline)`,
    );
  }
  return file;
}

/**
 * Makes a schema pattern valid in JavaScript's unicode mode, which ajv uses: an unescaped `]` outside a
 * character class (the Localization schemas have `...\b]\.description$`) means a literal `]`, and
 * escaping it keeps that meaning.
 */
export function escapeLoneBrackets(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else {
      out += c === ']' ? '\\]' : c;
    }
  }
  return out;
}

function fixPatterns(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(fixPatterns);
  if (!schema || typeof schema !== 'object') return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'patternProperties' && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([p, s]) => [escapeLoneBrackets(p), fixPatterns(s)]),
      );
    } else if (key === 'pattern' && typeof value === 'string') {
      out[key] = escapeLoneBrackets(value);
    } else {
      out[key] = fixPatterns(value);
    }
  }
  return out;
}

export function loadSchema(schemaUrl: string): JsonObject {
  const raw = fs.readFileSync(localSchemaPath(schemaUrl), 'utf8');
  // Same clean-up as AppManifestUtils.fetchSchema: some schemas contain \a and \v escapes JSON lacks.
  return fixPatterns(JSON.parse(raw.replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'))) as JsonObject;
}

/**
 * Validates a manifest or a localization file against the official schema its `$schema` names, with
 * `AppManifestUtils.validateAgainstSchema`, offline. Returns the errors (empty = valid).
 */
export async function validateAgainstOfficialSchema(doc: JsonObject): Promise<string[]> {
  if (typeof doc.$schema !== 'string') return ['$schema is missing'];
  const schema = loadSchema(doc.$schema);
  // The library's types only name manifests; localization files are validated the same way.
  return AppManifestUtils.validateAgainstSchema(doc as unknown as AppManifest, schema as never);
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = '89504e470d0a1a0a';
  if (
    png.length < 24 ||
    png.subarray(0, 8).toString('hex') !== signature ||
    png.toString('ascii', 12, 16) !== 'IHDR'
  ) {
    throw new PackageError('not a PNG file');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

interface Command {
  title: string;
  description: string;
}

function commandLists(manifest: JsonObject): Command[][] {
  const bots = (manifest.bots ?? []) as JsonObject[];
  return ((bots[0]?.commandLists ?? []) as JsonObject[]).map(
    (list) => (list.commands ?? []) as unknown as Command[],
  );
}

/** Checks a schema cannot express: every localized command string belongs to a command of the manifest. */
export function checkLocalization(manifest: JsonObject, localization: JsonObject, file: string): string[] {
  const errors: string[] = [];
  const lists = commandLists(manifest);
  for (const key of Object.keys(localization)) {
    const m = /^bots\[0\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(title|description)$/.exec(key);
    if (m && !lists[Number(m[1])]?.[Number(m[2])])
      errors.push(`${file}: ${key} has no matching command in manifest.json`);
  }
  lists.forEach((commands, i) =>
    commands.forEach((command, j) => {
      for (const field of ['title', 'description'] as const) {
        const key = `bots[0].commandLists[${i}].commands[${j}].${field}`;
        if (typeof localization[key] !== 'string') {
          errors.push(`${file}: ${key} is missing (translates "${command[field]}")`);
        }
      }
    }),
  );
  return errors;
}

export interface BuildOptions {
  env?: Env;
  sourceDir?: string;
  /** Where to write the zip; null = build and validate only. */
  outFile?: string | null;
}

/** One file at the root of the package zip. */
export interface PackageFile {
  name: string;
  data: Buffer;
}

/** Every entry gets this date (local time, as zip stores it) so the same inputs give the same bytes. */
const ZIP_DATE = new Date(2025, 0, 1);

export interface BuildResult {
  manifest: JsonObject;
  entries: PackageFile[];
  zip: Buffer;
  outFile?: string;
}

const ICON_SIZES: Record<string, number> = { color: 192, outline: 32 };

export async function buildAppPackage(options: BuildOptions = {}): Promise<BuildResult> {
  const sourceDir = options.sourceDir ?? SOURCE_DIR;
  const values = { ...readSettings(options.env ?? process.env), APP_VERSION: appVersion() };
  const read = (name: string): Buffer => {
    const file = path.join(sourceDir, name);
    if (!fs.existsSync(file)) throw new PackageError(`${name} is missing from ${sourceDir}`);
    return fs.readFileSync(file);
  };
  const readJson = (name: string): JsonObject => {
    try {
      return JSON.parse(
        read(name)
          .toString('utf8')
          .replace(/^\uFEFF/, ''),
      ) as JsonObject;
    } catch (e) {
      if (e instanceof PackageError) throw e;
      throw new PackageError(`${name} is not valid JSON: ${(e as Error).message}`);
    }
  };

  const manifest = fillPlaceholders(readJson('manifest.json'), values);
  const errors = (await validateAgainstOfficialSchema(manifest)).map((e) => `manifest.json: ${e}`);
  const entries: PackageFile[] = [
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n') },
  ];

  const localizationInfo = (manifest.localizationInfo ?? {}) as JsonObject;
  const languages = (localizationInfo.additionalLanguages ?? []) as JsonObject[];
  for (const language of languages) {
    const name = String(language.file);
    const localization = fillPlaceholders(readJson(name), values, name);
    errors.push(...(await validateAgainstOfficialSchema(localization)).map((e) => `${name}: ${e}`));
    errors.push(...checkLocalization(manifest, localization, name));
    entries.push({ name, data: Buffer.from(JSON.stringify(localization, null, 2) + '\n') });
  }

  const icons = (manifest.icons ?? {}) as Record<string, string>;
  for (const [kind, name] of Object.entries(icons)) {
    const png = read(name);
    const { width, height } = pngSize(png);
    const size = ICON_SIZES[kind];
    if (size && (width !== size || height !== size)) {
      errors.push(`${name}: the ${kind} icon must be ${size}x${size} pixels (it is ${width}x${height})`);
    }
    entries.push({ name, data: png });
  }

  if (errors.length > 0) {
    throw new PackageError(`The Teams app package is not valid:\n  - ${errors.join('\n  - ')}`);
  }
  const zip = Buffer.from(
    zipSync(Object.fromEntries(entries.map((entry) => [entry.name, entry.data])), { mtime: ZIP_DATE }),
  );
  const outFile = options.outFile === undefined ? DEFAULT_OUT_FILE : (options.outFile ?? undefined);
  if (outFile) {
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, zip);
  }
  return { manifest, entries, zip, outFile };
}

async function main(): Promise<void> {
  // Same settings as the bot: a .env at the repo root, if any, without overriding the environment.
  const envFile = path.join(REPO_ROOT, '.env');
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
  try {
    const result = await buildAppPackage();
    const { id, bots } = result.manifest as { id: string; bots: { botId: string }[] };
    console.log(
      `Wrote ${path.relative(process.cwd(), result.outFile!)} (${result.zip.length} bytes: ` +
        `${result.entries.map((e) => e.name).join(', ')}); app id ${id}, bot id ${bots[0].botId}, ` +
        `valid domains ${JSON.stringify(result.manifest.validDomains)}. ` +
        'Upload it in Teams: Apps > Manage your apps > Upload an app.',
    );
  } catch (e) {
    console.error(e instanceof PackageError ? e.message : e);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
