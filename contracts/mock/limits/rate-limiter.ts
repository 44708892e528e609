// Per-tenant rate limits as documented: two windows at once (per second and per minute), one
// budget shared by the answer-generating endpoints and another for everything else.
//
// Each window is a sliding log of the last `limit` accepted calls (a ring of timestamps), not a
// fixed bucket: a burst straddling a second boundary cannot pass twice the limit, and the wait
// until the oldest call leaves the window is known exactly, so `Retry-After` can be exact.
import { type BudgetName, rateBudgets } from '../../generated/rate-budgets.js';
import type { Clock } from '../../lib/clock.ts';

/** The two windows of one budget. */
export interface WindowLimits {
  perSecond: number;
  perMinute: number;
}

/** The budgets by name, as the operation index names them (`operations.<id>.budget`). */
export type RateLimits = Record<BudgetName, WindowLimits>;

export type Budget = BudgetName;

/** The documented trial tier, from the contract's `x-rate-limit-budgets`. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  answers: { perSecond: rateBudgets.answers.perSecond, perMinute: rateBudgets.answers.perMinute },
  other: { perSecond: rateBudgets.other.perSecond, perMinute: rateBudgets.other.perMinute },
};

/** The answer of the limiter to one call. */
export type Verdict =
  | { allowed: true }
  | {
      allowed: false;
      /** Whole seconds, rounded up: a call after that long succeeds (absent other traffic). */
      retryAfterSeconds: number;
      /** The limit of the window that binds longest. */
      limit: number;
      remaining: number;
      window: 'second' | 'minute';
    };

class SlidingWindow {
  private readonly stamps: Float64Array;
  private head = 0;
  private count = 0;

  readonly limit: number;
  private readonly windowMs: number;
  constructor(limit: number, windowMs: number) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.stamps = new Float64Array(limit);
  }

  /** Milliseconds until this window has room; 0 when it has room now. */
  waitMs(now: number): number {
    if (this.count < this.limit) return 0;
    const oldest = this.stamps[this.head] ?? now;
    return Math.max(0, oldest + this.windowMs - now);
  }

  record(now: number): void {
    if (this.count < this.limit) {
      this.stamps[(this.head + this.count) % this.limit] = now;
      this.count += 1;
    } else {
      this.stamps[this.head] = now;
      this.head = (this.head + 1) % this.limit;
    }
  }
}

/** Refuses a call when either window of its budget is full; a refused call consumes nothing. */
export class RateLimiter {
  private readonly tenants = new Map<string, Record<Budget, [SlidingWindow, SlidingWindow]>>();

  readonly limits: RateLimits;
  private readonly clock: Clock;
  constructor(limits: RateLimits, clock: Clock) {
    this.limits = limits;
    this.clock = clock;
    for (const [budget, windows] of Object.entries(limits) as Array<[string, WindowLimits]>) {
      for (const [name, value] of Object.entries(windows)) {
        if (!Number.isInteger(value) || value < 1) {
          throw new RangeError(
            `Expected rate limit ${budget}.${name} to be a whole number of calls, 1 or more. Got ${String(value)}. Switch limits off with rateLimit: false instead.`,
          );
        }
      }
    }
  }

  /** Counts the call if both windows have room, else says how long to wait. */
  take(tenantId: string, budget: Budget): Verdict {
    const [second, minute] = this.windowsOf(tenantId)[budget];
    const now = this.clock.now();
    const waitSecond = second.waitMs(now);
    const waitMinute = minute.waitMs(now);
    if (waitSecond === 0 && waitMinute === 0) {
      second.record(now);
      minute.record(now);
      return { allowed: true };
    }
    const binding = waitMinute > waitSecond ? minute : second;
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(Math.max(waitSecond, waitMinute) / 1000)),
      limit: binding.limit,
      remaining: 0,
      window: binding === minute ? 'minute' : 'second',
    };
  }

  private windowsOf(tenantId: string): Record<Budget, [SlidingWindow, SlidingWindow]> {
    let windows = this.tenants.get(tenantId);
    if (!windows) {
      const make = (l: WindowLimits): [SlidingWindow, SlidingWindow] => [
        new SlidingWindow(l.perSecond, 1000),
        new SlidingWindow(l.perMinute, 60_000),
      ];
      windows = { answers: make(this.limits.answers), other: make(this.limits.other) };
      this.tenants.set(tenantId, windows);
    }
    return windows;
  }
}
