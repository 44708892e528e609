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

/** Appends one observation to this worker's file (synchronously: a worker may exit any time). */
export function recordObservation(observation: Observation): void {
  const dir = observationsDir();
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${process.pid}.ndjson`), `${JSON.stringify(observation)}\n`);
}

/** Every observation of this run, from every worker. */
export function readObservations(): Observation[] {
  let files: string[];
  try {
    files = readdirSync(observationsDir());
  } catch {
    return [];
  }
  return files.flatMap((file) =>
    readFileSync(join(observationsDir(), file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Observation),
  );
}
