import type { Principal } from '../directory/directory';
import { t } from '../i18n';
import type { CatalogApp } from '../licensing/model';
import type { CommandContext, Reply } from './context';
import { parsePrincipal, splitPrincipals } from './parse';
import { resolveApp, resolvePrincipal, type Resolution } from './resolve';
import { choiceCard, noticeCard } from './views/messageViews';

/** How a resolved principal is written back into a command: unambiguous, and re-parsable. */
export function principalToken(principal: Principal): string {
  return principal.kind === 'user' ? principal.userPrincipalName : `group ${principal.displayName}`;
}

function principalChoiceTitle(ctx: CommandContext, principal: Principal): string {
  return principal.kind === 'group'
    ? t(ctx.turn.language, 'choice.group', { name: principal.displayName })
    : t(ctx.turn.language, 'choice.user', { name: principal.displayName, upn: principal.userPrincipalName });
}

function choiceQuestion<T>(
  ctx: CommandContext,
  resolution: Resolution<T>,
  what: 'app' | 'principal',
): string {
  const language = ctx.turn.language;
  if (resolution.kind === 'suggest') return t(language, 'choice.didYouMean', { text: resolution.text });
  if (resolution.kind === 'ambiguous') {
    return t(language, 'choice.ambiguous', {
      text: resolution.text,
      what: t(language, `choice.what.${what}`),
    });
  }
  return t(language, 'choice.whichApp');
}

/**
 * The app named in a command, or the card to answer with: a choice when the name is ambiguous or
 * close to several, an error when nothing matches. `rewrite` rebuilds the command with a chosen app.
 * `known`: the catalog this turn already read (saves reading it again). `describe`: the button title
 * when a click does more than show something ("Assign Contoso CRM to Lidia Holloway"); else the name.
 */
export async function findApp(
  ctx: CommandContext,
  text: string,
  rewrite: (appName: string) => string,
  known?: CatalogApp[],
  describe: (appName: string) => string = (appName) => appName,
): Promise<{ app: CatalogApp; catalog: CatalogApp[] } | Reply> {
  const catalog = known ?? (await ctx.services.ledger.getCatalog(ctx.turn.tenantId));
  const language = ctx.turn.language;
  if (!text) {
    if (catalog.length === 0)
      return { card: noticeCard(t(language, 'list.title'), [t(language, 'list.empty')]) };
    return {
      card: choiceCard(
        t(language, 'choice.whichApp'),
        catalog.slice(0, 6).map((app) => ({ title: app.name, command: rewrite(app.name) })),
      ),
    };
  }
  const resolution = resolveApp(catalog, text);
  if (resolution.kind === 'found') return { app: resolution.value, catalog };
  if (resolution.kind === 'notFound') {
    return {
      card: noticeCard(t(language, 'error.AppNotFound.title'), [t(language, 'error.AppNotFound', { text })]),
    };
  }
  return {
    card: choiceCard(
      choiceQuestion(ctx, resolution, 'app'),
      resolution.candidates.map((app) => ({ title: describe(app.name), command: rewrite(app.name) })),
    ),
  };
}

/**
 * The users and groups of "alice@contoso.com, Bob Kelly and Marketing", or the card to answer with.
 * `rewrite` rebuilds the command from principal tokens, for the buttons of a choice card; `describe`
 * titles such a button from the names it would act on, when a click does more than show something.
 */
export async function findPrincipals(
  ctx: CommandContext,
  text: string,
  example: string,
  rewrite: (tokens: string[]) => string,
  describe: (names: string[]) => string = (names) => names.join(', '),
): Promise<{ principals: Principal[] } | Reply> {
  const { directory } = ctx.services;
  const { tenantId, language } = ctx.turn;
  const pieces = await splitPrincipals(text, async (piece) => {
    const query = parsePrincipal(piece);
    return (
      (
        await directory.resolvePrincipal(tenantId, query.text, {
          kinds: query.kind ? [query.kind] : undefined,
        })
      ).length > 0
    );
  });
  if (pieces.length === 0) {
    return {
      card: noticeCard(t(language, 'error.PrincipalMissing.title'), [
        t(language, 'error.PrincipalMissing', { example }),
      ]),
    };
  }
  const found: Principal[] = [];
  for (const [index, piece] of pieces.entries()) {
    const resolution = await resolvePrincipal(directory, tenantId, parsePrincipal(piece));
    if (resolution.kind === 'found') {
      found.push(resolution.value);
      continue;
    }
    if (resolution.kind === 'notFound') {
      return {
        card: noticeCard(t(language, 'error.PrincipalNotFound.title'), [
          t(language, 'error.PrincipalNotFound', { text: resolution.text }),
        ]),
      };
    }
    const before = found.map(principalToken);
    const after = pieces.slice(index + 1);
    return {
      card: choiceCard(
        choiceQuestion(ctx, resolution, 'principal'),
        resolution.candidates.map((candidate) => ({
          title: describe([
            ...found.map((principal) => principal.displayName),
            principalChoiceTitle(ctx, candidate),
            ...after,
          ]),
          command: rewrite([...before, principalToken(candidate), ...after]),
        })),
      ),
    };
  }
  const unique = new Map(found.map((p) => [p.id, p]));
  return { principals: [...unique.values()] };
}
