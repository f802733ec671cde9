import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import {
  buildAppPackage,
  checkLocalization,
  appVersion,
  escapeLoneBrackets,
  loadSchema,
  PackageError,
  pngSize,
  readSettings,
  SOURCE_DIR,
  validateAgainstOfficialSchema,
  type BuildResult,
  type JsonObject,
} from '../../appPackage/build';
import { startTestApp, type TestApp } from '../harness/testApp';

/** The zip's entries as another reader sees them: name, compression method, bytes. */
function unzip(zip: Buffer): { name: string; method: number; data: Buffer }[] {
  const methods = new Map<string, number>();
  const files = unzipSync(zip, {
    filter: (file) => {
      methods.set(file.name, file.compression);
      return true;
    },
  });
  return Object.entries(files).map(([name, data]) => ({
    name,
    method: methods.get(name)!,
    data: Buffer.from(data),
  }));
}

// @microsoft/app-manifest requires the ESM-only `strip-bom` (only for reading files, which we do not use).
// Node 20 loads it natively (require(esm)), but jest's module registry cannot before Node 24.9.
jest.mock('strip-bom', () => ({ __esModule: true, default: (text: string) => text.replace(/^\uFEFF/, '') }));

const APP_ID = '3f2a9c1e-5b7d-4e8f-9a01-23456789abcd';
const BOT_DOMAIN = 'licensedesk.contoso.com';
const TEST_ENV = { MicrosoftAppId: APP_ID, BOT_DOMAIN };
const REPO_ROOT = path.join(__dirname, '..', '..');

const EXPECTED_COMMANDS: [string, string][] = [
  ['help', 'aide'],
  ['licenses', 'licences'],
  ['details', 'détails'],
  ['assign', 'attribuer'],
  ['unassign', 'désattribuer'],
  ['install', 'installer'],
  ['add licenses', 'ajouter des licences'],
  ['history', 'historique'],
  ['request', 'demander'],
  ['my licenses', 'mes licences'],
  ['requests', 'demandes'],
];

interface Bot {
  botId: string;
  scopes: string[];
  supportsFiles?: boolean;
  commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[];
}

const readSource = (name: string) => fs.readFileSync(path.join(SOURCE_DIR, name));
const readSourceJson = (name: string) => JSON.parse(readSource(name).toString('utf8')) as JsonObject;
const ACCENT_COLOR = readSourceJson('manifest.json').accentColor as string;

