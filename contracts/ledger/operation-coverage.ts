// The coverage table of every operation of the index: each documented status (and, for errors,
// each error_code) and whether an answer of this run that broke no documented promise showed it.
// contract-report.json carries it as `operationsCoverage`, and tests/contract-coverage prints it.
import { operationIds } from '../check/operation-path.ts';
import type { OperationId } from '../generated/validators.js';
import { operations } from '../generated/validators.js';
import type { Observation } from './observations.ts';
import { type CoverageRow, coverageOf } from './run-coverage.ts';

/** One operation's documented outcomes, seen or not. */
export interface OperationCoverage {
  operationId: OperationId;
  method: string;
  path: string;
  rows: CoverageRow[];
}

/** Every operation's documented outcomes, in the order of the index. */
export function operationCoverage(observations: Observation[]): OperationCoverage[] {
  return operationIds.map((operationId) => ({
    operationId,
    method: operations[operationId].method,
    path: operations[operationId].path,
    rows: coverageOf(operationId, observations),
  }));
}

/** The table as text: one line per outcome, `seen` or `NOT SEEN`. */
export function coverageTable(coverage: OperationCoverage[]): string {
  return coverage
    .flatMap((op) => [
      `${op.operationId} (${op.method} ${op.path})`,
      ...op.rows.map((r) => `  ${r.seen ? 'seen    ' : 'NOT SEEN'}  ${r.status} ${r.errorCode ?? ''}`.trimEnd()),
    ])
    .join('\n');
}
