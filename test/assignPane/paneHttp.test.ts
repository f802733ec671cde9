/**
 * The dialog page and its search API over real HTTP: the headers Teams needs to frame it, the
 * token checked on every request (expired, forged, another secret, no admin role), and the page's
 * content in both languages.
 */
import { PaneTokens } from '../../bot/assignPane/paneToken';
import { loadConfig } from '../../bot/config/config';
import { createDirectory } from '../../bot/directory';
import { DirectoryError, type Directory } from '../../bot/directory/directory';
import { BOB, SAMPLE_TENANT } from '../harness/teamsClient';
import { startTestApp, type TestApp } from '../harness/testApp';
import {
  BOB_ID,
  forge,
  openPane,
  OTHER_SECRET,
  PANE_ENV,
  paneUrl,
  SALES,
  signPaneToken,
} from './paneFixtures';

/** The sample directory, whose searches can be made to fail as Graph's do without consent. */
let searchRefused = false;
const sample = createDirectory(loadConfig({}).directory);
const directory: Directory = {
  searchPrincipals: (tenantId, query, options) =>
    searchRefused
      ? Promise.reject(new DirectoryError('DirectoryPermissionMissing', 'Graph 403', 'User.Read.All'))
      : sample.searchPrincipals(tenantId, query, options),
  resolvePrincipal: (tenantId, text, options) => sample.resolvePrincipal(tenantId, text, options),
  adminRoles: (tenantId, userId) => sample.adminRoles(tenantId, userId),
  getPrincipal: (tenantId, id) => sample.getPrincipal(tenantId, id),
  transitiveUserMembers: (tenantId, groupId) => sample.transitiveUserMembers(tenantId, groupId),
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: PANE_ENV, start: { directory } });
  // An app whose name would break the page if it were not escaped.
  const catalog = await t.app.ledger.getCatalog(SAMPLE_TENANT);
  await t.app.ledger.putCatalog(SAMPLE_TENANT, [
    ...catalog,
    {
      ...catalog[0],
      appId: 'hostile-app',
      name: '</script><img src=x onerror=alert(1)> "CRM"',
      vendor: { ...catalog[0].vendor, name: 'Evil & Co' },
    },
  ]);
});
afterAll(async () => {
  await t.stop();
});

const search = (token: string | undefined, q: string) =>
  fetch(`${t.app.url}/api/dialog/principals?q=${encodeURIComponent(q)}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

describe('the page', () => {
  test('is served with a content security policy that lets Teams (and only Teams) frame it', async () => {
    const { url } = await openPane(t, t.client());
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csp = Object.fromEntries(
      (response.headers.get('content-security-policy') ?? '').split(/;\s*/).map((d) => {
        const [name, ...values] = d.split(' ');
        return [name, values];
      }),
    );
    expect(csp['frame-ancestors']).toEqual([
      "'self'",
      'https://teams.microsoft.com',
      'https://*.teams.microsoft.com',
      'https://teams.cloud.microsoft',
      'https://*.teams.cloud.microsoft',
      'https://*.office.com',
      'https://*.microsoft365.com',
    ]);
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).toEqual(["'self'", 'https://res.cdn.office.net']);
  });

  test('shows the app, its seats, and a labelled search box; carries no inline script', async () => {
    const html = await (await fetch((await openPane(t, t.client())).url)).text();
    expect(html).toContain('<h1 id="app-name">Contoso CRM</h1>');
    expect(html).toMatch(/\d+ of 25 seats available/);
    expect(html).toContain('<label for="search">Search for users or groups</label>');
    expect(html).toContain('<script src="teams-js.js" defer></script>');
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [, attributes, body] of scripts) {
      if (body.trim()) expect(attributes).toContain('type="application/json"');
    }
  });

  test('in French for a French admin, in the theme Teams reported', async () => {
    const { url } = await openPane(t, t.client({ locale: 'fr-CA' }), { theme: 'dark' });
    const html = await (await fetch(url)).text();
    expect(html).toContain('<html lang="fr" data-theme="dark">');
    expect(html).toContain('Rechercher des utilisateurs ou des groupes');
    expect(html).toMatch(/licences disponibles sur 25/);
  });

  test('escapes what comes from the catalog', async () => {
    const html = await (await fetch(paneUrl(t, signPaneToken({ appId: 'hostile-app' })))).text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;CRM&quot;');
    expect(html).toContain('Sold by Evil &amp; Co');
    const config = /<script id="pane-config" type="application\/json">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(config).not.toContain('</');
    expect(JSON.parse(config).state).toBe('ready');
  });

  test('refuses expired, forged and foreign tokens with 401 and says so, in the right language', async () => {
    const expired = await fetch(
      paneUrl(t, signPaneToken({ language: 'fr' }, { at: Date.now() - 20 * 60 * 1000 })),
    );
    expect(expired.status).toBe(401);
    expect(expired.headers.get('content-security-policy')).toContain('frame-ancestors');
    const expiredHtml = await expired.text();
    expect(expiredHtml).toContain('Ce volet d’attribution a expiré');
    expect(expiredHtml).toContain('id="pane-form" autocomplete="off" hidden>');
    expect(JSON.parse(/type="application\/json">([\s\S]*?)<\/script>/.exec(expiredHtml)![1]).token).toBe('');

    const genuine = signPaneToken();
    const refused = [
      forge(genuine, { tid: '11111111-2222-4333-8444-555555555555' }),
      forge(genuine, { exp: Date.now() + 24 * 3600 * 1000 }),
      forge(genuine, { oid: BOB_ID }),
      signPaneToken({}, { secret: OTHER_SECRET }),
      `${genuine}x`,
      genuine.split('.')[0],
      'x'.repeat(5000),
    ];
    for (const token of refused) {
      const response = await fetch(paneUrl(t, token));
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('This Assign licenses pane is not valid for you');
    }
    const none = await fetch(`${t.app.url}/dialog/assign`, {
      headers: { 'accept-language': 'fr-FR,fr;q=0.9' },
    });
    expect(none.status).toBe(401);
    expect(await none.text()).toContain('n’est pas valide pour vous');
  });

  test('refuses a genuine token whose admin lost the role (403), or whose app is gone (404)', async () => {
    const notAdmin = await fetch(paneUrl(t, signPaneToken({ user: BOB })));
    expect(notAdmin.status).toBe(403);
    expect(await notAdmin.text()).toMatch(/only a Global admin, License admin or User admin/);
    const gone = await fetch(paneUrl(t, signPaneToken({ appId: 'retired-app' })));
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('I could not find an app named');
  });

  test('its script, style and the teams-js bundle are served from the bot, nothing else is', async () => {
    for (const [file, type] of [
      ['assignPane.js', 'text/javascript; charset=utf-8'],
      ['assignPane.css', 'text/css; charset=utf-8'],
      ['teams-js.js', 'text/javascript; charset=utf-8'],
    ]) {
      const response = await fetch(`${t.app.url}/dialog/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await fetch(`${t.app.url}/dialog/teams-js.js`)).text()).toContain('microsoftTeams');
    for (const path of ['/dialog/..%2fpaneRoutes.ts', '/dialog/package.json', '/dialog/assignPane.html']) {
      expect((await fetch(`${t.app.url}${path}`)).status).toBe(404);
    }
  });
});

