// The rate-limit family: what the Rate Limits guide promises about the tenant's budgets, judged
// across calls by the rate-limit contract (contracts/rate-limit/). The guide: the answer endpoints
// (/run(/stream), /chat/completions(/stream)) share one limit of two windows (per second, per
// minute), exceeding either is a 429, and only these endpoints count toward it ("other API calls
// such as creating threads or listing messages are not affected"). That waiting Retry-After is
// enough rests on the header, which the stored pages do not name (an assumption of the contract).
import type { Assumption } from '../operation-spec.ts';
import type { BrokenPromise, NamedCheck } from './named-check.ts';

/** Calls past the stated limit are refused with a 429. */
export const rateLimitNotEnforced = {
  id: 'rate-limit-not-enforced',
  title: 'Rate limit not enforced',
  /** `accepted` answer calls in a row, each within the minute, against a stated limit of `perMinute`. */
  judge(seen: { accepted: number; perMinute: number; seconds: number }): BrokenPromise | undefined {
    if (seen.accepted <= 2 * seen.perMinute) return undefined;
    return {
      message: `Expected a 429 once the answer endpoints' calls pass the limit of ${seen.perMinute} a minute (Rate Limits). Got ${seen.accepted} calls accepted in ${seen.seconds} s, twice the limit and more, whatever the window's alignment. If the tenant's tier is higher, state its limit with --answers-rpm.`,
      assumptions: [],
    };
  },
} as const;

/** Run, run/stream and chat completions (and its stream) share one budget. */
export const rateLimitNotShared = {
  id: 'rate-limit-not-shared',
  title: 'Answer endpoints do not share one rate limit',
  /** An answer endpoint accepted a call while another's calls had used up the shared budget. */
  judge(seen: { operationId: string; status: number; spentOn: string }): BrokenPromise | undefined {
    if (seen.status === 429) return undefined;
    return {
      message: `Expected ${seen.operationId} to answer 429 while ${seen.spentOn} had used up the answer endpoints' shared budget (Rate Limits: "These endpoints share a single rate limit"). Got ${seen.status}.`,
      assumptions: [],
    };
  },
} as const;

/** Other calls are not refused by the answers budget. */
export const rateLimitOtherRefused = {
  id: 'rate-limit-other-refused',
  title: 'Other calls refused by the answers rate limit',
  /** A call outside the answer endpoints, well inside its own budget, while the answers budget was used up. */
  judge(seen: { operationId: string; status: number }): BrokenPromise | undefined {
    if (seen.status !== 429) return undefined;
    return {
      message: `Expected ${seen.operationId}, which is not an answer endpoint, to be served while the answers budget was used up and its own budget was not (Rate Limits: "other API calls such as creating threads or listing messages are not affected"). Got 429.`,
      assumptions: [],
    };
  },
} as const;

/** Other calls do not count against the answers budget. */
export const rateLimitOtherCounted = {
  id: 'rate-limit-other-counted',
  title: 'Other calls count against the answers rate limit',
  /** An answer call after `others` other calls, on an answers window that held none of this run's calls. */
  judge(seen: { status: number; others: number; perMinute: number }): BrokenPromise | undefined {
    if (seen.status !== 429) return undefined;
    return {
      message: `Expected an answer call to be served after ${seen.others} calls to other endpoints (more than the answers limit of ${seen.perMinute} a minute) and a full minute without answer calls (Rate Limits: "Only these endpoints count toward your tier limits"). Got 429. Another client of the tenant spending its answers budget at the same time would do this too: run on an idle tenant.`,
      assumptions: [],
    };
  },
} as const;

/** A call after the wait a 429's Retry-After asked for is served. */
export const rateLimitRetryAfter = {
  id: 'rate-limit-retry-after',
  title: 'A retry after Retry-After was refused',
  /**
   * The retry's status after waiting `waitedSeconds` (the Retry-After of the last 429), with the
   * contract's assumption that names the header (the stored pages say the 429 carries headers for
   * retry logic without naming them).
   */
  judge(seen: {
    operationId: string;
    status: number;
    waitedSeconds: number;
    assumptions: Assumption[];
  }): BrokenPromise | undefined {
    if (seen.status !== 429) return undefined;
    return {
      message: `Expected ${seen.operationId} to be served after waiting the ${seen.waitedSeconds} s its 429's Retry-After asked for. Got 429 again.`,
      assumptions: seen.assumptions,
      assumed: true,
    };
  },
} as const;

/** The rate-limit family. */
export const RATE_LIMIT_CHECKS = [
  rateLimitNotEnforced,
  rateLimitNotShared,
  rateLimitOtherRefused,
  rateLimitOtherCounted,
  rateLimitRetryAfter,
] as const satisfies readonly NamedCheck[];
