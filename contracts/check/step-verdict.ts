// What the generated tests' model allows as the answer to one step (a verdict), and how an answer
// or a listing reads against it. The checks that judge these readings are in model-checks.ts
// and, for steps with another tenant's key, tenant-isolation in auth-checks.ts; the model that
// builds verdicts from the documented rules is contracts/stateful/verdict.ts.
import type { FieldPath } from '../arbitraries/invalid-values.ts';
import { errorCodeOf, parseJson } from './body-text.ts';

/** A refusal the docs allow, and why. */
export interface Refusal {
  status: number;
  code: string;
  why: string;
  /** For validation_error: the field its `loc` must name. */
  field?: FieldPath;
}

/** The model's expectation of one step: every answer the docs allow. */
export interface Verdict {
  /** The docs allow a success answer. */
  mayAccept: boolean;
  refusals: Refusal[];
  /** The request breaks the schema here (invalid data). */
  invalid?: { kind: string; field: FieldPath };
  /** The step is taken with another tenant's key. */
  tenant?: boolean;
}

/** The answers a verdict allows, as a reader would list them ("a success answer or 422 validation_error"). */
export function describeVerdict(verdict: Verdict): string {
  const refusals = [...new Set(verdict.refusals.map((r) => `${r.status} ${r.code}`))];
  const accept = verdict.mayAccept ? 'a success answer' : '';
  return [accept, ...refusals].filter(Boolean).join(' or ') || 'nothing (no answer is allowed)';
}

/**
 * How an answer reads against its verdict, when the docs do not allow it:
 * - `accepted`: a success the verdict does not allow;
 * - `crashed`: a 5xx;
 * - `loc-missed`: a validation_error the verdict allows, whose `loc`s name none of the fields it
 *   may name (`unnamed`: they name no field at all);
 * - `refused`: a refusal the verdict does not list (`validation`: a validation_error).
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
  | { kind: 'loc-missed'; want: string; locs: string; unnamed: boolean }
  | { kind: 'refused'; validation: boolean }
);

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

/** Reads an answer against the verdict; undefined when the docs allow it. */
export function readStep(verdict: Verdict, answer: { status: number; body: string }): StepReading | undefined {
  const parsed = parseJson(answer.body);
  const code = (parsed.ok ? errorCodeOf(parsed.value) : undefined) ?? '';
  const base = {
    verdict,
    expected: `Expected ${describeVerdict(verdict)}`,
    got: `Got ${answer.status}${code ? ` ${code}` : ''}.`,
    broke: verdict.invalid
      ? ` The request breaks the schema (${verdict.invalid.kind} at ${verdict.invalid.field.join('.') || 'the body'}).`
      : '',
  };
  if (answer.status >= 200 && answer.status < 300) return verdict.mayAccept ? undefined : { ...base, kind: 'accepted' };
  if (answer.status >= 500) return { ...base, kind: 'crashed' };
  const matches = verdict.refusals.filter((r) => r.status === answer.status && r.code === code);
  if (matches.length === 0) return { ...base, kind: 'refused', validation: code === 'validation_error' };
  const fields = matches.map((r) => r.field);
  if (fields.some((field) => field === undefined)) return undefined;
  const detail = parsed.ok ? (parsed.value as { detail?: unknown } | null)?.detail : undefined;
  const issues = Array.isArray(detail) ? (detail as Array<{ loc?: unknown }>) : [];
  const named = (loc: unknown[]) => fields.some((field) => locNames(loc, field ?? []));
  if (issues.some((issue) => Array.isArray(issue.loc) && named(issue.loc))) return undefined;
  return {
    ...base,
    kind: 'loc-missed',
    want: [...new Set(fields.map((field) => ['body', ...(field ?? [])].join('.')))].join(' or '),
    locs: issues.map((issue) => JSON.stringify(issue.loc)).join(', '),
    unnamed: issues.length > 0 && issues.every((issue) => Array.isArray(issue.loc) && fieldOf(issue.loc).length === 0),
  };
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
