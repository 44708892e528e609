// The run's per-worker record stores: each worker appends NDJSON lines to a file of its own under
// REPORT_DIR/<store>, and the reporter reads every worker's lines after the run. Synchronous
// appends, since a worker may exit at any time; one file per process, so no two writers share one.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ndjsonLines } from '../check/body-text.ts';

/** The folder of a store under REPORT_DIR (read when called: a nested run moves REPORT_DIR). */
function storeDir(store: string): string {
  return join(process.env.REPORT_DIR ?? 'reports', store);
}

/** Forgets a store's records of an earlier run (global setup). */
export function resetRecords(store: string): void {
  rmSync(storeDir(store), { recursive: true, force: true });
}

/** Appends one record to this worker's file of the store. */
export function appendRecord(store: string, record: unknown): void {
  const dir = storeDir(store);
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${process.pid}.ndjson`), `${JSON.stringify(record)}\n`);
}

/** Every record of the store, from every worker; none when nothing was recorded. */
export function readRecords<T>(store: string): T[] {
  const dir = storeDir(store);
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.flatMap((file) =>
    ndjsonLines(readFileSync(join(dir, file), 'utf8')).map((line) => JSON.parse(line) as T),
  );
}
