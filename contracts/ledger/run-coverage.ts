import type { OperationId } from '../generated/validators.js';
import { operations } from '../generated/validators.js';
import type { Observation } from './observations.ts';

/** One documented outcome of an operation, and whether the run saw it. */
export interface CoverageRow {
  status: number;
  /** Absent for success statuses. */
  errorCode?: string;
  seen: boolean;
}

/** Each documented status (and, for errors, each error_code) of an operation, and whether a conforming answer showed it. */
export function coverageOf(operationId: OperationId, observations: Observation[]): CoverageRow[] {
  // A response that broke the contract does not count as seeing the outcome it claims.
  const seen = new Set(
    observations
      .filter((o) => o.operationId === operationId && !o.violations)
      .map((o) => `${o.status} ${o.errorCode ?? ''}`),
  );
  return Object.entries(operations[operationId].responses).flatMap(([status, spec]) => {
    const code = Number(status);
    if (spec.errorCodes.length === 0)
      return [{ status: code, seen: [...seen].some((key) => key.startsWith(`${status} `)) }];
    return spec.errorCodes.map((errorCode) => ({ status: code, errorCode, seen: seen.has(`${status} ${errorCode}`) }));
  });
}
