import { type BudgetName, rateBudgets } from '../generated/rate-budgets.js';
import { type Clock, realClock } from '../lib/clock.ts';

/**
 * Keeps calls under two sliding windows (per second and per minute), so that a live run spends
 * less than the documented budget and never provokes the 429s it is not testing.
 */
export class Pacer {
  readonly #starts: number[] = [];
  #queue: Promise<void> = Promise.resolve();

  readonly maxPerSecond: number;
  readonly maxPerMinute: number;
  private readonly clock: Clock;
  constructor(maxPerSecond: number, maxPerMinute: number, clock: Clock = realClock) {
    this.maxPerSecond = maxPerSecond;
    this.maxPerMinute = maxPerMinute;
    this.clock = clock;
  }

  /** Resolves when one more call fits both windows, and counts it. Calls are served in order. */
  take(): Promise<void> {
    const turn = this.#queue.then(() => this.#wait());
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #wait(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.#starts.length > 0 && (this.#starts[0] ?? 0) <= now - 60_000) this.#starts.shift();
      const lastSecond = this.#starts.filter((t) => t > now - 1_000);
      const waitSecond =
        lastSecond.length >= this.maxPerSecond
          ? (lastSecond[lastSecond.length - this.maxPerSecond] ?? now) + 1_000 - now
          : 0;
      const waitMinute =
        this.#starts.length >= this.maxPerMinute
          ? (this.#starts[this.#starts.length - this.maxPerMinute] ?? now) + 60_000 - now
          : 0;
      const wait = Math.max(waitSecond, waitMinute);
      if (wait <= 0) {
        this.#starts.push(now);
        return;
      }
      await this.clock.sleep(wait);
    }
  }
}

/**
 * One pacer per rate-limit budget for a live target: the answers budget at the configured pace,
 * every other budget at the documented ratio to it (x-rate-limit-budgets; other: 4x per second,
 * 3x per minute). With N workers each paces itself at an Nth, so together they stay inside one budget.
 */
export function budgetPacers(
  pacing: { maxRps: number; maxRpm: number },
  workers = 1,
  clock: Clock = realClock,
): (budget: BudgetName) => Pacer {
  const share = (limit: number) => Math.max(1, Math.floor(limit / workers));
  const answers = rateBudgets.answers;
  const pacers = new Map<BudgetName, Pacer>();
  return (budget) => {
    let pacer = pacers.get(budget);
    if (!pacer) {
      const { perSecond, perMinute } = rateBudgets[budget];
      pacer = new Pacer(
        share((pacing.maxRps * perSecond) / answers.perSecond),
        share((pacing.maxRpm * perMinute) / answers.perMinute),
        clock,
      );
      pacers.set(budget, pacer);
    }
    return pacer;
  };
}

/** Per worker: live pacing is one budget whatever test or runner sends (ApiClient and the generated tests share it). */
let workerPacers: ReturnType<typeof budgetPacers> | undefined;

/** The worker's pacer of a budget; undefined when the target is not paced (the mock). */
export function pacerFor(
  target: { pacing?: { maxRps: number; maxRpm: number } },
  budget: BudgetName,
  workers: number,
): Pacer | undefined {
  if (!target.pacing) return undefined;
  workerPacers ??= budgetPacers(target.pacing, workers);
  return workerPacers(budget);
}
