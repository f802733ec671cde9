import type { Directory } from '../directory/directory';
import { ledgerId, type AssignmentRecord, type ChunkDocument, type LedgerDocument } from './ledgerDocuments';
import type { LicensingStore } from './licensingStore';
import { LicenseError } from './model';
import type { DirectoryView } from './seats';

/** One line of an app's holders export. */
export interface HolderRow {
  kind: 'user' | 'group';
  name: string;
  /** The user's sign-in address (or a group's mail); empty when the directory has none. */
  address: string;
  /** Directly; a group assigned itself (with its member count); a user through that group. */
  how: { kind: 'direct' } | { kind: 'group'; members: number } | { kind: 'through'; group: string };
  since: string;
  until?: string;
}

export interface HolderExportDeps {
  store: LicensingStore;
  directory: Directory;
  view: DirectoryView;
}

/**
 * Everyone who holds an app, row by row, for a CSV: the direct assignments page by page (the ledger's
 * inline ones, then one chunk document at a time), then each assigned group and its members who hold
 * the app through it (each user once: first directly, else through the first group). Rows are yielded
 * as each page is read, so 100,000 holders are written out as they come; what is kept meanwhile is
 * the set of user ids already listed. Chunks are immutable: a commit during the export replaces them
 * under new ids, so a chunk gone meanwhile ends the export with `Busy` rather than a silent gap.
 */
export async function* holderRows(
  deps: HolderExportDeps,
  tenantId: string,
  appId: string,
): AsyncGenerator<HolderRow> {
  const { store, directory, view } = deps;
  const head = (await store.read<LedgerDocument>(tenantId, ledgerId(appId)))?.doc;
  if (!head) return;
  const listed = new Set<string>();
  const groups: AssignmentRecord[] = [];
  const pages: (() => Promise<readonly AssignmentRecord[]>)[] = [
    ...head.chunks.map((chunk) => async () => {
      const doc = (await store.read<ChunkDocument>(tenantId, chunk.id))?.doc;
      if (!doc) throw new LicenseError('Busy', { appId });
      return doc.assignments;
    }),
    async () => head.inline,
  ];
  for (const page of pages) {
    const records = await page();
    const users = records.filter((record) => record.k === 'u');
    groups.push(...records.filter((record) => record.k === 'g'));
    const principals = await Promise.all(users.map((record) => directory.getPrincipal(tenantId, record.id)));
    for (const [i, record] of users.entries()) {
      const principal = principals[i];
      listed.add(record.id.toLowerCase());
      yield {
        kind: 'user',
        name: principal?.displayName ?? record.id,
        address: principal?.kind === 'user' ? principal.userPrincipalName : '',
        how: { kind: 'direct' },
        since: record.at,
        ...(record.until ? { until: record.until } : {}),
      };
    }
  }
  for (const group of groups) {
    const ref = await directory.getPrincipal(tenantId, group.id);
    const members = await view.groupMembers(group.id);
    const name = ref?.displayName ?? group.id;
    yield {
      kind: 'group',
      name,
      address: ref?.mail ?? '',
      how: { kind: 'group', members: members.length },
      since: group.at,
      ...(group.until ? { until: group.until } : {}),
    };
    const fresh = members.filter((user) => !listed.has(user));
    const PAGE = 1000;
    for (let i = 0; i < fresh.length; i += PAGE) {
      const ids = fresh.slice(i, i + PAGE);
      const principals = await Promise.all(ids.map((id) => directory.getPrincipal(tenantId, id)));
      for (const [k, id] of ids.entries()) {
        listed.add(id);
        const principal = principals[k];
        yield {
          kind: 'user',
          name: principal?.displayName ?? id,
          address: principal?.kind === 'user' ? principal.userPrincipalName : '',
          how: { kind: 'through', group: name },
          since: group.at,
          ...(group.until ? { until: group.until } : {}),
        };
      }
    }
  }
}
