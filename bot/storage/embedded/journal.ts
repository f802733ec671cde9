import fs from 'node:fs';
import os from 'node:os';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

/**
 * Durable storage for the embedded Cosmos server: an append-only journal of resulting states plus a
 * snapshot. Every entry records the state a resource ended up in after a write the server accepted
 * (never the request), so entries are idempotent: replaying the journal over a snapshot that already
 * contains some of it gives the same result. That is what makes compaction crash-safe.
 *
 * Files in the data directory:
 * - `snapshot.jsonl`: a header line, then one entry per database, container, UDF and document;
 *   replaced atomically (write tmp, fsync, rename, fsync directory).
 * - `journal.jsonl`: one JSON entry per line, appended and fdatasync'ed before the write is answered.
 * - `LOCK`: pid of the process serving the directory, its host and the directory's own path. A copy
 *   (a backup, restored elsewhere or beside the original) is not held by the process that served
 *   the original: only the same host, path and a live pid hold a directory.
 *
 * Over 400 lines because the file format, its recovery and its crash-safe compaction are one
 * invariant (entries are resulting states) and are kept together on purpose.
 */

export interface Resource {
  id: string;
  [field: string]: unknown;
}

export type JournalEntry =
  | { op: 'db'; db: string; def: Resource }
  | { op: 'dbdel'; db: string }
  | { op: 'coll'; db: string; coll: string; def: Resource }
  | { op: 'colldel'; db: string; coll: string }
  | { op: 'udf'; db: string; coll: string; def: Resource }
  | { op: 'udfdel'; db: string; coll: string; id: string }
  | { op: 'put'; db: string; coll: string; pk: unknown; doc: Resource }
  | { op: 'del'; db: string; coll: string; id: string; pk: unknown };

export interface CollectionState {
  /** Undefined only if a document entry was seen before its container's entry. */
  def?: Resource;
  /** Document state by {@link docKey}; Map order is the server's own (insertion) order. */
  docs: Map<string, { pk: unknown; doc: Resource }>;
  udfs: Map<string, Resource>;
}

export interface DatabaseState {
  def?: Resource;
  colls: Map<string, CollectionState>;
}

export type StoreState = Map<string, DatabaseState>;

export const SNAPSHOT_FILE = 'snapshot.jsonl';
export const JOURNAL_FILE = 'journal.jsonl';
export const LOCK_FILE = 'LOCK';
/** Suffix of a file being replaced atomically (left behind by a crash mid-replace). */
const REPLACING = '.tmp';
/** Every file the journal may leave in its directory: all that `npm run reset` deletes. */
export const STORE_FILES: readonly string[] = [
  SNAPSHOT_FILE,
  `${SNAPSHOT_FILE}${REPLACING}`,
  JOURNAL_FILE,
  LOCK_FILE,
];
const SNAPSHOT_FORMAT = 'license-desk/embedded-cosmos-snapshot';
const SNAPSHOT_VERSION = 1;

/** Same identity as the server's index: `partition || id`, then id. */
export function docKey(id: string, pk: unknown): string {
  return `${String(pk || id)}\u0000${id}`;
}

function database(state: StoreState, db: string): DatabaseState {
  let entry = state.get(db);
  if (!entry) {
    entry = { colls: new Map() };
    state.set(db, entry);
  }
  return entry;
}

function collection(state: StoreState, db: string, coll: string): CollectionState {
  const parent = database(state, db);
  let entry = parent.colls.get(coll);
  if (!entry) {
    entry = { docs: new Map(), udfs: new Map() };
    parent.colls.set(coll, entry);
  }
  return entry;
}

/** Folds one entry into the state. Re-puts move a document to the end, as the server does. */
export function applyEntry(state: StoreState, entry: JournalEntry): void {
  switch (entry.op) {
    case 'db':
      database(state, entry.db).def = entry.def;
      break;
    case 'dbdel':
      state.delete(entry.db);
      break;
    case 'coll':
      collection(state, entry.db, entry.coll).def = entry.def;
      break;
    case 'colldel':
      state.get(entry.db)?.colls.delete(entry.coll);
      break;
    case 'udf':
      collection(state, entry.db, entry.coll).udfs.set(entry.def.id, entry.def);
      break;
    case 'udfdel':
      state.get(entry.db)?.colls.get(entry.coll)?.udfs.delete(entry.id);
      break;
    case 'put': {
      const docs = collection(state, entry.db, entry.coll).docs;
      const key = docKey(entry.doc.id, entry.pk);
      docs.delete(key);
      docs.set(key, { pk: entry.pk, doc: entry.doc });
      break;
    }
    case 'del':
      state.get(entry.db)?.colls.get(entry.coll)?.docs.delete(docKey(entry.id, entry.pk));
      break;
    default:
      throw new Error(`unknown journal entry ${JSON.stringify(entry)}`);
  }
}

