// What the generated tests' model allows as the answer to one step (a verdict), and how an answer
// or a listing reads against it. The checks that judge these readings are in model-checks.ts
// and, for steps with another tenant's key, tenant-isolation in auth-checks.ts; the model that
// builds verdicts from the documented rules is contracts/stateful/verdict.ts.
import type { FieldPath } from '../arbitraries/invalid-values.ts';
import { errorCodeOf, parseJson } from './body-text.ts';

/** Any error code, in a refusal: a rule whose docs give the status, not the code (Message Validation's 422). */
export const ANY_CODE = '*';

/**
 * Any refusal, in a refusal's status: a rule the docs give neither a status nor a code ("Cannot
 * add messages ..."): any 4xx but 401 and 429, which say something else (the key, the rate).
 */
export const ANY_REFUSAL = '4xx';

/** Whether an answer's status is the refusal's. */
function statusMatches(want: Refusal['status'], got: number): boolean {
  return want === ANY_REFUSAL ? got >= 400 && got < 500 && got !== 401 && got !== 429 : want === got;
}

/** A refusal the docs allow, and why. */
export interface Refusal {
  status: number | typeof ANY_REFUSAL;
  /** The error code, or ANY_CODE. A FastAPI validation body (`{"detail": [...]}`, no code) reads as validation_error. */
  code: string;
  why: string;
  /**
   * For validation_error: the field the request breaks. Reports name it; the answer's `loc` is not
   * held to it (naming the field is FastAPI's habit, not a promise of the docs).
   */
  field?: FieldPath;
  /**
   * The status is our reading, not a page's (the contract's `x-assumed-status`): the same code
   * under another 4xx contradicts this assumption only, and is pending, not red (decision 0070).
   */
  statusAssumption?: { id: string; text: string };
}

/** The model's expectation of one step: every answer the docs allow. */
export interface Verdict {
  /** The docs allow a success answer. */
  mayAccept: boolean;
  refusals: Refusal[];
  /**
   * The request breaks the schema here (invalid data); `assumed`: only statements the docs do not
   * make (an assumption, or what a FastAPI service takes: null for an optional field), so the
   * docs allow the request and the rules of what it holds decide.
   */
  invalid?: { kind: string; field: FieldPath; assumed?: true };
  /** The step is taken with another tenant's key. */
  tenant?: boolean;
}

/** The answers a verdict allows, as a reader would list them ("a success answer or 422 validation_error"). */
export function describeVerdict(verdict: Verdict): string {
  const refusals = [
    ...new Set(
      verdict.refusals.map((r) =>
        `${r.status} ${r.code === ANY_CODE ? '(any code)' : r.code}`.replace(/^4xx \(any code\)$/, 'any 4xx refusal'),
      ),
    ),
  ];
  const accept = verdict.mayAccept ? 'a success answer' : '';
  return [accept, ...refusals].filter(Boolean).join(' or ') || 'nothing (no answer is allowed)';
}

/**
 * How an answer reads against its verdict, when the docs do not allow it:
 * - `accepted`: a success the verdict does not allow;
 * - `crashed`: a 5xx;
 * - `refused`: a refusal the verdict does not list (`validation`: a validation_error);
 * - `status-differs`: a refusal with a code the verdict lists, under another 4xx than the one we
 *   read for it (`assumption`): a contradicted assumption, pending (never for another tenant's step).
 */
export type StepReading = {
  verdict: Verdict;
  /** "Expected a success answer or 422 validation_error". */
  expected: string;
  /** "Got 400 bad_request." */
  got: string;
  /** Where the request breaks the schema, for a message (empty for valid data). */
  broke: string;
} & (
  | { kind: 'accepted' | 'crashed' }
  | { kind: 'refused'; validation: boolean }
  | { kind: 'status-differs'; validation: boolean; assumption: { id: string; text: string } }
);

