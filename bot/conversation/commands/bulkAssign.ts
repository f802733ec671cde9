import type { Principal } from '../../directory/directory';
import { LicenseError } from '../../licensing/model';
import type { BulkRequest } from '../bulkList';
import { MAX_BULK_ENTRIES } from '../bulkList';
import type { CommandContext, Reply } from '../context';
import { findApp } from '../find';
import { parsePrincipal } from '../parse';
import { resolvePrincipal } from '../resolve';
import { withTypingIfSlow } from '../typing';
import { bulkPreviewCard, type Unresolved } from '../views/bulkViews';

/** Entries looked up in the directory at once (Graph answers each in tens of milliseconds). */
const PARALLEL_LOOKUPS = 16;

/**
 * "assign Contoso CRM to" + a pasted list: nothing is assigned yet. Each entry is looked up; the
 * preview says who would get a seat, who already holds it, who was not found (with "did you mean"),
 * and the seats that needs against those available. The resolved ids wait in a bulk list document
 * for Assign all.
 */
export async function bulkAssign(ctx: CommandContext, request: BulkRequest): Promise<Reply> {
  const { ledger, directory } = ctx.services;
  const { tenantId, actor, language } = ctx.turn;
  const catalog = await ledger.getCatalog(tenantId);
  const split =
    request.splits.find((s) => catalog.some((app) => app.name.toLowerCase() === s.appText.toLowerCase())) ??
    request.splits[0];
  const found = await findApp(ctx, split.appText, (appName) => `assign ${appName} to`, catalog);
  if ('card' in found) return found;
  const { app } = found;
  const entries = split.entries;
  if (entries.length > MAX_BULK_ENTRIES) {
    throw new LicenseError('TooManyPrincipals', { max: MAX_BULK_ENTRIES, named: entries.length });
  }
  return withTypingIfSlow(ctx, async () => {
    const resolved: (Principal | undefined)[] = new Array(entries.length);
    const unresolved: (Unresolved | undefined)[] = new Array(entries.length);
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const index = next++;
        const resolution = await resolvePrincipal(directory, tenantId, parsePrincipal(entries[index]));
        if (resolution.kind === 'found') resolved[index] = resolution.value;
        else
          unresolved[index] = {
            text: entries[index],
            ambiguous: resolution.kind === 'ambiguous',
            candidates: resolution.kind === 'notFound' ? [] : resolution.candidates.map((p) => p.displayName),
          };
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_LOOKUPS, entries.length) }, worker));
    const principals = [
      ...new Map(
        resolved.filter((p): p is Principal => p !== undefined).map((p) => [p.id.toLowerCase(), p]),
      ).values(),
    ];
    const missing = unresolved.filter((u): u is Unresolved => u !== undefined);
    const preview =
      principals.length > 0
        ? await ledger.previewAssign(
            actor,
            app.appId,
            principals.map((p) => p.id),
          )
        : undefined;
    const list =
      preview && preview.toAdd.length > 0
        ? await ledger.bulkLists.create(
            actor,
            app.appId,
            preview.toAdd.map((p) => p.id),
          )
        : undefined;
    return {
      card: bulkPreviewCard(language, { app, entries: entries.length, preview, unresolved: missing, list }),
    };
  });
}
