// The seam between the drift report and the generated model-based tests: set the provider to the
// function that plans the generated tests' fixed-seed sequences as RequestStep lists, and
// `agents-api-suite drift` replays them after the named scenarios (tests/unit/drift-run.spec.ts
// shows that a provider's sequences are run on both sides).
import type { SequenceProvider } from './scenarios.ts';

/** The planner of generated sequences, once the generated tests exist; undefined until then. */
export const generatedSequences: SequenceProvider | undefined = undefined;

/** Seed and count of the generated sequences a drift run replays (DRIFT_SEED, DRIFT_SEQUENCES override them). */
export const GENERATED_DEFAULTS = { seed: 1, count: 20 } as const;
