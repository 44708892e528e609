// Runs each scenario step by step against the target and the mock and keeps every step whose
// answers differ, with the assumptions behind the difference.

import { judgeStep } from '../check/model-checks.ts';
import { describeVerdict, reasonsOf, type Verdict } from '../check/step-verdict.ts';
import type { StepAnswer } from '../client/request-step.ts';
import type { OperationId } from '../generated/validators.js';
import { type AnswerSummary, assumptionsBehind, type Difference, differences, summarise } from './compare-answers.ts';
import type { DriftStepRunner } from './drift-step-runner.ts';
import type { DriftScenario } from './scenarios.ts';

/** One step whose two answers differ. */
export interface Divergence {
  scenario: string;
  source: DriftScenario['source'];
  /** 1-based position of the step in its scenario. */
  step: number;
  operationId: OperationId;
  /** Reproduces the step on the target (keys as $API_KEY). */
  curl: string;
  target: AnswerSummary;
  mock: AnswerSummary;
  differences: Difference[];
  assumptions: Array<{ id: string; reason: string }>;
  /**
   * Set when the statuses or codes differ but the docs allow both answers (a generated step's
   * verdict accepts each): the two implementations read an open point differently.
   */
  bothAllowed?: string;
}

/** What happened to one scenario. */
export interface ScenarioOutcome {
  name: string;
  source: DriftScenario['source'];
  steps: number;
  divergences: number;
  /** Why it did not run, when it did not. */
  skipped?: string;
}

/** The result of a drift run. */
export interface DriftResult {
  scenarios: ScenarioOutcome[];
  divergences: Divergence[];
  /** Cleanup that failed: threads left behind, by id. */
  notes: string[];
}

function skipReason(scenario: DriftScenario, target: DriftStepRunner, mock: DriftStepRunner): string | undefined {
  for (const label of scenario.needs ?? []) {
    for (const runner of [target, mock])
      if (!runner.knows(label))
        return `the ${runner.target.name} has no ${label === 'key:other' ? "second tenant's key (API_KEY_OTHER_TENANT)" : `${label.replace(':', ' (')})`}`;
  }
  if (scenario.steps.some((s) => s.prefer !== undefined) && !(target.target.faults && mock.target.faults))
    return 'it injects faults with Prefer, which the target does not honour';
  return undefined;
}

/** Why both answers are documented ones, when the step has a verdict, they differ in status or code, and it allows each. */
function bothAllowed(
  verdict: Verdict | undefined,
  answers: [StepAnswer, StepAnswer],
  found: Difference[],
): string | undefined {
  if (!verdict || !found.some((d) => d.aspect === 'status' || d.aspect === 'error_code')) return undefined;
  if (answers.some((answer) => judgeStep(verdict, answer) !== undefined)) return undefined;
  const why = reasonsOf(verdict);
  return `the docs allow ${describeVerdict(verdict)} here${why ? ` (${why})` : ''}`;
}

/** Told of each scenario once it is done (or skipped): its outcome, its 1-based position and the total. */
export type DriftProgress = (outcome: ScenarioOutcome, position: number, total: number) => void;

/** Replays every scenario on both runners, the target first at each step, and compares the answers. */
export async function runDrift(
  scenarios: DriftScenario[],
  target: DriftStepRunner,
  mock: DriftStepRunner,
  progress: DriftProgress = () => undefined,
): Promise<DriftResult> {
  const result: DriftResult = { scenarios: [], divergences: [], notes: [] };
  for (const scenario of scenarios) {
    const outcome: ScenarioOutcome = {
      name: scenario.name,
      source: scenario.source,
      steps: scenario.steps.length,
      divergences: 0,
    };
    result.scenarios.push(outcome);
    const skipped = skipReason(scenario, target, mock);
    if (skipped !== undefined) {
      outcome.skipped = skipped;
      progress(outcome, result.scenarios.length, scenarios.length);
      continue;
    }
    try {
      for (const [i, step] of scenario.steps.entries()) {
        const a = await target.send(step);
        const b = await mock.send(step);
        const summaries = { target: summarise(step.operationId, a), mock: summarise(step.operationId, b) };
        const found = differences(summaries.target, summaries.mock);
        if (found.length === 0) continue;
        outcome.divergences += 1;
        const behind = assumptionsBehind(step.operationId, [a, b], found).map(({ id, reason }) => ({ id, reason }));
        const allowed = bothAllowed(scenario.verdicts?.[i], [a, b], found);
        result.divergences.push({
          scenario: scenario.name,
          source: scenario.source,
          step: i + 1,
          operationId: step.operationId,
          curl: a.curl,
          ...summaries,
          differences: found,
          assumptions: behind,
          ...(allowed ? { bothAllowed: allowed } : {}),
        });
      }
    } finally {
      // Cleanup is not compared: it only removes what the scenario created.
      result.notes.push(...(await target.cleanup()), ...(await mock.cleanup()));
    }
    progress(outcome, result.scenarios.length, scenarios.length);
  }
  return result;
}
