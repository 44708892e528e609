// Every response the suite received, as the coverage report and the assumption ledger count it.
import type { AssumptionEvidence } from '../check/assumption-evidence.ts';
import type { Violation } from '../check/check-names.ts';
import { appendRecord, readRecords, resetRecords } from './record-store.ts';

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

const STORE = 'observations';

/** Forgets the observations of an earlier run (global setup). */
export function resetObservations(): void {
  resetRecords(STORE);
}

/** Appends one observation to this worker's file. */
export function recordObservation(observation: Observation): void {
  appendRecord(STORE, observation);
}

/** Every observation of this run, from every worker. */
export function readObservations(): Observation[] {
  return readRecords<Observation>(STORE);
}
