// The authorization part of contract-report.json: the findings of the auth and lifecycle checks
// among the violations, and per operation which refusals (no key, an invalid key, another
// tenant's key) the run exercised.

import { operationIds } from '../check/operation-path.ts';
import { tenantScope } from '../check/tenant-scope.ts';
import type { OperationId } from '../generated/validators.js';
import { operations } from '../generated/validators.js';
import { type AuthFinding, type RefusalExercise, type RefusalKind, readAuthRecords } from './auth-records.ts';

/** `kept`: asked, and answered as promised (refused; for a listing, nothing of ours shown); `broken`: asked, and not. */
export type RefusalState = 'kept' | 'broken' | 'not exercised' | 'not applicable';

/** One operation's row of the coverage table. */
export interface AuthCoverageRow {
  operationId: OperationId;
  method: string;
  path: string;
  noKey: RefusalState;
  invalidKey: RefusalState;
  otherTenant: RefusalState;
  /** Another end user of the same tenant (`user-id`), where the operation names one. */
  otherUser: RefusalState;
}

function stateOf(exercises: RefusalExercise[], operationId: OperationId, kind: RefusalKind): RefusalState {
  const asked = exercises.filter((e) => e.operationId === operationId && e.kind === kind);
  if (asked.length === 0) return 'not exercised';
  return asked.every((e) => e.kept) ? 'kept' : 'broken';
}

/** The coverage table, one row per operation of the index. */
export function authCoverage(exercises: RefusalExercise[]): AuthCoverageRow[] {
  return operationIds.map((operationId) => {
    const { method, path } = operations[operationId];
    const otherTenant =
      tenantScope(operationId) === 'none' ? 'not applicable' : stateOf(exercises, operationId, 'other-tenant');
    const scope = tenantScope(operationId);
    const otherUser =
      scope === 'file' || scope === 'user-listing' ? stateOf(exercises, operationId, 'other-user') : 'not applicable';
    return {
      operationId,
      method,
      path,
      noKey: stateOf(exercises, operationId, 'no-key'),
      invalidKey: stateOf(exercises, operationId, 'invalid-key'),
      otherTenant,
      otherUser,
    };
  });
}

/** The report's shape, as far as this part touches it. */
interface ReportBody {
  summary: Record<string, number>;
  violations: object[];
}

/** Adds the auth findings to the violations and summary, and the coverage table as `authCoverage`. */
export function withAuthChecks<T extends ReportBody>(report: T): T & { authCoverage: AuthCoverageRow[] } {
  const { findings, exercises } = readAuthRecords();
  const summary = { ...report.summary };
  for (const f of findings) summary[f.title] = (summary[f.title] ?? 0) + 1;
  const violations: object[] = [...report.violations, ...findings.map((f: AuthFinding) => ({ ...f }))];
  return { ...report, summary, violations, authCoverage: authCoverage(exercises) };
}
