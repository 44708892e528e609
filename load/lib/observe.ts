// The contract under load: every response is classified and counted; every 429 (and every other
// error, few and the most telling) and a sample of the successes are checked by the contract
// checker (contracts/check/); each broken promise counts in contract_violations under the check id
// contract-report.json uses. Which statuses are expected is the script's policy: 429 only where
// limits are the subject.
import { check } from 'k6';
import type { OperationId } from '../contracts/generated/validators.js';
import { operations } from '../contracts/generated/validators.js';
import type { Classification, ResponseLike } from './classify.ts';
import { classify } from './classify.ts';
import { errorCodeCounters, metrics } from './metrics.ts';

/** How a script judges responses. */
export interface Policy {
  /** 429 is an expected answer (rate-limit script); elsewhere it is a failure. */
  expectRateLimit: boolean;
  /** Share of successful responses checked against the contract; every error is checked. */
  sample: number;
  /** Use the closed validators. */
  strict: boolean;
  /** Quote no value from a response in logs (any target that is not loopback). */
  redactValues: boolean;
}

/**
 * Picks a share of responses without randomness, so that a sample of 0.1 checks exactly every
 * tenth response of a VU and tests can predict it.
 */
export function createSampler(share: number): () => boolean {
  let credit = 0;
  return () => {
    credit += share;
    if (credit >= 1 - 1e-9) {
      credit -= 1;
      return true;
    }
    return false;
  };
}

let sampler: (() => boolean) | undefined;
let samplerShare = -1;
// Each VU prints its first few violations in full; the counters carry the rest.
let violationsPrinted = 0;
const VIOLATIONS_TO_PRINT = 5;

function sampled(share: number): boolean {
  if (sampler === undefined || samplerShare !== share) {
    sampler = createSampler(share);
    samplerShare = share;
  }
  return sampler();
}

/** True when the policy counts this outcome as a proper answer. */
export function isExpected(cls: Classification, policy: Policy): boolean {
  return cls.outcome === 'success' || (cls.outcome === 'rate_limited' && policy.expectRateLimit);
}

/** Classifies, counts and checks one response; returns the classification. */
export function observe(op: OperationId, res: ResponseLike, policy: Policy): Classification {
  const validate = res.status < 200 || res.status >= 300 ? true : sampled(policy.sample);
  const cls = classify(op, res, {
    validate,
    strict: policy.strict,
    redactValues: policy.redactValues,
    nowMs: Date.now(),
  });
  const tags = { endpoint: op, status: String(res.status) };

  if (res.status >= 400) (errorCodeCounters[cls.errorCode ?? ''] ?? errorCodeCounters.undocumented)?.add(1, tags);
  const expected = isExpected(cls, policy);
  if (!expected) metrics.unexpected.add(1, tags);
  if (operations[op].budget === 'answers') metrics.rateLimited.add(res.status === 429, { endpoint: op });
  if (cls.retryAfter !== null) {
    metrics.retryAfterPresent.add(cls.retryAfter.present, { endpoint: op });
    if (cls.retryAfter.seconds !== null) metrics.retryAfterSeconds.add(cls.retryAfter.seconds, { endpoint: op });
  }

  const checks: Record<string, () => boolean> = {
    [`${op}: status is expected`]: () => expected,
  };
  if (cls.violations !== null) {
    metrics.contractChecked.add(1, tags);
    for (const violation of cls.violations) {
      metrics.contractViolations.add(1, { endpoint: op, check: violation.check });
      if (violationsPrinted < VIOLATIONS_TO_PRINT) {
        violationsPrinted += 1;
        const where = violation.pointer === undefined ? '' : ` at ${violation.pointer}`;
        console.warn(
          `contract: ${op} answered ${res.status}: ${violation.title} [${violation.check}]${where}: ${violation.message}`,
        );
      }
    }
    checks[`${op}: ${res.status} follows the contract`] = () => cls.violations?.length === 0;
  }
  if (cls.retryAfter !== null) checks[`${op}: 429 carries Retry-After`] = () => cls.retryAfter?.present === true;
  check(res, checks, { endpoint: op });
  return cls;
}