/** The state as a list of entries that rebuild it (the snapshot's body). */
export function* stateEntries(state: StoreState): Generator<JournalEntry> {
  for (const [db, dbState] of state) {
    if (dbState.def) yield { op: 'db', db, def: dbState.def };
    for (const [coll, collState] of dbState.colls) {
      if (collState.def) yield { op: 'coll', db, coll, def: collState.def };
      for (const def of collState.udfs.values()) yield { op: 'udf', db, coll, def };
      for (const { pk, doc } of collState.docs.values()) yield { op: 'put', db, coll, pk, doc };
    }
  }
}

export function countDocuments(state: StoreState): number {
  let n = 0;
  for (const dbState of state.values()) for (const c of dbState.colls.values()) n += c.docs.size;
  return n;
}

function isEntry(value: unknown): value is JournalEntry {
  return typeof value === 'object' && value !== null && typeof (value as { op?: unknown }).op === 'string';
}

/**
 * Parses journal text. A damaged tail (a crash in the middle of an append: a partial last line, or
 * garbage after the last good line) was never acknowledged and is ignored; a damaged line followed
 * by good ones is corruption and stops the start.
 */
export function parseJournal(text: string, file: string): { entries: JournalEntry[]; ignoredTail: number } {
  const lines = text.split('\n');
  const entries: JournalEntry[] = [];
  let badLine = -1;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    if (!isEntry(parsed)) {
      if (badLine < 0) badLine = i;
      continue;
    }
    if (badLine >= 0) {
      throw new Error(
        `${file}: line ${badLine + 1} is damaged but later lines are not, so this is not an interrupted ` +
          `write. Move the data directory away (or run \`npm run reset -- --yes\`) to start fresh.`,
      );
    }
    entries.push(parsed);
  }
  const ignoredTail = badLine < 0 ? 0 : lines.slice(badLine).filter((l) => l !== '').length;
  return { entries, ignoredTail };
}

function serializeSnapshot(state: StoreState): string {
  const body: string[] = [];
  for (const entry of stateEntries(state)) body.push(JSON.stringify(entry));
  const header = JSON.stringify({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, entries: body.length });
  return `${header}\n${body.join('\n')}${body.length ? '\n' : ''}`;
}

