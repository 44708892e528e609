// What the model expects of one step: the verdicts of the documented rules. A verdict lists
// every answer the docs allow (any broken rule's, in any order), so an API that reads an open
// point differently from the mock still passes; only what the docs promise is strict. The checks
// that judge an answer against its verdict are in contracts/check/model-checks.ts.

import type { FieldPath } from '../arbitraries/invalid-values.ts';
import type { Refusal, Verdict } from '../check/step-verdict.ts';
import { statusOf } from '../error-status.ts';
import type { OperationId } from '../generated/validators.js';
import { allowedAnswers, RULES, type RuleBreak } from '../rules/rule-catalog.ts';

/** The refusals the docs allow for these breaks: every allowed answer of each, a validation_error naming its field. */
function refusalsOf(op: OperationId, breaks: readonly RuleBreak[]): Refusal[] {
  return breaks.flatMap((b) =>
    allowedAnswers(op, b.rule).map((a): Refusal => {
      const refusal: Refusal = { ...a, why: RULES[b.rule].says };
      if (a.code === 'validation_error') refusal.field = b.field ?? [];
      return refusal;
    }),
  );
}

/** The verdict of rule breaks: refused with any broken rule's answer; accepted only when every break is an open reading. */
export function ruleVerdict(op: OperationId, breaks: readonly RuleBreak[]): Verdict {
  return {
    mayAccept: breaks.every((b) => RULES[b.rule].reading === 'open'),
    refusals: refusalsOf(op, breaks),
  };
}

/** The verdict with the refusals of open points added: an API may refuse for them, or not. */
export function withOpenPoints(op: OperationId, verdict: Verdict, points: readonly RuleBreak[]): Verdict {
  if (points.length === 0) return verdict;
  const open = points.filter((p) => RULES[p.rule].reading === 'open');
  return { ...verdict, refusals: [...verdict.refusals, ...refusalsOf(op, open)] };
}

/** A refusal is also allowed for these breaks, but no success (a step the docs refuse for another reason). */
export function refusedAnyway(op: OperationId, verdict: Verdict, breaks: readonly RuleBreak[]): Verdict {
  return { ...verdict, mayAccept: false, refusals: [...verdict.refusals, ...refusalsOf(op, breaks)] };
}

/** The documented 422 validation_error naming `field`. */
export function validationRefusal(op: OperationId, field: FieldPath, why: string): Refusal {
  return { status: statusOf(op, 'validation_error') ?? 422, code: 'validation_error', why, field };
}

/** The documented answers for a thread the caller cannot see. */
export function threadMissing(op: OperationId, tenant = false): Refusal[] {
  const out: Refusal[] = [
    {
      status: statusOf(op, 'thread_not_found') ?? 404,
      code: 'thread_not_found',
      why: 'the thread does not exist for this tenant',
    },
  ];
  // Another tenant's thread may be answered as not available to the caller's tenant (docs/decisions/0001).
  if (tenant)
    for (const code of ['assistant_not_available', 'permission_denied']) {
      const status = statusOf(op, code);
      if (status !== undefined)
        out.push({ status, code, why: "the thread's assistant is not available to this tenant" });
    }
  return out;
}

/** Both verdicts' answers: a request that breaks two things may be refused for either. */
export function either(a: Verdict, b: Verdict): Verdict {
  const out: Verdict = { mayAccept: a.mayAccept && b.mayAccept, refusals: [...a.refusals, ...b.refusals] };
  const invalid = a.invalid ?? b.invalid;
  if (invalid) out.invalid = invalid;
  if (a.tenant || b.tenant) out.tenant = true;
  return out;
}
