// Generated sequences planned with the model only, without a target: the drift report (issue 10)
// replays the same fixed-seed sequences against two targets through two StepRunners. Answers are
// assumed to follow the model (accepted when the docs allow no refusal, else refused), and a
// run's tool calls are not referenced, so the plan does not depend on any target's answers.
import fc from 'fast-check';
import type { Verdict } from '../check/step-verdict.ts';
import type { RequestStep } from '../client/request-step.ts';
import { commandArbitrary, openingCommands } from './command-arbitraries.ts';
import { Model, type ModelAssistant } from './model.ts';
import type { PlannedStep } from './planned-step.ts';

/** A planned sequence: its steps, and for each the answers the docs allow. */
export interface PlannedSequence {
  steps: RequestStep[];
  verdicts: Verdict[];
}

function planned(step: PlannedStep, model: Model, out: PlannedSequence): void {
  out.steps.push(step.step);
  out.verdicts.push(step.verdict);
  if (step.verdict.refusals.length === 0 && step.verdict.mayAccept) step.onAccept(model, undefined, '');
  const next = step.next?.(model);
  if (next) planned(next, model, out);
}

/**
 * `count` sequences for `seed`, each a list of steps with symbolic ids. `assistants` are the
 * target's (ids differ per target; the same seed plans the same shape for each).
 */
export function planSequences(options: PlanOptions): RequestStep[][] {
  return planSequencesWithVerdicts(options).map((sequence) => sequence.steps);
}

/** What planSequences takes. */
export interface PlanOptions {
  seed: number;
  count: number;
  assistants: ModelAssistant[];
  otherTenant?: boolean;
  maxCommands?: number;
}

/** As planSequences, with each step's verdict (the drift report tells apart answers the docs both allow). */
export function planSequencesWithVerdicts(options: PlanOptions): PlannedSequence[] {
  const arbitrary = fc.tuple(
    openingCommands(),
    fc.array(commandArbitrary({ otherTenant: options.otherTenant ?? false }), {
      maxLength: options.maxCommands ?? 24,
      size: 'max',
    }),
  );
  return fc.sample(arbitrary, { seed: options.seed, numRuns: options.count }).map(([first, rest]) => {
    const model = new Model({
      assistants: options.assistants,
      otherTenant: options.otherTenant ?? false,
      runCallsLeft: Number.MAX_SAFE_INTEGER,
      planning: true,
    });
    const sequence: PlannedSequence = { steps: [], verdicts: [] };
    for (const command of [...first, ...rest]) if (command.check(model)) planned(command.plan(model), model, sequence);
    return sequence;
  });
}