let tmp: string;
let built: BuildResult;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'app-package-'));
  built = await buildAppPackage({ env: TEST_ENV, outFile: path.join(tmp, 'appPackage.zip') });
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('manifest', () => {
  it('validates against the official schema with zero errors once ids and domain are filled', async () => {
    expect(await validateAgainstOfficialSchema(built.manifest)).toEqual([]);
    const manifest = built.manifest;
    expect(manifest.$schema).toMatch(
      /^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/v1\.2[2-4]\//,
    );
    expect(['1.22', '1.23', '1.24']).toContain(manifest.manifestVersion);
    expect(manifest.id).toBe(APP_ID);
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(manifest.name).toMatchObject({ short: 'License Desk' });
    expect(manifest.accentColor).toBe(ACCENT_COLOR);
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'en-us',
      additionalLanguages: [{ languageTag: 'fr', file: 'fr.json' }],
    });
    expect(manifest.validDomains).toContain(BOT_DOMAIN);
  });

  it('the schema check is real: a wrong bot id or too many commands is reported', async () => {
    const broken = JSON.parse(JSON.stringify(built.manifest)) as { bots: Bot[] } & JsonObject;
    broken.bots[0].botId = 'not-a-guid';
    broken.bots[0].commandLists[0].commands.push(
      ...Array.from({ length: 13 }, (_, i) => ({ title: `c${i}`, description: 'd' })),
    );
    const errors = await validateAgainstOfficialSchema(broken);
    expect(errors.some((e) => e.startsWith('/bots/0/botId'))).toBe(true);
    expect(errors.some((e) => e.startsWith('/bots/0/commandLists/0/commands'))).toBe(true);
  });

  it('declares one bot in personal, team and groupChat with every command in each scope', () => {
    const bots = built.manifest.bots as unknown as Bot[];
    expect(bots).toHaveLength(1);
    const bot = bots[0];
    expect(bot.botId).toBe(APP_ID);
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.supportsFiles).toBe(false);
    const schema = loadSchema(String(built.manifest.$schema)) as any;
    const maxCommands: number =
      schema.properties.bots.items.properties.commandLists.items.properties.commands.maxItems;
    const covered = bot.commandLists.flatMap((list) => list.scopes).sort();
    expect(covered).toEqual(['groupChat', 'personal', 'team']);
    for (const list of bot.commandLists) {
      expect(list.commands.length).toBeLessThanOrEqual(maxCommands);
      expect(list.commands.map((c) => c.title)).toEqual(EXPECTED_COMMANDS.map(([en]) => en));
      for (const command of list.commands) expect(command.description.length).toBeGreaterThan(10);
    }
  });

  it("carries package.json's version, and refuses one Teams cannot take", () => {
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as JsonObject)
      .version;
    expect(built.manifest.version).toBe(version);
    const file = path.join(tmp, 'package.json');
    for (const wrong of ['1.0.0-beta.1', '1.0', 'v1.0.0', undefined]) {
      fs.writeFileSync(file, JSON.stringify({ version: wrong }));
      expect(() => appVersion(file)).toThrow(/"version" must be major\.minor\.patch/);
    }
    fs.writeFileSync(file, JSON.stringify({ version: '2.10.0' }));
    expect(appVersion(file)).toBe('2.10.0');
  });

  it('lists the dialog page domain (BOT_DOMAIN, or the host of PUBLIC_BASE_URL) in validDomains', async () => {
    const fromUrl = await buildAppPackage({
      env: { MicrosoftAppId: APP_ID, PUBLIC_BASE_URL: 'https://bot.fabrikam.example:8443/' },
      outFile: null,
    });
    expect(fromUrl.manifest.validDomains).toEqual(['bot.fabrikam.example:8443']);
    const dialogHost = new URL(`https://${(built.manifest.validDomains as string[])[0]}/dialog/assign`).host;
    expect(dialogHost).toBe(BOT_DOMAIN);
  });
});

describe('fr.json', () => {
  it('validates against the official Localization schema with zero errors', async () => {
    const fr = readSourceJson('fr.json');
    expect(fr.$schema).toMatch(/MicrosoftTeams\.Localization\.schema\.json$/);
    expect(await validateAgainstOfficialSchema(fr)).toEqual([]);
    const bad = { ...fr, 'name.short': '', 'bots[0].commandLists[3].commands[0].title': 'x' };
    expect((await validateAgainstOfficialSchema(bad)).length).toBeGreaterThanOrEqual(2);
  });

  it('translates every command of every scope, title for title', () => {
    const fr = readSourceJson('fr.json');
    const bot = (built.manifest.bots as unknown as Bot[])[0];
    expect(checkLocalization(built.manifest, fr, 'fr.json')).toEqual([]);
    bot.commandLists.forEach((list, i) =>
      list.commands.forEach((command, j) => {
        const french = fr[`bots[0].commandLists[${i}].commands[${j}].title`];
        expect([command.title, french]).toEqual(EXPECTED_COMMANDS[j]);
        const description = fr[`bots[0].commandLists[${i}].commands[${j}].description`];
        expect(typeof description === 'string' && description !== command.description).toBe(true);
      }),
    );
    for (const key of ['name.short', 'name.full', 'description.short', 'description.full']) {
      expect(typeof fr[key]).toBe('string');
    }
    expect(fr['description.short']).not.toBe((built.manifest.description as JsonObject).short);
  });

  it('a French string for a command the manifest lacks, or a missing translation, is caught', () => {
    const fr = readSourceJson('fr.json');
    const extra = { ...fr, 'bots[0].commandLists[0].commands[11].title': 'fantôme' };
    expect(checkLocalization(built.manifest, extra, 'fr.json')).toEqual([
      'fr.json: bots[0].commandLists[0].commands[11].title has no matching command in manifest.json',
    ]);
    const missing = { ...fr };
    delete missing['bots[0].commandLists[2].commands[7].description'];
    expect(checkLocalization(built.manifest, missing, 'fr.json')).toHaveLength(1);
  });
});

