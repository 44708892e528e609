// Which violations fail a run (docs/decisions/0070): a broken documented promise always does; a
// contradicted assumption is pending, as Pact's pending pacts are, until a run has confirmed that
// assumption against the same target (then its contradiction means the API changed), or the run
// holds the API to every statement (CONTRACT_STRICT=1; the embedded mock, our own double).
import type { Violation } from './named-check.ts';

/** How strictly a run holds an API to the contract's assumptions. */
export interface Strictness {
  /** Every assumption is a promise (CONTRACT_STRICT=1, or the embedded mock). */
  strict: boolean;
  /** The assumptions an earlier run confirmed against this target (reports/assumption-history.json). */
  confirmed: ReadonlySet<string>;
}

/** Holds the API to what the docs promise, and to no assumption yet. */
export const PENDING: Strictness = { strict: false, confirmed: new Set() };

/** Holds the API to every statement of the contract. */
export const STRICT: Strictness = { strict: true, confirmed: new Set() };

/** The assumptions behind a violation that an earlier run confirmed against this target. */
export function confirmedBefore(violation: Violation<string>, strictness: Strictness): string[] {
  return violation.assumptionIds.filter((id) => strictness.confirmed.has(id));
}

/** Whether a violation fails the run: it breaks the docs, or an assumption the run holds the API to. */
export function fails(violation: Violation<string>, strictness: Strictness): boolean {
  return violation.basis === 'documented' || strictness.strict || confirmedBefore(violation, strictness).length > 0;
}

/** A violation as it fails a run: a contradicted assumption that was confirmed before says so. */
export function asFailure<V extends Violation<string>>(violation: V, strictness: Strictness): V {
  const confirmed = confirmedBefore(violation, strictness);
  if (violation.basis === 'documented' || strictness.strict || confirmed.length === 0) return violation;
  return {
    ...violation,
    message: `${violation.message} (the API changed: an earlier run confirmed ${confirmed.join(', ')} against this target)`,
  };
}
