// A budget of requests and of time for a run that spends a live tenant's quota (the generated
// tests, shrinking included). Every request a runner sends takes one; a step is refused once the
// requests left would not cover deleting the threads still to delete, or once the deadline is
// past, so that the run always ends inside its limits with enough left to clean up. At the
// deadline the budget's signal aborts requests in flight (all but thread creation, whose answer
// names a thread to delete).
import { type Clock, realClock } from '../lib/clock.ts';

/** Why a budget stopped a step. */
export type BudgetReason = 'requests' | 'time' | 'stopped';

/** Thrown instead of sending a step the budget does not cover. */
export class BudgetSpent extends Error {
  override name = 'BudgetSpent';
  readonly reason: BudgetReason;
  constructor(reason: BudgetReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** The limits of a budget. */
export interface BudgetLimits {
  /** Requests of every kind, cleanup included (Infinity: unbounded). */
  maxRequests: number;
  /** Time from the budget's start until steps stop (cleanup gets `cleanupMs` more). */
  maxMs: number;
  /** How long cleanup may go on after the deadline. */
  cleanupMs: number;
}

/** What a budget has spent, for the report. */
export interface BudgetUse {
  requests: number;
  /** Requests sent past maxRequests: retries of a cleanup delete after a 429 (a thread left is worse). */
  overBudget: number;
  elapsedMs: number;
  stopped?: BudgetReason;
}

/** Counts requests against the limits; one per run, shared by every runner of it. */
export class RequestBudget {
  readonly #controller = new AbortController();
  readonly #started: number;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  #requests = 0;
  #overBudget = 0;
  #inFlight = 0;
  #stopped: BudgetReason | undefined;

  readonly limits: BudgetLimits;
  private readonly clock: Clock;
  constructor(limits: BudgetLimits, clock: Clock = realClock) {
    this.limits = limits;
    this.clock = clock;
    this.#started = clock.now();
    // A virtual clock (tests) has no timers: its deadline is checked before each request only.
    if (clock === realClock && Number.isFinite(limits.maxMs)) {
      this.#timer = setTimeout(() => this.stop('time'), limits.maxMs);
      this.#timer.unref();
    }
  }

  /** Aborted when the deadline passes or the run is stopped: waits and requests in flight end. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get deadline(): number {
    return this.#started + this.limits.maxMs;
  }

  /** Requests running now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Stops every further step (cleanup still runs). */
  stop(reason: BudgetReason): void {
    this.#stopped ??= reason;
    if (!this.#controller.signal.aborted) this.#controller.abort(new BudgetSpent(reason, this.#why(reason)));
    if (this.#timer) clearTimeout(this.#timer);
  }

  /**
   * Takes one request for a step; `reserved` is how many cleanup deletes must stay covered after
   * it. Throws BudgetSpent when the step does not fit.
   */
  takeStep(reserved: number): void {
    if (this.#stopped === undefined && this.clock.now() >= this.deadline) this.stop('time');
    if (this.#stopped === undefined && this.#requests + 1 + reserved > this.limits.maxRequests) this.stop('requests');
    if (this.#stopped !== undefined) throw new BudgetSpent(this.#stopped, this.#why(this.#stopped));
    this.#requests += 1;
  }

  /** Takes one request for a cleanup delete: covered by the reserve, so only time can refuse it. */
  takeCleanup(): void {
    if (this.clock.now() >= this.deadline + this.limits.cleanupMs)
      throw new BudgetSpent('time', `Cleanup ran out of time (${Math.round(this.limits.cleanupMs / 1000)} s).`);
    if (this.#requests >= this.limits.maxRequests) this.#overBudget += 1;
    this.#requests += 1;
  }

  /** Counts a request in flight until `work` settles. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.#inFlight += 1;
    try {
      return await work();
    } finally {
      this.#inFlight -= 1;
    }
  }

  use(): BudgetUse {
    const out: BudgetUse = {
      requests: this.#requests,
      overBudget: this.#overBudget,
      elapsedMs: this.clock.now() - this.#started,
    };
    if (this.#stopped) out.stopped = this.#stopped;
    return out;
  }

  #why(reason: BudgetReason): string {
    if (reason === 'requests') return `the request budget (${this.limits.maxRequests}) is spent`;
    if (reason === 'time') return `the time budget (${Math.round(this.limits.maxMs / 1000)} s) is spent`;
    return 'the run was stopped';
  }
}

/** Resolves when `wait` does, or rejects with the signal's reason when it aborts first. */
export function unlessAborted<T>(wait: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return wait;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    wait.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
