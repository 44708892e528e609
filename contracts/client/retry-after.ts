// The one 429 policy of every client of the suite (docs/decisions/0060). A live budget is shared
// with the tenant's other clients, so a 429 is waited out and retried, at most three times; a 429
// the request injected (`Prefer`) is the answer under test and is never retried. Whatever the API
// asks, the wait is bounded: by 60 s, and by what is left of the caller's time budget. A wait past
// that is not slept through but reported, so an absurd Retry-After can never hang a run.

/** Retries of one request after a 429. */
export const MAX_429_RETRIES = 3;
/** The longest single wait for a Retry-After, whatever time is left. */
export const MAX_RETRY_WAIT_MS = 60_000;

/**
 * Milliseconds a Retry-After asks for: delay-seconds (digits) or an HTTP date (RFC 9110 10.2.3).
 * Undefined when absent or neither (a negative number, a word): then there is nothing to honour.
 */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  const text = value?.trim() ?? '';
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** What to do about one answer. */
export type RetryDecision =
  | { retry: false }
  | { retry: true; waitMs: number }
  /** The API asked for more than the budget allows: not retried, and `message` says so. */
  | { retry: false; refused: string };

/** What the policy needs to know besides the answer. */
export interface RetryContext {
  /** A live target whose budget other clients share; a mock's 429 is always the answer. */
  live: boolean;
  /** The request asked for its 429 (`Prefer`). */
  injected: boolean;
  /** Retries already made for this request. */
  attempt: number;
  /** Milliseconds left of the caller's time budget. */
  leftMs: number;
  nowMs: number;
}

/** The policy for one answer: retry after a wait, return the answer, or refuse an absurd wait. */
export function retryDecision(status: number, retryAfter: string | undefined, context: RetryContext): RetryDecision {
  if (status !== 429 || !context.live || context.injected || context.attempt >= MAX_429_RETRIES)
    return { retry: false };
  const asked = retryAfterMs(retryAfter, context.nowMs);
  // Nothing usable to honour: the answer stands, and the contract check names the header.
  if (asked === undefined) return { retry: false };
  const allowed = Math.max(0, Math.min(MAX_RETRY_WAIT_MS, context.leftMs));
  if (asked <= allowed) return { retry: true, waitMs: asked };
  const seconds = Math.ceil(asked / 1_000);
  return {
    retry: false,
    refused: `the API asked to wait ${seconds} s (Retry-After: ${String(retryAfter).trim().slice(0, 60)}); the suite waits at most ${Math.floor(allowed / 1_000)} s here (at most ${MAX_RETRY_WAIT_MS / 1_000} s, and no longer than the time budget has left), so the 429 was not retried`,
  };
}