describe('icons', () => {
  it('color.png is 192x192 and outline.png 32x32, by their PNG header and decoded', () => {
    expect(pngSize(readSource('color.png'))).toEqual({ width: 192, height: 192 });
    expect(pngSize(readSource('outline.png'))).toEqual({ width: 32, height: 32 });
    expect(PNG.sync.read(readSource('color.png'))).toMatchObject({ width: 192, height: 192 });
    expect(PNG.sync.read(readSource('outline.png'))).toMatchObject({ width: 32, height: 32 });
    expect(() => pngSize(readSource('manifest.json'))).toThrow('not a PNG file');
  });

  it('outline.png is only white and transparent, and draws something', () => {
    const png = PNG.sync.read(readSource('outline.png'));
    let opaque = 0;
    const coloured: number[] = [];
    for (let i = 0; i < png.width * png.height; i++) {
      const [r, g, b, a] = png.data.subarray(i * 4, i * 4 + 4);
      if (a > 0 && (r !== 255 || g !== 255 || b !== 255)) coloured.push(i);
      if (a === 255) opaque++;
    }
    expect(coloured).toEqual([]);
    expect(opaque).toBeGreaterThan(32 * 32 * 0.1);
    expect(opaque).toBeLessThan(32 * 32 * 0.6);
    expect(png.data[3]).toBe(0); // the corner is transparent
  });

  it("color.png is opaque, on the manifest's accent colour, with a white glyph", () => {
    const png = PNG.sync.read(readSource('color.png'));
    const accent = [1, 3, 5].map((i) => parseInt(ACCENT_COLOR.slice(i, i + 2), 16));
    let white = 0;
    let translucent = 0;
    for (let i = 0; i < png.width * png.height; i++) {
      if (png.data[i * 4 + 3] !== 255) translucent++;
      if (png.data[i * 4] === 255 && png.data[i * 4 + 1] === 255 && png.data[i * 4 + 2] === 255) white++;
    }
    expect(translucent).toBe(0);
    expect(Array.from(png.data.subarray(0, 3))).toEqual(accent);
    expect(white).toBeGreaterThan(192 * 192 * 0.08);
  });
});

