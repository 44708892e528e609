// One side of a drift run: the shared HttpStepRunner plus what only the drift report needs. Two
// tenants' assistants have different ids and may require different request metadata, so a step's
// body may name an assistant as `{{label}}` and ask for `{{run-body:label}}`; each side resolves
// them from its own preflight.

import { HttpStepRunner, type StepRunnerOptions, UNRESOLVED_ID } from '../client/http-step-runner.ts';
import { primaryAssistant } from '../client/primary-assistant.ts';
import type { RequestStep, StepAnswer, StepRunner } from '../client/request-step.ts';
import { requiredMetaData } from '../client/run-meta-data.ts';
import type { Target } from '../client/target.ts';
import type { components } from '../generated/api.ts';

type Assistant = components['schemas']['Assistant'];

/** One side of a drift run, once the preflight has listed its assistants. */
export interface DriftSide {
  /** `target` or `mock`, for messages. */
  name: string;
  target: Target;
  assistants: Assistant[];
}

/** The labels a side knows from the start: the assistants scenarios create threads for. */
function assistantLabels({ assistants, target }: DriftSide): Map<string, Assistant> {
  const out = new Map<string, Assistant>();
  const chosen = primaryAssistant(assistants, target.assistantId);
  const primary = chosen.ok ? chosen.assistant : undefined;
  if (primary) out.set('assistant', primary);
  const streaming = primary?.streaming ? primary : assistants.find((a) => a.streaming);
  if (streaming) out.set('assistant:streaming', streaming);
  const nonStreaming = assistants.find((a) => !a.streaming);
  if (nonStreaming) out.set('assistant:non-streaming', nonStreaming);
  return out;
}

/** One side of a drift run: the shared HttpStepRunner, plus the side's name and the labels it knows. */
export class DriftStepRunner implements StepRunner {
  readonly target: { name: string; faults: boolean };
  readonly #assistants: Map<string, Assistant>;
  readonly #http: HttpStepRunner;
  readonly #hasOtherKey: boolean;

  constructor(side: DriftSide, options: Omit<StepRunnerOptions, 'labels' | 'name'> = {}) {
    this.target = { name: side.name, faults: side.target.faults };
    this.#assistants = assistantLabels(side);
    this.#hasOtherKey = side.target.otherTenantKey !== undefined;
    this.#http = new HttpStepRunner(side.target, {
      ...options,
      name: side.name,
      labels: [...this.#assistants].map(([label, a]): [string, string] => [label, a.id]),
    });
  }

  /** Whether this side can resolve a label (`key:other` asks for a second tenant's key). */
  knows(label: string): boolean {
    return label === 'key:other' ? this.#hasOtherKey : this.#assistants.has(label);
  }

  /** The assistant a label names on this side. */
  assistant(label: string): Assistant | undefined {
    return this.#assistants.get(label);
  }

  send(step: RequestStep): Promise<StepAnswer> {
    if (step.body === undefined || !step.body.text.includes('{{')) return this.#http.send(step);
    return this.#http.send({ ...step, body: { ...step.body, text: this.#body(step.body.text) } });
  }

  #body(text: string): string {
    return text.replace(/\{\{(run-body:)?([\w:-]+)\}\}/g, (_, runBody: string | undefined, label: string) => {
      if (!runBody) return this.#http.idOf(label) ?? UNRESOLVED_ID;
      const assistant = this.#assistants.get(label);
      const meta = assistant ? requiredMetaData(assistant) : undefined;
      return JSON.stringify(meta === undefined ? {} : { meta_data: meta });
    });
  }

  /** Deletes the threads this side created and forgets the scenario's ids; returns what failed. */
  cleanup(): Promise<string[]> {
    return this.#http.cleanup();
  }
}
