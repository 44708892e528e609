// Header access that does not depend on case: k6 hands headers over in Go's canonical form
// ("X-Ratelimit-Limit"), while the contract names them in lower case.
import { retryAfterMs } from '../contracts/client/retry-after.ts';

/** The value of a header, whatever the case of its name; undefined when absent. */
export function headerValue(headers: { [name: string]: string } | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === wanted) return headers[key];
  }
  return undefined;
}

/**
 * Seconds to wait from a Retry-After value: whole seconds (what the contract promises) or an
 * HTTP date, read by the suite's one 429 policy. Null when the value is neither.
 */
export function retryAfterSeconds(value: string | undefined, nowMs: number): number | null {
  const ms = retryAfterMs(value, nowMs);
  return ms === undefined ? null : Math.ceil(ms / 1000);
}
