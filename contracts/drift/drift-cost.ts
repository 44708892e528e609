// What a drift run spends on the API, computed from the scenarios themselves: `drift --help` prints
// it and a test holds the README's figures to it, so no text restates a count the planner changed.
import { type OperationId, operations } from '../generated/validators.js';
import { DEFAULT_CONFIG_URL, loadConfigFile } from '../mock/config/mock-config.ts';
import type { ModelAssistant } from '../stateful/model.ts';
import { generatedSequences } from './generated-sequences.ts';
import { driftScenarios } from './scenarios.ts';

/** Steps a drift run sends to the API, how many of them spend the answers budget (run calls), and how many upload a file. */
export interface DriftCost {
  named: { steps: number; runCalls: number; uploads: number };
  generated: { steps: number; runCalls: number; uploads: number };
}

/**
 * The planning assistants of a target like the embedded mock: a streaming and a non-streaming
 * assistant, each requiring what the mock's assistant of that kind requires.
 */
function mockLikeAssistants(): ModelAssistant[] {
  const assistants = loadConfigFile(DEFAULT_CONFIG_URL).tenants[0]?.assistants ?? [];
  return [true, false].flatMap((streaming) => {
    const found = assistants.find((a) => a.streaming === streaming);
    return found === undefined
      ? []
      : [
          {
            id: `{{assistant:${streaming ? 'streaming' : 'non-streaming'}}}`,
            streaming,
            request_required_fields: found.request_required_fields ?? {},
          },
        ];
  });
}

const isRunCall = (operationId: OperationId): boolean => operations[operationId].budget === 'answers';

/** The cost of a drift run of `count` generated sequences of `seed`, against a target with both assistant kinds and a second tenant. */
export function driftCost(seed: number, count: number): DriftCost {
  const scenarios = driftScenarios({
    provider: generatedSequences,
    seed,
    count,
    assistants: mockLikeAssistants(),
    otherTenant: true,
  });
  const cost = (source: 'named' | 'generated') => {
    const steps = scenarios.filter((s) => s.source === source).flatMap((s) => s.steps);
    return {
      steps: steps.length,
      runCalls: steps.filter((step) => isRunCall(step.operationId)).length,
      uploads: steps.filter((step) => step.upload !== undefined).length,
    };
  };
  return { named: cost('named'), generated: cost('generated') };
}
