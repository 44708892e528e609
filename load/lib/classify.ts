// What a response means for a load test: its outcome class, its error_code and, for a 429, its
// Retry-After. The contract itself is judged by the response checks of contracts/check/, which
// the Playwright suite runs too, so a broken promise has the same check id, title and JSON pointer
// in a k6 run as in contract-report.json. (They are imported through load/contracts, a link to
// ../contracts: see docs/decisions/0010-load-runs-on-real-k6.md.)

import { errorCodeOfText } from '../contracts/check/body-text.ts';
import { checkResponse } from '../contracts/check/check-response.ts';
import type { Violation } from '../contracts/check/named-check.ts';
import type { ResponseCheckId } from '../contracts/check/response-checks.ts';
import type { OperationId } from '../contracts/generated/validators.js';
import { operations } from '../contracts/generated/validators.js';
import { headerValue, retryAfterSeconds } from './headers.ts';

/** What a response means for a load test. */
export type Outcome = 'success' | 'rate_limited' | 'client_error' | 'server_error' | 'transport_error';

/** A response as the scripts count it. */
export interface Classification {
  op: OperationId;
  status: number;
  outcome: Outcome;
  /** `error_code` of an error body; null when there is none. */
  errorCode: string | null;
  /** The contract lists this status for the operation. */
  documented: boolean;
  /** For a 429: whether Retry-After came, and its value in seconds. */
  retryAfter: { present: boolean; seconds: number | null } | null;
  /** The contract checker's findings; null when the response was not checked (sampling). */
  violations: Violation<ResponseCheckId>[] | null;
}

/** The part of a k6 response the classifier reads. */
export interface ResponseLike {
  status: number;
  headers: { [name: string]: string };
  body: string | null;
}

/** How a response is checked against the contract. */
export interface ClassifyOptions {
  /** Check it against the contract (every error is checked; successes are sampled). */
  validate: boolean;
  /** Also refuse fields the contract does not name (CONTRACT_STRICT=1). */
  strict: boolean;
  /** Name the type of a wrong value instead of quoting it (live targets: thread content stays out of logs). */
  redactValues?: boolean;
  nowMs: number;
}

function outcomeOf(status: number): Outcome {
  if (status === 0) return 'transport_error';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  return 'success';
}

/** Classifies a response; `validate` also checks it against the contract. */
export function classify(op: OperationId, res: ResponseLike, options: ClassifyOptions): Classification {
  const outcome = outcomeOf(res.status);
  const errorCode = (res.status >= 400 ? errorCodeOfText(res.body ?? '') : undefined) ?? null;
  const retryAfterHeader = res.status === 429 ? headerValue(res.headers, 'retry-after') : undefined;
  const checked = options.validate && outcome !== 'transport_error';
  return {
    op,
    status: res.status,
    outcome,
    errorCode,
    documented: operations[op].responses[String(res.status)] !== undefined,
    retryAfter:
      res.status === 429
        ? { present: retryAfterHeader !== undefined, seconds: retryAfterSeconds(retryAfterHeader, options.nowMs) }
        : null,
    violations: checked
      ? checkResponse(
          { operationId: op, status: res.status, headers: res.headers, body: res.body ?? '' },
          { strict: options.strict, redactValues: options.redactValues === true },
        )
      : null,
  };
}
