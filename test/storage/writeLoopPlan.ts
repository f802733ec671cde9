/** The write schedule shared by the kill -9 child (writeLoop.ts) and the test that checks it. */
export type WriteOp = 'create' | 'upsert' | 'replace' | 'delete';

export const WORKERS = 8;
export const IDS_PER_WORKER = 6;

/** seq 1, 5, 9…: create; then upsert, replace (IfMatch), delete. */
export function opFor(seq: number): WriteOp {
  return (['delete', 'create', 'upsert', 'replace'] as const)[seq % 4];
}
