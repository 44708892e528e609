// Statements about an operation's behaviour across calls (scope `operation`, such as "the answer
// is stored as a message with the same id") are shown by a test, not by one response: the test
// that checks one records what it saw here, and the ledger counts it like a response.
import type { OperationId } from '../generated/validators.js';
import { operations } from '../generated/validators.js';
import { appendRecord, readRecords, resetRecords } from './record-store.ts';

/** What one test saw of a behaviour statement. No values: `message` is the test's own words. */
export interface BehaviourRecord {
  id: string;
  agreed: boolean;
  operationId: string;
  test: string;
  curl?: string;
  message: string;
}

const STORE = 'behaviour';

/** The id of the operation's behaviour statement; throws when the spec has none (the test would confirm nothing). */
export function behaviourStatement(operationId: OperationId): string {
  const id = operations[operationId].assumptions?.[0]?.id;
  if (id === undefined)
    throw new Error(
      `Expected an x-assumed on ${operationId} itself in contracts/openapi.yaml. Got none: remove the recordBehaviour call or restore the statement.`,
    );
  return id;
}

/** Appends one record for this worker. */
export function recordBehaviour(record: BehaviourRecord): void {
  appendRecord(STORE, record);
}

/** Forgets the records of an earlier run (global setup). */
export function resetBehaviour(): void {
  resetRecords(STORE);
}

/** Every record of this run. */
export function readBehaviour(): BehaviourRecord[] {
  return readRecords<BehaviourRecord>(STORE);
}
