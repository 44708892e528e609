// The generated model-based tests' fixed-seed sequences, replayed by `agents-api-suite drift`
// after the named scenarios. The two sides have different assistants, yet both must get the same
// steps (runDrift sends step i to each): so the sequences are planned once, with assistants whose
// ids are drift labels (`{{assistant:streaming}}`), which each side's DriftStepRunner replaces
// with its own assistant's id. A planned assistant requires the fields either side's assistant
// of that label requires, so the metadata a planned run carries satisfies both or neither.
import type { RequiredFields } from '../request-meta-data.ts';
import type { ModelAssistant } from '../stateful/model.ts';
import { planSequencesWithVerdicts } from '../stateful/plan-sequences.ts';
import type { DriftStepRunner } from './drift-step-runner.ts';
import type { SequenceProvider } from './scenarios.ts';

/** Seed and count of the generated sequences a drift run replays (DRIFT_SEED, DRIFT_SEQUENCES override them). */
export const GENERATED_DEFAULTS = { seed: 1, count: 20 } as const;

/**
 * The generated tests' planner, as the drift run's sequence provider, with their own limit of
 * commands per sequence. Seed 1 with 20 sequences plans 283 steps, 29 of them run calls (both
 * sides having two assistant kinds and a second tenant; tests/unit/drift-generated.spec.ts).
 */
export const generatedSequences: SequenceProvider = ({ seed, count, assistants, otherTenant }) =>
  planSequencesWithVerdicts({ seed, count, assistants, otherTenant });

function unionOf(a: RequiredFields, b: RequiredFields): RequiredFields {
  const out: Record<string, string[]> = {};
  for (const fields of [a, b])
    for (const [owner, names] of Object.entries(fields))
      out[owner] = [...new Set([...(out[owner] ?? []), ...(names ?? [])])];
  return out;
}

/**
 * The assistants to plan with: one per label both sides know, streaming and non-streaming (or
 * only `assistant` when neither side has both kinds), in that fixed order so that a seed picks
 * the same label on every run.
 */
export function planningAssistants(sides: [DriftStepRunner, DriftStepRunner]): ModelAssistant[] {
  const both = (label: string) => sides.every((side) => side.knows(label));
  const labels = ['assistant:streaming', 'assistant:non-streaming'].filter(both);
  if (labels.length === 0 && both('assistant')) labels.push('assistant');
  return labels.map((label) => {
    const [a, b] = sides.map((side) => side.assistant(label));
    return {
      id: `{{${label}}}`,
      streaming: Boolean(a?.streaming && b?.streaming),
      request_required_fields: unionOf(a?.request_required_fields ?? {}, b?.request_required_fields ?? {}),
    };
  });
}
