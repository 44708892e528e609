// Each kind of broken promise has a stable id and a title (as Schemathesis names its checks),
// so that a failure tells the reader which promise broke before they read any detail.
import type { Assumption } from '../operation-spec.ts';

/** Every check the contract checker runs, by id, with the title a report shows. */
export const CHECK_TITLES = {
  'undocumented-status': 'Undocumented HTTP status code',
  'content-type': 'Content-Type not documented for this status',
  'body-schema': 'Response violates schema',
  'error-code': 'Error code not allowed for this status',
  'required-header': 'Required header missing',
  'header-schema': 'Header violates schema',
  'unknown-field': 'Field not named by the contract',
  // A hostile or broken API (issue 23): an answer past the client's size cap is a finding, not an
  // out-of-memory; the rest of it is dropped unread (contracts/client/transport.ts).
  'response-too-large': 'Response too large',
  // Authorization and lifecycle (issue 11): promises about what a request may reach and what
  // an answer reveals, judged across several calls (contracts/authz/auth-findings.ts).
  'ignored-auth': 'Authentication not enforced',
  'tenant-isolation': "Another tenant reached this tenant's data",
  'resource-availability': 'Resource not available after creation',
  'use-after-delete': 'Resource still available after deletion',
  // Generated, model-based tests (issue 7): each generated step is judged against the model of
  // the documented rules (contracts/stateful/).
  'server-error': 'Server error for a request the docs allow',
  'positive-data-acceptance': 'API rejected a request the contract and the rules allow',
  'negative-data-rejection': 'API accepted a request that breaks the contract, or did not name the broken field',
  'rule-mismatch': "API's verdict differs from the documented rules",
  'stored-answer': 'Stored messages differ from the answers given',
} as const;

/** The id of a contract check. */
export type CheckId = keyof typeof CHECK_TITLES;

/** One broken promise found in one response. */
export interface Violation {
  check: CheckId;
  title: string;
  /** JSON pointer into the body (for NDJSON, `/<line>` first) or `header:<name>`. */
  pointer?: string;
  /** What was expected and what arrived. */
  message: string;
  /** `x-assumed` reasons this expectation rests on: when the live API disagrees, these are the suspects. */
  assumptions: string[];
  /** The stable ids of those statements, in the same order (see contracts/operation-spec.ts). */
  assumptionIds: string[];
}

/** Builds a violation with the title of its check, citing each assumption by id and text. */
export function violation(check: CheckId, message: string, assumptions: Assumption[], pointer?: string): Violation {
  const cited = { assumptions: assumptions.map((a) => a.text), assumptionIds: assumptions.map((a) => a.id) };
  return pointer === undefined
    ? { check, title: CHECK_TITLES[check], message, ...cited }
    : { check, title: CHECK_TITLES[check], pointer, message, ...cited };
}
