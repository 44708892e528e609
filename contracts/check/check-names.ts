// The registry of checks: every family's checks joined, so that a report can name any check by
// its id and title. A check lives in its family's module, beside its id and title, with the
// judges that find it broken: response-checks.ts (one response against the contract),
// auth-checks.ts (authorization and lifecycle), model-checks.ts (the generated tests' steps
// against the model), behaviour-checks.ts (behaviour across calls, for the assumption ledger),
// rate-limit-checks.ts (the tenant's budgets, judged by the rate-limit contract). A new check is
// an entry in its family and in that family's list below it (RESPONSE_CHECKS, AUTH_CHECKS,
// MODEL_CHECKS, BEHAVIOUR_CHECKS, RATE_LIMIT_CHECKS); nothing here changes.
import { AUTH_CHECKS } from './auth-checks.ts';
import { BEHAVIOUR_CHECKS } from './behaviour-checks.ts';
import { MODEL_CHECKS } from './model-checks.ts';
import type { NamedCheck, Violation as ViolationOf } from './named-check.ts';
import { RATE_LIMIT_CHECKS } from './rate-limit-checks.ts';
import { RESPONSE_CHECKS } from './response-checks.ts';

/** Every check, each once, in the order reports list the families. */
export const CHECKS = [
  ...RESPONSE_CHECKS,
  ...AUTH_CHECKS,
  ...MODEL_CHECKS,
  ...BEHAVIOUR_CHECKS,
  ...RATE_LIMIT_CHECKS,
] as const;

/** The id of a check. */
export type CheckId = (typeof CHECKS)[number]['id'];

/** One broken promise, named by a check of the registry. */
export type Violation = ViolationOf<CheckId>;

/** The check of an id (its title, for a report that holds only the id). */
export function checkNamed(id: CheckId): NamedCheck<CheckId> {
  const found = CHECKS.find((check) => check.id === id);
  if (found === undefined) throw new Error(`Expected the id of a check of the registry. Got "${id}".`);
  return found;
}
