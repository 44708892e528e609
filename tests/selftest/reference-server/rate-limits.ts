// The Rate Limits guide, read on its own (not from the mock): per tenant, two windows (RPS and
// RPM); run, run/stream and both chat completions share the answers budget (tier 0: 15 / 60),
// every other endpoint shares another (60 / 180). This server reads "per second" and "per minute"
// as fixed windows of its clock (each whole second and minute), where the mock reads sliding ones:
// both are correct readings, and the rate-limit contract must pass either. A refused call counts
// for nothing; Retry-After is the whole seconds until every full window has ended. Off unless
// asked for (the self-test's other runs are unpaced); tests pass a faster clock for short windows.
import { type Clock, realClock } from '../../../contracts/lib/clock.ts';
import type { BreakName } from './breaks.ts';
import type { OperationId } from './catalog.ts';

/** The two windows of a budget, in calls. */
export interface Windows {
  perSecond: number;
  perMinute: number;
}

/** The limiter's settings: the documented limits unless given, and the clock its windows follow. */
export interface RateLimitOptions {
  answers?: Windows;
  other?: Windows;
  clock?: Clock;
}

type Budget = 'answers' | 'other' | 'chat';

const ANSWERS = new Set<OperationId>([
  'createRun',
  'createRunStream',
  'createChatCompletion',
  'createChatCompletionStream',
]);
const CHAT = new Set<OperationId>(['createChatCompletion', 'createChatCompletionStream']);
const WINDOWS = [
  ['perSecond', 1_000],
  ['perMinute', 60_000],
] as const;

/** A refusal: the seconds to wait, and the limit of the window that binds. */
export interface Refusal {
  retryAfterSeconds: number;
  limit: number;
}

/** Counts calls per tenant, budget and window; refuses one that would pass a limit. */
export class ReferenceLimiter {
  readonly #counts = new Map<string, number>();
  readonly #limits: Record<Budget, Windows>;
  readonly #clock: Clock;
  constructor(options: RateLimitOptions) {
    const answers = options.answers ?? { perSecond: 15, perMinute: 60 };
    this.#limits = { answers, chat: answers, other: options.other ?? { perSecond: 60, perMinute: 180 } };
    this.#clock = options.clock ?? realClock;
  }

  /** Takes a call of `operationId`, or says why not; the breaks change which budget counts it. */
  take(tenantId: string, operationId: OperationId, breaks: ReadonlySet<BreakName>): Refusal | undefined {
    // The break gives chat completions a budget of their own, as a limiter per route family would.
    const own = CHAT.has(operationId) && breaks.has('rate-limit-chat-not-counted');
    const budget: Budget = own ? 'chat' : ANSWERS.has(operationId) ? 'answers' : 'other';
    const now = this.#clock.now();
    const refusal = this.#refusal(tenantId, budget, now, breaks);
    // The break counts answer calls but never refuses them.
    if (refusal && !(budget !== 'other' && breaks.has('rate-limit-not-enforced'))) return refusal;
    // The break refuses other calls while the answers budget is used up, as one shared switch would.
    const answersUsedUp = budget === 'other' && breaks.has('rate-limit-other-refused');
    if (answersUsedUp) {
      const answers = this.#refusal(tenantId, 'answers', now, breaks);
      if (answers) return answers;
    }
    this.#count(tenantId, budget, now);
    // The break counts every other call against the answers budget too (without refusing it there).
    if (budget === 'other' && breaks.has('rate-limit-other-counted')) this.#count(tenantId, 'answers', now);
    return undefined;
  }

  /** The refusal a call of `budget` gets now, if a window of it is full. */
  #refusal(tenantId: string, budget: Budget, now: number, breaks: ReadonlySet<BreakName>): Refusal | undefined {
    const full = WINDOWS.filter(
      ([name, ms]) => (this.#counts.get(this.#key(tenantId, budget, name, ms, now)) ?? 0) >= this.#limits[budget][name],
    );
    if (full.length === 0) return undefined;
    const waitMs = Math.max(...full.map(([, ms]) => (Math.floor(now / ms) + 1) * ms - now));
    const [name] = full[full.length - 1] ?? WINDOWS[0];
    const exact = Math.max(1, Math.ceil(waitMs / 1_000));
    return {
      retryAfterSeconds: breaks.has('rate-limit-retry-after-short') ? 1 : exact,
      limit: this.#limits[budget][name],
    };
  }

  #count(tenantId: string, budget: Budget, now: number): void {
    for (const [name, ms] of WINDOWS) {
      const key = this.#key(tenantId, budget, name, ms, now);
      this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    }
  }

  /** The counter of one window: its budget, its name and which whole second or minute it is. */
  #key(tenantId: string, budget: Budget, name: string, ms: number, now: number): string {
    return `${tenantId}:${budget}:${name}:${Math.floor(now / ms)}`;
  }
}