describe('the search API', () => {
  test('answers users and groups with what the page shows', async () => {
    const { token } = await openPane(t, t.client());
    const groups = await search(token, 'sal');
    expect(groups.status).toBe(200);
    expect(groups.headers.get('cache-control')).toBe('no-store');
    expect(await groups.json()).toEqual({
      results: [{ id: SALES, kind: 'group', displayName: 'Sales', memberCount: 8, maxSeats: 8 }],
    });
    const users = (await (await search(token, 'Bob')).json()) as any;
    expect(users.results).toEqual([
      { id: BOB_ID, kind: 'user', displayName: 'Bob Kelly', email: 'bob@contoso.com', maxSeats: 1 },
    ]);
    expect((await (await search(token, '')).json()) as any).toEqual({ results: [] });
    const many = (await (await search(token, 'a')).json()) as any;
    expect(many.results.length).toBeLessThanOrEqual(15);
  });

  test('refuses a missing, expired or forged token (401), and someone who is not an admin (403)', async () => {
    const none = await search(undefined, 'sal');
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: 'invalid' });

    const expired = await search(signPaneToken({}, { at: Date.now() - 16 * 60 * 1000 }), 'sal');
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({
      error: 'expired',
      message:
        'This Assign licenses pane has expired. Nothing was assigned: close it and select Assign licenses again.',
    });

    const forged = await search(forge(signPaneToken(), { oid: 'someone-else' }), 'sal');
    expect(forged.status).toBe(401);
    expect(JSON.stringify(await forged.json())).not.toContain(SALES);

    const bob = await search(signPaneToken({ user: BOB }), 'sal');
    expect(bob.status).toBe(403);
    expect(JSON.stringify(await bob.json())).not.toContain(SALES);
  });

  test('a directory the bot may not read is a 403 saying which permission is missing, not a retry', async () => {
    const { token } = await openPane(t, t.client());
    searchRefused = true;
    try {
      const refused = await search(token, 'sal');
      expect(refused.status).toBe(403);
      const body = (await refused.json()) as { message: string };
      expect(body.message).toContain('not allowed to read your directory (User.Read.All)');
    } finally {
      searchRefused = false;
    }
    expect(t.logs.some((l) => l.msg === 'directory error' && l.kind === 'DirectoryPermissionMissing')).toBe(
      true,
    );
  });
});

describe('pane tokens', () => {
  test('carry their claims, expire on time, and are bound to the secret and purpose', () => {
    let now = 1_000_000;
    const tokens = new PaneTokens('a-secret-of-at-least-sixteen', 60_000, () => now);
    const { token, expiresAt } = tokens.sign({ tenantId: 't', userId: 'u', appId: 'a', language: 'fr' });
    expect(expiresAt).toBe(1_060_000);
    expect(tokens.verify(token)).toEqual({
      ok: true,
      claims: { tenantId: 't', userId: 'u', appId: 'a', language: 'fr', expiresAt: 1_060_000 },
    });
    expect(tokens.sign({ tenantId: 't', userId: 'u', appId: 'a', language: 'fr' }).token).not.toBe(token);
    now = 1_060_000;
    expect(tokens.verify(token)).toEqual({ ok: false, reason: 'expired', language: 'fr' });
    now = 1_000_000;
    expect(new PaneTokens('another-secret-of-sixteen', 60_000, () => now).verify(token)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    for (const bad of [undefined, 42, '', '.', 'a.b', `${token}.x`, forge(token, { lang: 'de' })]) {
      expect(tokens.verify(bad)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(() => new PaneTokens('short')).toThrow();
  });
});
