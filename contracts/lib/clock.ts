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
