import { isSuccess } from '../check/status-class.ts';
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

/** The answer broke no documented promise (it may have contradicted assumptions). */
const keptPromises = (o: Observation) => !o.violations?.some((v) => v.basis === 'documented');

/**
 * Each documented status (and, for errors, each error_code) of an operation, and whether an answer
 * that kept every documented promise showed it.
 */
export function coverageOf(operationId: OperationId, observations: Observation[]): CoverageRow[] {
  // A response that broke a documented promise does not count as seeing the outcome it claims. One
  // that only contradicted an assumption (a 429 without Retry-After, say) did show its status and
  // code: the contradiction is pending in the ledger, and the outcome is seen.
  const seen = new Set(
    observations
      .filter((o) => o.operationId === operationId && keptPromises(o))
      .map((o) => `${o.status} ${o.errorCode ?? ''}`),
  );
  return Object.entries(operations[operationId].responses).flatMap(([status, spec]) => {
    const code = Number(status);
    if (spec.errorCodes.length === 0)
      return [{ status: code, seen: [...seen].some((key) => key.startsWith(`${status} `)) }];
    return spec.errorCodes.map((errorCode) => ({ status: code, errorCode, seen: seen.has(`${status} ${errorCode}`) }));
  });
}

/**
 * The outcomes a target with fault injection must have shown: every documented error, since a
 * request can ask for each, and a success. Which 2xx an operation answers is not printed on the
 * pages (the contract's 200 or 201 is an assumption): a correct API answers the one it chose and no
 * request can ask for another, so any 2xx that kept the documented promises is the success seen.
 */
export function unseenWithFaults(operationId: OperationId, observations: Observation[]): string[] {
  const errors = coverageOf(operationId, observations)
    .filter((r) => !r.seen && r.status >= 300)
    .map((r) => `${r.status} ${r.errorCode ?? ''}`.trim());
  return successSeen(operationId, observations) ? errors : [...errors, 'no success answer'];
}

/** Whether the operation answered a success, any 2xx, that broke no documented promise. */
export function successSeen(operationId: OperationId, observations: Observation[]): boolean {
  return observations.some((o) => o.operationId === operationId && isSuccess(o.status) && keptPromises(o));
}
