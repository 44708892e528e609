// One run of the generated tests: fc.check over generated sequences with a seed (printed, and
// replayable with FUZZ_SEED/FUZZ_PATH), every thread deleted afterwards, and on failure the shrunk
// sequence with its failing check and a curl line for each of its requests.
import fc from 'fast-check';
import type { CheckId, Violation } from '../check/check-names.ts';
import { type BudgetReason, BudgetSpent } from '../client/request-budget.ts';
import type { StepRunner } from '../client/request-step.ts';
import type { World } from './model.ts';
import { type LoggedStep, runSequence, SequenceFailure, type SequenceTarget, sequenceArbitrary } from './sequence.ts';

/** What one run needs. */
export interface GeneratedRunOptions {
  seed: number;
  numRuns: number;
  maxCommands: number;
  /** `<fast-check path>~<commands replay path>`, from a failure report (FUZZ_PATH). */
  path?: string;
  world: World;
  target: SequenceTarget;
  /** Stop at the first failure without shrinking it (the self-test's catch checks). */
  endOnFailure?: boolean;
}

/** A shrunk failure, ready to report. */
export interface GeneratedFailure {
  check: CheckId;
  message: string;
  /** The contract checker's violations, when the failing answer broke the contract itself. */
  violations?: Violation[];
  seed: number;
  /** FUZZ_PATH of the shrunk case. */
  path: string;
  /** The shrunk command list. */
  commands: string;
  log: LoggedStep[];
}

/** What a run did. */
export interface GeneratedRunResult {
  seed: number;
  sequences: number;
  steps: number;
  failure?: GeneratedFailure;
  /** An error that is not a finding (a network failure, a bug in the suite). */
  error?: unknown;
  /**
   * The budget ran out: while `exploring`, the run ended with fewer sequences (it passed as far
   * as it went); while `shrinking`, the failure is the smallest found so far.
   */
  stopped?: { reason: BudgetReason; while: 'exploring' | 'shrinking'; message: string };
  /** Shrink steps behind the reported failure. */
  shrinks: number;
}

/** Deletes every thread a sequence created (also those the model did not expect to exist). */
async function cleanup(runner: StepRunner): Promise<void> {
  // Its answers are not judged: a thread the sequence deleted already answers 404.
  await runner.cleanup().catch(() => undefined);
}

/** Runs the generated sequences and reports the shrunk failure, if any. */
export async function runGenerated(options: GeneratedRunOptions): Promise<GeneratedRunResult> {
  const [path, replayPath] = (options.path ?? '').split('~');
  let steps = 0;
  let sequences = 0;
  let spent: BudgetSpent | undefined;
  const property = fc.asyncProperty(
    sequenceArbitrary({
      otherTenant: options.world.otherTenant,
      maxCommands: options.maxCommands,
      ...(replayPath ? { replayPath } : {}),
    }),
    async (commands) => {
      sequences += 1;
      let runner: StepRunner | undefined;
      const target: SequenceTarget = {
        ...options.target,
        runner: () => (runner = wrapCount(options.target.runner(), () => (steps += 1))),
      };
      try {
        await runSequence(commands, options.world, target, async () => {
          if (runner) await cleanup(runner);
        });
      } catch (error) {
        // A spent budget is no finding: it ends the run (fast-check keeps the smallest failure so far).
        if (error instanceof BudgetSpent) {
          spent = error;
          throw new fc.PreconditionFailure(true);
        }
        throw error;
      }
    },
  );
  // A replay runs exactly the reported case: no further shrinking from it.
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.numRuns,
    ...(path || options.endOnFailure ? { endOnFailure: true } : {}),
    ...(path ? { path } : {}),
  });
  const result: GeneratedRunResult = { seed: options.seed, sequences, steps, shrinks: details.numShrinks };
  if (spent && details.interrupted) {
    const during = details.failed && details.counterexamplePath !== null ? 'shrinking' : 'exploring';
    result.stopped = {
      reason: spent.reason,
      while: during,
      message:
        during === 'shrinking'
          ? `Shrinking stopped early after ${details.numShrinks} steps: ${spent.message}. This is the smallest failing sequence found so far.`
          : `Stopped after ${sequences} sequences: ${spent.message}.`,
    };
  }
  if (!details.failed) return result;
  if (details.counterexamplePath === null && result.stopped) {
    // Interrupted before any sequence ended: nothing was tested, which must not pass.
    return {
      ...result,
      error: new Error(
        `The budget was spent before one sequence ended (${spent?.message ?? 'budget spent'}). Raise FUZZ_MAX_REQUESTS or FUZZ_MAX_SECONDS.`,
      ),
    };
  }
  const error = details.errorInstance;
  if (!(error instanceof SequenceFailure)) return { ...result, error };
  const commands = String(details.counterexample?.[0] ?? '');
  const replay = /replayPath="([^"]*)"/.exec(commands)?.[1];
  result.failure = {
    check: error.finding.check,
    message: error.finding.message,
    ...(error.finding.violations ? { violations: error.finding.violations } : {}),
    seed: options.seed,
    path: `${details.counterexamplePath ?? ''}${replay ? `~${replay}` : ''}`,
    commands: commands.replace(/\s*\/\*replayPath=.*\*\//, ''),
    log: error.log,
  };
  return result;
}

function wrapCount(runner: StepRunner, count: () => void): StepRunner {
  const send = runner.send.bind(runner);
  runner.send = (step) => {
    count();
    return send(step);
  };
  return runner;
}