describe('zip', () => {
  it('holds manifest.json, fr.json, color.png and outline.png at its root and unzips to the same bytes', () => {
    const zip = fs.readFileSync(path.join(tmp, 'appPackage.zip'));
    expect(zip.equals(built.zip)).toBe(true);
    const entries = unzip(zip);
    expect(entries.map((e) => e.name).sort()).toEqual([
      'color.png',
      'fr.json',
      'manifest.json',
      'outline.png',
    ]);
    for (const entry of entries) {
      const original = built.entries.find((e) => e.name === entry.name)!;
      expect(entry.data.equals(original.data)).toBe(true);
    }
    const byName = Object.fromEntries(entries.map((e) => [e.name, e.data]));
    expect(byName['color.png'].equals(readSource('color.png'))).toBe(true);
    expect(byName['outline.png'].equals(readSource('outline.png'))).toBe(true);
    expect(JSON.parse(byName['manifest.json'].toString('utf8'))).toEqual(built.manifest);
    expect(JSON.parse(byName['fr.json'].toString('utf8'))).toEqual(readSourceJson('fr.json'));
    expect(entries.find((e) => e.name === 'manifest.json')!.method).toBe(8); // deflated
  });

  it('the manifest inside the zip still validates', async () => {
    const entries = unzip(built.zip);
    const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString('utf8'));
    expect(await validateAgainstOfficialSchema(manifest)).toEqual([]);
  });

  it('is reproducible: the same inputs give the same bytes, years later', async () => {
    jest.useFakeTimers({
      now: new Date('2031-06-15T12:34:56Z'),
      doNotFake: ['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'],
    });
    try {
      const again = await buildAppPackage({ env: TEST_ENV, outFile: null });
      expect(again.zip.equals(built.zip)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('settings from the environment', () => {
  it('refuses a missing MicrosoftAppId, naming it', async () => {
    const attempt = buildAppPackage({ env: { BOT_DOMAIN }, outFile: null });
    await expect(attempt).rejects.toThrow(PackageError);
    await expect(attempt).rejects.toMatchObject({
      variable: 'MicrosoftAppId',
      message: expect.stringContaining('MicrosoftAppId'),
    });
    expect(() => readSettings({ MicrosoftAppId: '   ' })).toThrow(/MicrosoftAppId is not set/);
  });

  it('refuses a MicrosoftAppId that is not a GUID, naming it', () => {
    expect(() => readSettings({ MicrosoftAppId: 'license-desk-bot' })).toThrow(
      'MicrosoftAppId must be a GUID (got "license-desk-bot")',
    );
    expect(() => readSettings({ MicrosoftAppId: APP_ID, TEAMS_APP_ID: 'x' })).toThrow(
      /TEAMS_APP_ID must be a GUID/,
    );
  });

  it('refuses to build without BOT_DOMAIN or PUBLIC_BASE_URL (no localhost package), and a domain with a path', async () => {
    const attempt = buildAppPackage({ env: { MicrosoftAppId: APP_ID }, outFile: null });
    await expect(attempt).rejects.toMatchObject({
      variable: 'BOT_DOMAIN',
      message: expect.stringMatching(/^BOT_DOMAIN is not set: .*PUBLIC_BASE_URL/),
    });
    expect(readSettings({ ...TEST_ENV, BOT_DOMAIN: 'https://LicenseDesk.Contoso.com/' })).toEqual({
      MicrosoftAppId: APP_ID,
      TEAMS_APP_ID: APP_ID,
      BOT_DOMAIN,
    });
    expect(() => readSettings({ ...TEST_ENV, BOT_DOMAIN: 'licensedesk.contoso.com/dialog' })).toThrow(
      expect.objectContaining({ variable: 'BOT_DOMAIN' }),
    );
  });

  it('`npm run package` without BOT_DOMAIN exits non-zero with the reason and writes no package', async () => {
    const out = path.join(SOURCE_DIR, 'build', 'appPackage.zip');
    const before = fs.existsSync(out) ? fs.statSync(out).mtimeMs : undefined;
    const run = promisify(execFile)('npm', ['run', '--silent', 'package'], {
      cwd: REPO_ROOT,
      // Empty values also keep a developer's .env from filling them in.
      env: { ...process.env, MicrosoftAppId: APP_ID, BOT_DOMAIN: '', PUBLIC_BASE_URL: '' },
    });
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('BOT_DOMAIN is not set'),
    });
    expect(fs.existsSync(out) ? fs.statSync(out).mtimeMs : undefined).toBe(before);
  });

  it('`npm run package` exits non-zero and names MicrosoftAppId when it is invalid', async () => {
    const tsx = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const run = promisify(execFile)(process.execPath, [tsx, path.join(REPO_ROOT, 'appPackage', 'build.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, MicrosoftAppId: 'not-a-guid' },
    });
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('MicrosoftAppId must be a GUID'),
    });
  });
});

describe('schema loading', () => {
  it('escapes a lone ] only outside character classes', () => {
    expect(escapeLoneBrackets('^a\\[\\b([0-9]|1[01])\\b]\\.x$')).toBe('^a\\[\\b([0-9]|1[01])\\b\\]\\.x$');
    expect(escapeLoneBrackets('[\\]a]]')).toBe('[\\]a]\\]');
    expect(() => new RegExp(escapeLoneBrackets('^x\\[\\b([0-9])\\b]$'), 'u')).not.toThrow();
  });

  it('never goes to the network: an unknown $schema is refused', async () => {
    await expect(
      validateAgainstOfficialSchema({ $schema: 'https://example.com/schema.json' }),
    ).rejects.toThrow(/not one of the Teams schemas shipped by @microsoft\/app-manifest/);
  });
});

describe("the manifest's developer pages", () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.stop());

  it('website, privacy and terms URLs point at BOT_DOMAIN, and the bot answers each with a page', async () => {
    const developer = built.manifest.developer as Record<string, string>;
    const urls = ['websiteUrl', 'privacyUrl', 'termsOfUseUrl'].map((field) => new URL(developer[field]));
    expect(urls.map((url) => url.pathname)).toEqual(['/', '/privacy', '/terms']);
    for (const url of urls) {
      expect(url.origin).toBe(`https://${BOT_DOMAIN}`);
      const response = await fetch(`${testApp.app.url}${url.pathname}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await response.text()).toMatch(/<h1>License Desk( privacy statement| terms of use)?<\/h1>/);
    }
  });
});
