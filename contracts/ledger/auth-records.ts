// The records of the authorization and lifecycle checks that contract-report.json reads: each
// finding (a broken promise) and each refusal the suite asked for (coverage), in the run's
// per-worker record store beside the observations.
import type { Violation } from '../check/check-names.ts';
import type { OperationId } from '../generated/validators.js';
import { appendRecord, readRecords, resetRecords } from './record-store.ts';

/** Which refusal a call exercised, for the coverage table. */
export type RefusalKind = 'no-key' | 'invalid-key' | 'other-tenant' | 'other-user';

/** One broken promise, as contract-report.json lists violations. */
export interface AuthFinding extends Violation {
  operationId: OperationId;
  status: number;
  test: string;
  curl: string;
}

/** One refusal the suite asked for, and whether the API kept the promise. */
export interface RefusalExercise {
  operationId: OperationId;
  kind: RefusalKind;
  kept: boolean;
}

type AuthRecord = ({ type: 'finding' } & AuthFinding) | ({ type: 'exercise' } & RefusalExercise);

const STORE = 'auth-checks';

/** Forgets an earlier run's records (global setup). */
export function resetAuthRecords(): void {
  resetRecords(STORE);
}

/** Records a broken promise. */
export function recordFinding(finding: AuthFinding): void {
  appendRecord(STORE, { type: 'finding', ...finding } satisfies AuthRecord);
}

/** Records that a refusal was asked for (coverage). */
export function recordExercise(exercise: RefusalExercise): void {
  appendRecord(STORE, { type: 'exercise', ...exercise } satisfies AuthRecord);
}

/** Every finding and exercise of this run, from every worker. */
export function readAuthRecords(): { findings: AuthFinding[]; exercises: RefusalExercise[] } {
  const records = readRecords<AuthRecord>(STORE);
  const strip = <T extends AuthRecord>({ type: _type, ...rest }: T) => rest;
  return {
    findings: records.filter((r) => r.type === 'finding').map((r) => strip(r) as AuthFinding),
    exercises: records.filter((r) => r.type === 'exercise').map((r) => strip(r) as RefusalExercise),
  };
}
