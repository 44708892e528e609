// What the model expects of one step, and how an answer is judged against it. A verdict lists
// every answer the docs allow (any broken rule's, in any order), so an API that reads an open
// point differently from the mock still passes; only what the docs promise is strict.

import type { FieldPath } from '../arbitraries/invalid-values.ts';
import { parseJson } from '../check/body-checks.ts';
import type { CheckId, Violation } from '../check/check-names.ts';
import type { StepAnswer } from '../client/request-step.ts';
import { statusOf } from '../error-status.ts';
import type { OperationId } from '../generated/validators.js';
import { allowedAnswers, RULES, type RuleBreak } from '../rules/rule-catalog.ts';

/** A refusal the docs allow, and why. */
export interface Refusal {
  status: number;
  code: string;
  why: string;
  /** For validation_error: the field its `loc` must name. */
  field?: FieldPath;
}

/** The model's expectation of one step. */
export interface Verdict {
  /** The docs allow a success answer. */
  mayAccept: boolean;
  refusals: Refusal[];
  /** The request breaks the schema here (invalid data). */
  invalid?: { kind: string; field: FieldPath };
  /** The step is taken with another tenant's key. */
  tenant?: boolean;
}

/** A broken promise found in one step. */
export interface Finding {
  check: CheckId;
  message: string;
  /** The contract checker's violations, when the answer broke the contract itself. */
  violations?: Violation[];
}

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

/** The answers a verdict allows, as a reader would list them ("a success answer or 422 validation_error"). */
export function describeVerdict(verdict: Verdict): string {
  const refusals = [...new Set(verdict.refusals.map((r) => `${r.status} ${r.code}`))];
  const accept = verdict.mayAccept ? 'a success answer' : '';
  return [accept, ...refusals].filter(Boolean).join(' or ') || 'nothing (no answer is allowed)';
}

/** The field part of a loc, without its request part ("body", "path", "query"). */
function fieldOf(loc: unknown[]): string[] {
  return loc.slice(loc[0] === 'body' || loc[0] === 'path' || loc[0] === 'query' ? 1 : 0).map(String);
}

function locNames(loc: unknown[], field: FieldPath): boolean {
  // The loc lies on the broken field's path: it names the field, an ancestor of it (a server
  // that reports the enclosing object), or a part below it (a union member's tag).
  const got = fieldOf(loc);
  const want = field.map(String);
  if (want.length === 0) return true;
  if (got.length === 0) return false;
  const n = Math.min(got.length, want.length);
  return got.slice(0, n).every((part, i) => part === want[i]);
}

/** Judges one answer against the verdict; undefined when the docs allow it. */
export function judge(verdict: Verdict, answer: StepAnswer): Finding | undefined {
  const parsed = parseJson(answer.body);
  const body = parsed.ok ? (parsed.value as { error_code?: unknown; detail?: unknown } | null) : null;
  const code = typeof body?.error_code === 'string' ? body.error_code : '';
  const got = `Got ${answer.status}${code ? ` ${code}` : ''}.`;
  const expected = `Expected ${describeVerdict(verdict)}`;
  const broke = verdict.invalid
    ? ` The request breaks the schema (${verdict.invalid.kind} at ${verdict.invalid.field.join('.') || 'the body'}).`
    : '';
  if (answer.status >= 200 && answer.status < 300) {
    if (verdict.mayAccept) return undefined;
    const check: CheckId = verdict.tenant
      ? 'tenant-isolation'
      : verdict.invalid
        ? 'negative-data-rejection'
        : 'rule-mismatch';
    const why = verdict.refusals
      .map((r) => r.why)
      .filter((w, i, all) => all.indexOf(w) === i)
      .join('; ');
    return { check, message: `${expected}: ${why}.${broke} ${got}` };
  }
  if (answer.status >= 500) {
    return {
      check: verdict.invalid ? 'negative-data-rejection' : 'server-error',
      message: `${expected}; a 5xx is never a documented answer to this request.${broke} ${got}`,
    };
  }
  const matches = verdict.refusals.filter((r) => r.status === answer.status && r.code === code);
  if (matches.length > 0) {
    const fields = matches.map((r) => r.field);
    if (fields.some((field) => field === undefined)) return undefined;
    const issues = Array.isArray(body?.detail) ? (body.detail as Array<{ loc?: unknown }>) : [];
    const named = (loc: unknown[]) => fields.some((field) => locNames(loc, field ?? []));
    if (issues.some((issue) => Array.isArray(issue.loc) && named(issue.loc))) return undefined;
    const locs = issues.map((issue) => JSON.stringify(issue.loc)).join(', ');
    const want = [...new Set(fields.map((field) => ['body', ...(field ?? [])].join('.')))].join(' or ');
    // A refusal the docs allow whose locs name no field (["body"]) broke the promise to name it;
    // one that names another field refused valid data for a field the docs let through.
    const unnamed =
      issues.length > 0 && issues.every((issue) => Array.isArray(issue.loc) && fieldOf(issue.loc).length === 0);
    if (!verdict.invalid && !unnamed)
      return {
        check: 'positive-data-acceptance',
        message: `${expected}: the request keeps the contract's schemas, and a validation_error may name only ${want}. Got ${locs || 'no loc'}.`,
      };
    return {
      check: 'negative-data-rejection',
      message: `Expected the 422's loc to name ${want}. Got ${locs || 'no loc'}.`,
    };
  }
  if (code === 'validation_error' && !verdict.invalid) {
    return {
      check: 'positive-data-acceptance',
      message: `${expected}: the request keeps the contract's schemas, so a validation_error refuses valid data. ${got}`,
    };
  }
  if (verdict.tenant)
    return {
      check: 'tenant-isolation',
      message: `${expected}: another tenant's key must not reach this thread. ${got}`,
    };
  // The docs allow a success: a refusal other than the open readings' is a valid request refused.
  if (verdict.mayAccept)
    return {
      check: 'positive-data-acceptance',
      message: `${expected}: the request keeps the contract and every documented rule. ${got}`,
    };
  return {
    check: verdict.invalid ? 'negative-data-rejection' : 'rule-mismatch',
    message: `${expected}.${broke} ${got}`,
  };
}
