import type { OperationId } from '../generated/validators.js';
import { operations } from '../generated/validators.js';
import type { Observation } from './observations.ts';
import { coverageOf } from './run-coverage.ts';

/** How one outcome (status and error code) of an operation fared in a run. */
export type CellState = 'documented, seen' | 'documented, not seen' | 'seen, not documented';

/** One row of the grid: an outcome, and its state for each operation (absent: neither documented nor seen there). */
export interface GridRow {
  status: number;
  errorCode?: string;
  cells: Partial<Record<OperationId, CellState>>;
}

/** Operation x status x error_code of the given operations. */
export interface CoverageGrid {
  operations: OperationId[];
  rows: GridRow[];
}

/** The run endpoints: the operations the grid shows. */
export const GRID_OPERATIONS: OperationId[] = ['createRun', 'createRunStream'];

const keyOf = (status: number, errorCode?: string) => `${status} ${errorCode ?? ''}`;

/**
 * The documented outcomes of each operation and whether an answer that broke no documented promise
 * showed them (as the coverage table counts them), plus every outcome the run saw that the contract does not document.
 */
export function coverageGrid(observations: Observation[], ops: OperationId[] = GRID_OPERATIONS): CoverageGrid {
  const rows = new Map<string, GridRow>();
  const row = (status: number, errorCode?: string): GridRow => {
    const key = keyOf(status, errorCode);
    let found = rows.get(key);
    if (!found) {
      found = { status, ...(errorCode === undefined ? {} : { errorCode }), cells: {} };
      rows.set(key, found);
    }
    return found;
  };
  for (const op of ops) {
    const documented = new Set<string>();
    for (const r of coverageOf(op, observations)) {
      documented.add(keyOf(r.status, r.errorCode));
      row(r.status, r.errorCode).cells[op] = r.seen ? 'documented, seen' : 'documented, not seen';
    }
    for (const o of observations) {
      if (o.operationId !== op) continue;
      // A documented success status covers whatever body came with it; an error counts with its code.
      const spec = operations[op].responses[String(o.status)];
      const code = spec !== undefined && spec.errorCodes.length === 0 ? undefined : o.errorCode;
      if (!documented.has(keyOf(o.status, code))) row(o.status, code).cells[op] = 'seen, not documented';
    }
  }
  const sorted = [...rows.values()].sort(
    (a, b) => a.status - b.status || (a.errorCode ?? '').localeCompare(b.errorCode ?? ''),
  );
  return { operations: ops, rows: sorted };
}
