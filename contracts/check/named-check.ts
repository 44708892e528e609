// What every check of the registry is: a stable id and the title a report shows (as Schemathesis
// names its checks), so that a failure tells the reader which promise broke before any detail.
// The family modules (response-checks.ts, auth-checks.ts, model-checks.ts) give each check its
// judges beside its id and title; check-names.ts joins the families.
import type { Assumption } from '../operation-spec.ts';

/** A check: the id reports name it by, and its title. */
export interface NamedCheck<Id extends string = string> {
  readonly id: Id;
  readonly title: string;
}

/** One broken promise, named by its check. */
export interface Violation<Id extends string = string> {
  check: Id;
  title: string;
  /** JSON pointer into the body (for NDJSON, `/<line>` first) or `header:<name>`. */
  pointer?: string;
  /** What was expected and what arrived. */
  message: string;
  /** `x-assumed` reasons this expectation rests on: when the live API disagrees, these are the suspects. */
  assumptions: string[];
  /** The stable ids of those statements, in the same order (see contracts/operation-spec.ts). */
  assumptionIds: string[];
  /**
   * `documented`: a promise of the docs broke (a red build). `assumed`: only our reading of them
   * did, the assumptions named above; pending until a run confirms them (docs/decisions/0070).
   */
  basis: Basis;
}

/** Whose word a violation breaks: the docs', or only our reading of them. */
export type Basis = 'documented' | 'assumed';

/** What a judge found broken, before it is named by its check. */
export interface BrokenPromise {
  message: string;
  /** The `x-assumed` statements the expectation rests on. */
  assumptions: Assumption[];
  pointer?: string;
  /** True when only assumed statements broke (the default: a documented one did). */
  assumed?: boolean;
}

/** Names a broken promise by its check, citing each assumption by id and text. */
export function violation<Id extends string>(check: NamedCheck<Id>, broken: BrokenPromise): Violation<Id> {
  const { message, assumptions, pointer } = broken;
  const basis: Basis = broken.assumed === true ? 'assumed' : 'documented';
  const cited = { assumptions: assumptions.map((a) => a.text), assumptionIds: assumptions.map((a) => a.id), basis };
  return pointer === undefined
    ? { check: check.id, title: check.title, message, ...cited }
    : { check: check.id, title: check.title, pointer, message, ...cited };
}
