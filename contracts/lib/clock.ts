// Time for every product of the suite: the pacer, the request budget, Retry-After waits and the
// mock's rate limiter and timestamps read one injectable source, so that tests can drive them
// without sleeping. The default is monotonic (a wall-clock jump must not open or close a rate
// window or move a deadline) and has sub-millisecond resolution (the mock's timestamps keep
// microseconds).
import { performance } from 'node:perf_hooks';

/** A source of time and of waiting; tests pass a fake one. */
export interface Clock {
  /** Milliseconds since the Unix epoch, fractions allowed. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock: monotonic, anchored at the process's start, microsecond resolution. */
export const realClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * A clock whose time runs `factor` times as fast as `base`'s from now on: the rate-limit contract
 * and a mock that share it see a minute window pass in 60/factor real seconds, with the mock's
 * real limiter and every wait of the contract in the same, faster time.
 */
export function scaledClock(factor: number, options: { base?: Clock; startAt?: number } = {}): Clock {
  if (!(Number.isFinite(factor) && factor > 0))
    throw new RangeError(`Expected a clock factor above 0. Got ${String(factor)}.`);
  const base = options.base ?? realClock;
  const origin = base.now();
  // `startAt` (default: the base's time) fixes where windows of whole seconds and minutes begin.
  const start = options.startAt ?? origin;
  return {
    now: () => start + (base.now() - origin) * factor,
    sleep: (ms) => base.sleep(ms / factor),
  };
}
