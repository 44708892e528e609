// One generated-test run against a target: its budget, the threads it created, the example
// database replayed first, and a close() that stops whatever is still running and deletes every
// thread left, whatever ended the run (a finding, the budget, a timeout, an interrupt).

import { assumptionEvidence } from '../check/assumption-evidence.ts';
import { errorCodeOf, parseJson } from '../check/body-text.ts';
import type { Violation } from '../check/check-names.ts';
import { strictnessOf } from '../client/api-client.ts';
import { CreatedThreads } from '../client/created-threads.ts';
import { HttpStepRunner } from '../client/http-step-runner.ts';
import { budgetPacers, type Pacer } from '../client/pacer.ts';
import { RequestBudget } from '../client/request-budget.ts';
import type { StepAnswer } from '../client/request-step.ts';
import type { Target } from '../client/target.ts';
import type { BudgetName } from '../generated/rate-budgets.js';
import type { OperationId } from '../generated/validators.js';
import { recordObservation } from '../ledger/observations.ts';
import { type Clock, realClock } from '../lib/clock.ts';
import { targetName } from '../lib/target-name.ts';
import type { ExampleDb, StoredExample } from './example-db.ts';
import type { World } from './model.ts';
import { type GeneratedRunOptions, type GeneratedRunResult, runGenerated } from './run-generated.ts';
import { CLEANUP_MS, type GeneratedSettings } from './settings.ts';

/** What a session's run did: the replays of stored failures, then the exploration (if it ran). */
export interface SessionResult {
  /** The stored failure that failed again, when one did (then nothing new was explored). */
  replayed?: { example: StoredExample; result: GeneratedRunResult };
  /** Stored failures that pass now and were dropped. */
  fixed: StoredExample[];
  explored?: GeneratedRunResult;
}

export class GeneratedSession {
  readonly threads = new CreatedThreads();
  readonly budget: RequestBudget;
  /** Pacers on the session's own clock (a virtual one in tests); undefined: the worker's shared pacers. */
  readonly #pacers: ((budget: BudgetName) => Pacer) | undefined;
  #closed: Promise<string[]> | undefined;

  readonly target: Target;
  readonly settings: GeneratedSettings;
  private readonly options: { workers?: number; clock?: Clock };
  constructor(target: Target, settings: GeneratedSettings, options: { workers?: number; clock?: Clock } = {}) {
    this.target = target;
    this.settings = settings;
    this.options = options;
    this.budget = new RequestBudget(
      { maxRequests: settings.maxRequests, maxMs: settings.maxSeconds * 1_000, cleanupMs: CLEANUP_MS },
      options.clock ?? realClock,
    );
    if (options.clock && target.pacing) this.#pacers = budgetPacers(target.pacing, options.workers ?? 1, options.clock);
  }

  /** A runner on this session's budget, recording its threads where close() finds them. */
  runner(): HttpStepRunner {
    return new HttpStepRunner(this.target, {
      ...(this.options.workers === undefined ? {} : { workers: this.options.workers }),
      ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
      ...(this.#pacers === undefined ? {} : { pacers: this.#pacers }),
      budget: this.budget,
      threads: this.threads,
    });
  }

  /** Replays the stored failures of this target, then (if none fails again) explores with the settings' seed. */
  async run(world: World, db: ExampleDb | undefined): Promise<SessionResult> {
    const base = (seed: number, path?: string): GeneratedRunOptions => ({
      seed,
      numRuns: this.settings.numRuns,
      maxCommands: this.settings.maxCommands,
      ...(path ? { path } : {}),
      world,
      target: {
        runner: () => this.runner(),
        live: this.target.live,
        check: { strict: this.target.strict, redactValues: this.target.live },
        strictness: strictnessOf(this.target),
        onPending: (operationId, answer, violations) => recordPending(operationId, answer, violations),
      },
    });
    const out: SessionResult = { fixed: [] };
    const where = targetName(this.target);
    if (db && this.settings.path === undefined) {
      for (const example of db.examplesFor(where)) {
        const result = await runGenerated(base(example.seed, example.path));
        if (result.error !== undefined || result.stopped) return { ...out, replayed: { example, result } };
        if (result.failure) return { ...out, replayed: { example, result } };
        db.remove(example);
        out.fixed.push(example);
      }
    }
    const explored = await runGenerated(base(this.settings.seed, this.settings.path));
    out.explored = explored;
    if (db && explored.failure)
      db.add({
        target: where,
        seed: explored.failure.seed,
        path: explored.failure.path,
        check: explored.failure.check,
        commands: explored.failure.commands,
        foundAt: new Date().toISOString(),
      });
    return out;
  }

  /**
   * Stops every further step, waits for requests in flight (a thread creation is never cut
   * short), then deletes every thread still recorded; answers what could not be deleted.
   */
  close(): Promise<string[]> {
    this.#closed ??= (async () => {
      this.budget.stop('stopped');
      const until = Date.now() + this.target.limits.bodyTimeoutMs + 1_000;
      while (this.budget.inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      if (this.threads.size === 0) return [];
      const failures = await this.runner().cleanup();
      const left = this.threads
        .list()
        .map((t) => `thread ${t.id} (key ${t.key === 'other' ? 'API_KEY_OTHER_TENANT' : 'API_KEY'})`);
      return left.length > 0 ? [...new Set([...failures, ...left])] : [];
    })();
    return this.#closed;
  }
}

/**
 * An answer that contradicted assumptions only: an observation of the run, so that the ledger and
 * the summary list it with its curl line (no body, never a key).
 */
function recordPending(operationId: OperationId, answer: StepAnswer, violations: Violation[]): void {
  const snapshot = { operationId, status: answer.status, headers: answer.headers, body: answer.body };
  const parsed = parseJson(answer.body);
  const code = answer.status >= 400 && parsed.ok ? errorCodeOf(parsed.value) : undefined;
  recordObservation({
    operationId,
    status: answer.status,
    test: 'generated sequences',
    ...(code === undefined ? {} : { errorCode: code }),
    violations,
    assumptions: assumptionEvidence(snapshot, violations, { parsed }),
    curl: answer.curl,
  });
}