/** The code of an error body: its error_code, or validation_error for FastAPI's own 422 body (a list of issues). */
export function answerCode(value: unknown): string | undefined {
  const code = errorCodeOf(value);
  if (code !== undefined) return code;
  const detail = typeof value === 'object' && value !== null ? (value as { detail?: unknown }).detail : undefined;
  return Array.isArray(detail) ? 'validation_error' : undefined;
}

/** Reads an answer against the verdict; undefined when the docs allow it. */
export function readStep(verdict: Verdict, answer: { status: number; body: string }): StepReading | undefined {
  const parsed = parseJson(answer.body);
  const code = (parsed.ok ? answerCode(parsed.value) : undefined) ?? '';
  const base = {
    verdict,
    expected: `Expected ${describeVerdict(verdict)}`,
    got: `Got ${answer.status}${code ? ` ${code}` : ''}.`,
    broke: verdict.invalid
      ? ` The request breaks the ${verdict.invalid.assumed ? "contract's assumptions" : 'schema'} (${verdict.invalid.kind} at ${verdict.invalid.field.join('.') || 'the body'}).`
      : '',
  };
  if (answer.status >= 200 && answer.status < 300) return verdict.mayAccept ? undefined : { ...base, kind: 'accepted' };
  if (answer.status >= 500) return { ...base, kind: 'crashed' };
  const validation = code === 'validation_error';
  if (verdict.refusals.some((r) => statusMatches(r.status, answer.status) && (r.code === ANY_CODE || r.code === code)))
    return undefined;
  const read = verdict.tenant
    ? undefined
    : verdict.refusals.find((r) => r.code === code && r.statusAssumption !== undefined);
  if (read?.statusAssumption && answer.status >= 400)
    return { ...base, kind: 'status-differs', validation, assumption: read.statusAssumption };
  return { ...base, kind: 'refused', validation };
}

/** Why the verdict refuses, each reason once ("the thread was deleted; ..."). */
export function reasonsOf(verdict: Verdict): string {
  return [...new Set(verdict.refusals.map((r) => r.why))].join('; ');
}

/** A success the verdict refuses, as a finding says it: what was expected and why, and what came. */
export function describeAccepted(r: StepReading): string {
  return `${r.expected}: ${reasonsOf(r.verdict)}.${r.broke} ${r.got}`;
}

/** What a listing step follows: the model's own steps, or a step with another tenant's key. */
export type ListingAfter = 'own-steps' | 'other-tenant';

/**
 * How a listing of a thread's messages reads against the messages the model holds for it
 * (newest first; `?` for an id the model does not know), when it differs:
 * - `not-newest-first`: the same messages, their created_at rising down the list;
 * - `out-of-order`: the same messages in another order;
 * - `differs`: other messages.
 */
export interface ListingReading {
  kind: 'not-newest-first' | 'out-of-order' | 'differs';
  want: string[];
  got: string[];
}

/** Reads a listing's items against the model's messages, newest first; undefined when it holds them as it should. */
export function readListing(
  items: Array<{ id?: unknown; created_at?: unknown }>,
  want: string[],
): ListingReading | undefined {
  const got = items.map((m) => String(m.id));
  const times = items.map((m) => Date.parse(String(m.created_at)));
  const newestFirst = times.every((t, i) => i === 0 || t <= (times[i - 1] ?? t));
  if (got.length === want.length && got.every((id, i) => id === want[i] || want[i] === '?'))
    return newestFirst ? undefined : { kind: 'not-newest-first', want, got };
  const sameSet = got.length === want.length && want.every((id) => id === '?' || got.includes(id));
  return { kind: sameSet ? 'out-of-order' : 'differs', want, got };
}

/** A listing that holds other messages than the model's, as a finding says it. */
export function describeDifference(r: ListingReading, why: string): string {
  return `Expected the listing to hold, newest first, the ${r.want.length} messages the API accepted (${r.want.join(', ') || 'none'}). Got ${r.got.length}: ${r.got.join(', ') || 'none'}. ${why}`;
}
