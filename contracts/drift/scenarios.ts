// The scenarios the drift report replays: named ones, taken from what the contract tests exercise,
// and fixed-seed generated ones from the generated tests' planner (contracts/drift/generated-sequences.ts).

import type { Verdict } from '../check/step-verdict.ts';
import type { RequestStep } from '../client/request-step.ts';
import type { ModelAssistant } from '../stateful/model.ts';
import type { PlannedSequence } from '../stateful/plan-sequences.ts';

/** A sequence of steps run from scratch against both targets. */
export interface DriftScenario {
  name: string;
  /** `named` (below) or `generated` (from a sequence provider). */
  source: 'named' | 'generated';
  steps: RequestStep[];
  /** Labels both runners must know (`assistant:non-streaming`, `key:other`), else the scenario is skipped on both. */
  needs?: string[];
  /** Per step, the answers the docs allow (generated sequences: the model's verdicts). */
  verdicts?: Verdict[];
}

/** What a provider plans with: the seed and count, the assistants both sides share by label, and whether both have a second tenant. */
export interface SequenceOptions {
  seed: number;
  count: number;
  assistants: ModelAssistant[];
  otherTenant: boolean;
}

/** Plans fixed-seed generated sequences, with each step's verdict; the same options give the same sequences. */
export type SequenceProvider = (options: SequenceOptions) => PlannedSequence[];

const json = (value: unknown) => ({ text: JSON.stringify(value) });
const QUESTION = json({ role: 'user', content: 'Wie lang ist die Kündigungsfrist in der Probezeit?' });
/** A thread that exists for no tenant. */
const UNKNOWN_THREAD = '0b0b0b0b-0000-4000-8000-00000000d21f';

/** A new thread of the assistant under `assistant`, remembered as `thread`. */
function thread(assistant = 'assistant'): RequestStep {
  return {
    operationId: 'createThread',
    body: { text: `{"assistant_id":"{{${assistant}}}","title":"agents-api-suite drift"}` },
    label: 'thread',
  };
}
const onThread = { thread_id: { ref: 'thread' } };
const addQuestion: RequestStep = { operationId: 'createMessage', path: onThread, body: QUESTION, label: 'question' };
const run = (assistant = 'assistant'): RequestStep => ({
  operationId: 'createRun',
  path: onThread,
  body: { text: `{{run-body:${assistant}}}` },
});

/** The named scenarios, one per behaviour the contract tests exercise. */
export const namedScenarios: DriftScenario[] = [
  {
    name: 'an answered run, then a second run on the answered thread',
    source: 'named',
    steps: [thread(), addQuestion, run(), { operationId: 'listMessages', path: onThread }, run()],
  },
  {
    name: 'a run on an unknown thread',
    source: 'named',
    steps: [{ operationId: 'createRun', path: { thread_id: UNKNOWN_THREAD }, body: { text: '{}' } }],
  },
  {
    name: 'a run on a thread without a user message',
    source: 'named',
    steps: [
      thread(),
      { operationId: 'createMessage', path: onThread, body: json({ role: 'system', content: 'Antworte knapp.' }) },
      run(),
    ],
  },
  {
    name: 'a run without a key, and one with an invalid key',
    source: 'named',
    steps: [
      { operationId: 'createRun', path: { thread_id: UNKNOWN_THREAD }, body: { text: '{}' }, key: 'none' },
      { operationId: 'createRun', path: { thread_id: UNKNOWN_THREAD }, body: { text: '{}' }, key: 'invalid' },
    ],
  },
  {
    name: 'a run whose body is not JSON',
    source: 'named',
    steps: [thread(), addQuestion, { operationId: 'createRun', path: onThread, body: { text: '{"tools": [' } }],
  },
  {
    name: 'a streamed run',
    source: 'named',
    steps: [
      thread('assistant:streaming'),
      addQuestion,
      { operationId: 'createRunStream', path: onThread, body: { text: '{{run-body:assistant:streaming}}' } },
    ],
    needs: ['assistant:streaming'],
  },
  {
    name: 'a streamed run of a non-streaming assistant',
    source: 'named',
    steps: [
      thread('assistant:non-streaming'),
      addQuestion,
      { operationId: 'createRunStream', path: onThread, body: { text: '{{run-body:assistant:non-streaming}}' } },
    ],
    needs: ['assistant:non-streaming'],
  },
  {
    name: "a run on a thread of another tenant's key",
    source: 'named',
    steps: [thread(), addQuestion, { operationId: 'createRun', path: onThread, body: { text: '{}' }, key: 'other' }],
    needs: ['key:other'],
  },
];

/** The named scenarios plus `count` generated ones from the provider, when there is one. */
export function driftScenarios(options: SequenceOptions & { provider?: SequenceProvider }): DriftScenario[] {
  const { provider, ...planning } = options;
  const generated = provider && options.count > 0 && options.assistants.length > 0 ? provider(planning) : [];
  return [
    ...namedScenarios,
    ...generated.map(
      ({ steps, verdicts }, i): DriftScenario => ({
        name: `generated sequence ${i + 1} of seed ${options.seed}`,
        source: 'generated',
        steps,
        verdicts,
      }),
    ),
  ];
}