function parseSnapshot(text: string, file: string): JournalEntry[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let header: { format?: unknown; version?: unknown; entries?: unknown };
  try {
    header = JSON.parse(lines[0] ?? '');
  } catch {
    throw new Error(`${file}: not a snapshot (bad header)`);
  }
  if (header.format !== SNAPSHOT_FORMAT || header.version !== SNAPSHOT_VERSION) {
    throw new Error(`${file}: unsupported snapshot format ${JSON.stringify(header)}`);
  }
  if (header.entries !== lines.length - 1) {
    throw new Error(`${file}: expected ${String(header.entries)} entries, found ${lines.length - 1}`);
  }
  return lines.slice(1).map((line, i) => {
    const parsed: unknown = JSON.parse(line);
    if (!isEntry(parsed)) throw new Error(`${file}: line ${i + 2} is not an entry`);
    return parsed;
  });
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Makes a rename or file creation in `dir` durable. Not supported on Windows: skipped there. */
async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeFileDurably(dir: string, name: string, text: string): Promise<number> {
  const target = path.join(dir, name);
  const tmp = `${target}${REPLACING}`;
  const handle = await fsp.open(tmp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsp.rename(tmp, target);
  await fsyncDir(dir);
  return Buffer.byteLength(text);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid that holds the data directory, if that process is still running. */
export function lockOwner(dir: string): number | undefined {
  let pid: number;
  try {
    const [first, host, lockedDir] = fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8').split('\n');
    if (host && (host !== os.hostname() || lockedDir !== path.resolve(dir))) return undefined;
    pid = Number.parseInt(first, 10);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (pid === process.pid) return heldHere.has(path.resolve(dir)) ? pid : undefined;
  return pidAlive(pid) ? pid : undefined;
}

const heldHere = new Set<string>();

function acquireLock(dir: string): () => void {
  const resolved = path.resolve(dir);
  const owner = lockOwner(dir);
  if (owner !== undefined) {
    throw new Error(
      `${resolved} is in use by process ${owner}${owner === process.pid ? ' (this one)' : ''}; ` +
        'two servers on one data directory would lose writes',
    );
  }
  fs.writeFileSync(path.join(dir, LOCK_FILE), `${process.pid}\n${os.hostname()}\n${resolved}\n`);
  heldHere.add(resolved);
  return () => {
    heldHere.delete(resolved);
    try {
      fs.unlinkSync(path.join(dir, LOCK_FILE));
    } catch {
      // already gone
    }
  };
}

export interface RecoveryStats {
  /** Entries read from the snapshot and from the journal. */
  snapshotEntries: number;
  journalEntries: number;
  /** Damaged lines at the end of the journal (an interrupted append), ignored. */
  ignoredTailLines: number;
  documents: number;
  /** Time to read, fold and compact (loading into the server is measured by the caller). */
  millis: number;
}

export interface JournalStats {
  /** Appends (fsync calls) and the entries and writes they covered. */
  flushes: number;
  entries: number;
  commits: number;
  compactions: number;
}

interface Waiter {
  text: string;
  resolve: () => void;
  reject: (err: Error) => void;
}

export interface JournalOptions {
  /** Compact (snapshot + truncate) once the journal is this big and bigger than the snapshot. */
  compactAfterBytes?: number;
}

/**
 * Opens (creating if needed) a data directory: folds snapshot + journal into a state, writes that
 * state as the new snapshot and empties the journal, then accepts appends.
 */
export class Journal {
  private readonly waiting: Waiter[] = [];
  private flushing = false;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private failure: Error | undefined;
  private closed = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;
  readonly stats: JournalStats = { flushes: 0, entries: 0, commits: 0, compactions: 0 };

  private constructor(
    readonly dir: string,
    /** Live folded state; always equal to what replaying the files gives. */
    readonly state: StoreState,
    private readonly handle: fsp.FileHandle,
    private readonly releaseLock: () => void,
    private readonly compactAfterBytes: number,
  ) {}

  static async open(
    dir: string,
    options: JournalOptions = {},
  ): Promise<{ journal: Journal; recovery: RecoveryStats }> {
    const started = performance.now();
    await fsp.mkdir(dir, { recursive: true });
    const releaseLock = acquireLock(dir);
    try {
      const state: StoreState = new Map();
      const snapshotFile = path.join(dir, SNAPSHOT_FILE);
      const journalFile = path.join(dir, JOURNAL_FILE);
      const snapshotText = await readIfExists(snapshotFile);
      const snapshot = snapshotText === undefined ? [] : parseSnapshot(snapshotText, snapshotFile);
      for (const entry of snapshot) applyEntry(state, entry);
      const journalText = (await readIfExists(journalFile)) ?? '';
      const { entries, ignoredTail } = parseJournal(journalText, journalFile);
      for (const entry of entries) applyEntry(state, entry);

      const handle = await fsp.open(journalFile, 'a');
      const journal = new Journal(
        dir,
        state,
        handle,
        releaseLock,
        options.compactAfterBytes ?? 64 * 1024 * 1024,
      );
      journal.snapshotBytes = snapshotText === undefined ? 0 : Buffer.byteLength(snapshotText);
      journal.journalBytes = Buffer.byteLength(journalText);
      if (journal.journalBytes > 0 || snapshotText === undefined) {
        await journal.compactNow();
      } else {
        await fsyncDir(dir);
      }
      return {
        journal,
        recovery: {
          snapshotEntries: snapshot.length,
          journalEntries: entries.length,
          ignoredTailLines: ignoredTail,
          documents: countDocuments(state),
          millis: performance.now() - started,
        },
      };
    } catch (err) {
      releaseLock();
      throw err;
    }
  }

  /** Set once an append failed; the journal then refuses everything (fail-stop). */
  get failed(): Error | undefined {
    return this.failure;
  }

  /**
   * Records entries; resolves once they are on disk. Entries committed while a flush is running, or
   * in the same event-loop turn, share one write and one fdatasync (group commit).
   */
  commit(entries: JournalEntry[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    if (entries.length === 0) return Promise.resolve();
    for (const entry of entries) applyEntry(this.state, entry);
    const text = entries.map((e) => `${JSON.stringify(e)}\n`).join('');
    this.stats.entries += entries.length;
    this.stats.commits += 1;
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ text, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        this.idle = new Promise((done) => (this.markIdle = done));
        setImmediate(() => void this.flushLoop());
      }
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0);
      const buffer = Buffer.from(batch.map((w) => w.text).join(''));
      try {
        let offset = 0;
        while (offset < buffer.length) {
          const { bytesWritten } = await this.handle.write(buffer, offset, buffer.length - offset);
          offset += bytesWritten;
        }
        await this.handle.datasync();
        this.journalBytes += buffer.length;
        this.stats.flushes += 1;
      } catch (err) {
        this.failure = err instanceof Error ? err : new Error(String(err));
        for (const w of [...batch, ...this.waiting.splice(0)]) w.reject(this.failure);
        break;
      }
      for (const w of batch) w.resolve();
      if (this.journalBytes >= this.compactAfterBytes && this.journalBytes > this.snapshotBytes) {
        try {
          await this.compactNow();
        } catch (err) {
          // The journal is intact (or already covered by the new snapshot): nothing is lost.
          console.error(`embedded cosmos: compaction of ${this.dir} failed`, err);
        }
      }
    }
    this.flushing = false;
    this.markIdle();
  }

  /**
   * Writes the current state as the snapshot, then empties the journal. A crash between the two
   * leaves a journal whose entries are already in the snapshot: replaying them again is harmless.
   */
  private async compactNow(): Promise<void> {
    const text = serializeSnapshot(this.state);
    this.snapshotBytes = await writeFileDurably(this.dir, SNAPSHOT_FILE, text);
    await this.handle.truncate(0);
    await this.handle.sync();
    this.journalBytes = 0;
    this.stats.compactions += 1;
  }

  /** Waits for pending appends, closes the file and releases the directory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.idle;
    await this.handle.close();
    this.releaseLock();
  }
}
