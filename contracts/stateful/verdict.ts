// What the model expects of one step: the verdicts of the documented rules. A verdict lists
// every answer the docs allow (any broken rule's, in any order), so an API that reads an open
// point differently from the mock still passes; only what the docs promise is strict. The checks
// that judge an answer against its verdict are in contracts/check/model-checks.ts.

import type { FieldPath } from '../arbitraries/invalid-values.ts';
import { ANY_CODE, type Refusal, type Verdict } from '../check/step-verdict.ts';
import { statusOf } from '../error-status.ts';
import type { OperationId } from '../generated/validators.js';
import { operations } from '../generated/validators.js';
import { allowedAnswers, RULES, type RuleBreak } from '../rules/rule-catalog.ts';

/** The contract's assumption behind the status of `code` on this operation, when the status is a reading. */
function statusAssumption(op: OperationId, status: number, code: string): Refusal['statusAssumption'] {
  const response = operations[op].responses[String(status)];
  const found =
    response?.assumptions.find((a) => a.codes?.includes(code) === true && a.scope !== 'status') ??
    response?.assumptions.find((a) => a.scope === 'status');
  return found ? { id: found.id, text: found.text } : undefined;
}

/** A refusal with `code` at the status the contract gives it on this operation (`fallback` where it lists none). */
export function refusalOf(op: OperationId, code: string, why: string, fallback: number): Refusal {
  const status = statusOf(op, code) ?? fallback;
  const assumption = statusAssumption(op, status, code);
  return assumption ? { status, code, why, statusAssumption: assumption } : { status, code, why };
}

/** The refusals the docs allow for these breaks: every allowed answer of each, a validation_error naming its field. */
function refusalsOf(op: OperationId, breaks: readonly RuleBreak[]): Refusal[] {
  return breaks.flatMap((b) =>
    allowedAnswers(op, b.rule).map((a): Refusal => {
      const refusal: Refusal = { status: a.status, code: a.code ?? ANY_CODE, why: RULES[b.rule].says };
      if (a.code !== undefined && a.statusRead && a.status !== '4xx') {
        const assumption = statusAssumption(op, a.status, a.code);
        if (assumption) refusal.statusAssumption = assumption;
      }
      if (a.code === 'validation_error') refusal.field = b.field ?? [];
      return refusal;
    }),
  );
}

/** Whether a break leaves a success allowed: an open reading, or a Message Validation rule the run may enforce instead. */
function allowsSuccess(b: RuleBreak): boolean {
  return RULES[b.rule].reading === 'open' || b.deferrable === true;
}

/** The verdict of rule breaks: refused with any broken rule's answer; accepted only when no break demands a refusal now. */
export function ruleVerdict(op: OperationId, breaks: readonly RuleBreak[]): Verdict {
  return { mayAccept: breaks.every(allowsSuccess), refusals: refusalsOf(op, breaks) };
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

/** The documented validation_error for a request that breaks the schema at `field` (422, FastAPI's status). */
export function validationRefusal(op: OperationId, field: FieldPath, why: string): Refusal {
  return { ...refusalOf(op, 'validation_error', why, 422), field };
}

/** The documented answers for a thread the caller cannot see. */
export function threadMissing(op: OperationId, tenant = false): Refusal[] {
  const out: Refusal[] = [refusalOf(op, 'thread_not_found', 'the thread does not exist for this tenant', 404)];
  // Another tenant's thread may be answered as not available to the caller's tenant (docs/decisions/0001),
  // or as forbidden (the Error Handling guide's 403 permission_denied), on any operation.
  if (tenant)
    for (const code of ['assistant_not_available', 'permission_denied'])
      out.push(refusalOf(op, code, "the thread's assistant is not available to this tenant", 403));
  return out;
}

/**
 * The documented answers for a thread this tenant deleted: not found, or (the newer pages)
 * `thread_is_deactivated`, at the status the contract reads for it where it lists the code.
 */
export function threadDeleted(op: OperationId): Refusal[] {
  return [
    ...threadMissing(op),
    refusalOf(op, 'thread_is_deactivated', 'the thread was deleted (the newer pages: deactivated)', 400),
  ];
}

/** Both verdicts' answers: a request that breaks two things may be refused for either. */
export function either(a: Verdict, b: Verdict): Verdict {
  const out: Verdict = { mayAccept: a.mayAccept && b.mayAccept, refusals: [...a.refusals, ...b.refusals] };
  const invalid = a.invalid ?? b.invalid;
  if (invalid) out.invalid = invalid;
  if (a.tenant || b.tenant) out.tenant = true;
  return out;
}
