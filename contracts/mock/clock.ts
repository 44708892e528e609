// Time for the mock: one injectable source, so that tests can drive the rate limiter and
// timestamps without sleeping, and the default is monotonic (wall-clock jumps must not open or
// close a rate-limit window).
import { performance } from 'node:perf_hooks';

/** Milliseconds since the Unix epoch, fractions allowed (microseconds are kept in timestamps). */
export type Clock = () => number;

/** The default clock: monotonic, anchored at the process's start, microsecond resolution. */
export const systemClock: Clock = () => performance.timeOrigin + performance.now();

/**
 * RFC 3339 UTC with microseconds, the form the docs show: `2025-03-15T09:13:02.654321Z`.
 * `toISOString` stops at milliseconds, so the three finer digits are appended by hand.
 */
export function timestamp(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.floor((ms - whole) * 1000);
  // Under load many timestamps fall in one millisecond; its ISO text is made once.
  if (whole !== lastWhole) {
    lastWhole = whole;
    lastPrefix = new Date(whole).toISOString().slice(0, -1);
  }
  return `${lastPrefix}${micros < 10 ? '00' : micros < 100 ? '0' : ''}${micros}Z`;
}

let lastWhole = Number.NaN;
let lastPrefix = '';
