import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AssumptionEvidence } from '../../contracts/check/assumption-evidence.ts';
import type { Violation } from '../../contracts/check/check-names.ts';

/** One response the suite received: what the coverage report counts. */
export interface Observation {
  operationId: string;
  status: number;
  errorCode?: string;
  test: string;
  /** Present when the response broke the contract. */
  violations?: Violation[];
  /** The `x-assumed` statements (by id) this response exercised and contradicted. */
  assumptions?: AssumptionEvidence;
  /** The reproduction line (key as $API_KEY). */
  curl?: string;
}

/** Where the workers of one run record their observations. */
export function observationsDir(): string {
  return join(process.env.REPORT_DIR ?? 'reports', 'observations');
}

/** Forgets the observations of an earlier run (global setup). */
export function resetObservations(): void {
  rmSync(observationsDir(), { recursive: true, force: true });
}

/** Appends one record to this worker's NDJSON file in `dir` (synchronously: a worker may exit any time). */
export function appendRecord(dir: string, record: unknown): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${process.pid}.ndjson`), `${JSON.stringify(record)}\n`);
}

/** Every record of the workers' NDJSON files in `dir`; none when it does not exist. */
export function readRecords<T>(dir: string): T[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.flatMap((file) =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as T),
  );
}

/** Appends one observation to this worker's file. */
export function recordObservation(observation: Observation): void {
  appendRecord(observationsDir(), observation);
}

/** Every observation of this run, from every worker. */
export function readObservations(): Observation[] {
  return readRecords<Observation>(observationsDir());
}
