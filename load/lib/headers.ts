// Header access that does not depend on case: k6 hands headers over in Go's canonical form
// ("X-Ratelimit-Limit"), while the contract names them in lower case.

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
 * HTTP date. Null when the value is neither.
 */
export function retryAfterSeconds(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date) || !/[a-z]/i.test(trimmed)) return null;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}
