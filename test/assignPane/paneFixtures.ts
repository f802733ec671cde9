import { randomBytes } from 'node:crypto';
import { PaneTokens, type PaneClaims } from '../../bot/assignPane/paneToken';
import { SAMPLE_TENANT, ADELE, type TeamsTestClient, type TestUser } from '../harness/teamsClient';
import type { TestApp } from '../harness/testApp';

/** The secret the test apps sign pane tokens with, so tests can forge genuine or stale ones. */
export const PANE_SECRET = randomBytes(32).toString('hex');
/** Another secret of valid length: tokens it signs are forgeries to the bot. */
export const OTHER_SECRET = randomBytes(32).toString('hex');
export const PANE_ENV = { DIALOG_TOKEN_SECRET: PANE_SECRET };

/** Sample organisation ids (data/sample/directory.json). */
export const SALES = 'b0c00001-0000-4000-8000-000000000001'; // 8 members, Bob among them
export const MARKETING = 'b0c00002-0000-4000-8000-000000000002';
export const BOB_ID = 'a0c00004-0000-4000-8000-000000000004';
export const MEGAN_ID = 'a0c00003-0000-4000-8000-000000000003';

export const OPEN_DATA = (appId = 'contoso-crm') => ({
  msteams: { type: 'task/fetch' },
  verb: 'assign.open',
  appId,
});

/** A token as the bot would sign it, possibly for someone else, or already expired. */
export function signPaneToken(
  claims: Partial<Omit<PaneClaims, 'expiresAt'>> & { user?: TestUser } = {},
  options: { ttlMs?: number; secret?: string; at?: number } = {},
): string {
  const at = options.at ?? Date.now();
  const tokens = new PaneTokens(options.secret ?? PANE_SECRET, options.ttlMs ?? 15 * 60 * 1000, () => at);
  return tokens.sign({
    tenantId: claims.tenantId ?? SAMPLE_TENANT,
    userId: claims.userId ?? (claims.user ?? ADELE).aadObjectId,
    appId: claims.appId ?? 'contoso-crm',
    language: claims.language ?? 'en',
  }).token;
}

/** The same token with its claims part altered and the signature kept: a forgery. */
export function forge(token: string, change: Record<string, unknown>): string {
  const [body, mac] = token.split('.');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  return `${Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url')}.${mac}`;
}

/**
 * Opens the pane the way Teams does (task/fetch through /api/messages) and returns the dialog URL
 * on the test app's own origin (PUBLIC_BASE_URL is not known before the port is).
 */
export async function openPane(
  t: TestApp,
  client: TeamsTestClient,
  options: { appId?: string; theme?: string } = {},
): Promise<{ url: string; token: string; task: any }> {
  const turn = await client.invoke('task/fetch', {
    data: OPEN_DATA(options.appId),
    context: { theme: options.theme ?? 'default' },
  });
  const task = turn.body?.task;
  if (task?.type !== 'continue' || typeof task.value?.url !== 'string') {
    throw new Error(`task/fetch did not open the page: ${JSON.stringify(turn.body)}`);
  }
  const given = new URL(task.value.url);
  return {
    url: `${t.app.url}${given.pathname}${given.search}`,
    token: given.searchParams.get('token') ?? '',
    task,
  };
}

export function paneUrl(t: TestApp, token: string, theme?: string): string {
  const url = new URL('/dialog/assign', t.app.url);
  url.searchParams.set('token', token);
  if (theme) url.searchParams.set('theme', theme);
  return url.href;
}

/** Every element of a card of the given type, wherever it sits. */
export function elementsOf(card: any, type: string): any[] {
  const found: any[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, any>;
    if (record.type === type) found.push(record);
    Object.values(record).forEach(visit);
  };
  visit(card);
  return found;
}
