// A clock whose time moves only when something sleeps on it: a run paced for minutes at the live
// defaults takes milliseconds, and its budget's deadline is read in the same time (tests only).
import type { Clock } from '../../contracts/lib/clock.ts';

/** A clock that starts at `start` and jumps ahead by every sleep. */
export function virtualClock(start = 0): Clock & { slept(): number } {
  let now = start;
  let slept = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += Math.max(0, ms);
      slept += Math.max(0, ms);
      // Let other work run, as a real sleep would.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    slept: () => slept,
  };
}
