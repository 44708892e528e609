// Sends request steps to one target over HTTP: resolves symbolic ids per target, paces live
// calls under the documented budget, honours Retry-After, and deletes the threads it created.
import { operationPath } from '../contracts/check/operation-path.ts';
import type { components } from '../contracts/generated/api.ts';
import { operations } from '../contracts/generated/validators.js';
import type { KeyChoice } from '../tests/support/api-client.ts';
import { curlLine, type KeyRef } from '../tests/support/curl-line.ts';
import { budgetPacers, realClock, type Clock } from '../tests/support/pacer.ts';
import { requiredMetaData } from '../tests/support/request-meta-data.ts';
import type { PathValue, RequestStep, StepAnswer, StepRunner } from '../tests/support/request-step.ts';

type Assistant = components['schemas']['Assistant'];

/** One side of a drift run. */
export interface RunnerTarget {
  /** `target` or `mock`, for messages. */
  name: string;
  baseURL: string;
  keys: { main: string; other?: string };
  /** The tenant's assistants (from the preflight) and the one ASSISTANT_ID names. */
  assistants: Assistant[];
  assistantId?: string;
  /** Live targets: calls paced under the budget, 429 retried after Retry-After. */
  pacing?: { maxRps: number; maxRpm: number };
  /** Whether `Prefer` fault injection is honoured. */
  faults: boolean;
  requestTimeoutMs: number;
}

/** A step could not be sent at all (no answer): the drift run cannot go on. */
export class StepSendError extends Error {
  override name = 'StepSendError';
}

/** Stands in for an id a target never handed out (its earlier step failed), so the step still goes out and its answer is compared. */
export const UNRESOLVED_ID = '00000000-0000-4000-8000-000000000000';
const INVALID_KEY = 'invalid-agents-api-suite-key';
const MAX_429_RETRIES = 3;
const MAX_RETRY_AFTER_S = 60;

/** Labels every runner knows from the start: the assistants scenarios create threads for. */
function assistantLabels(target: RunnerTarget): Map<string, Assistant> {
  const out = new Map<string, Assistant>();
  const primary = target.assistantId ? target.assistants.find((a) => a.id === target.assistantId) : target.assistants[0];
  if (primary) out.set('assistant', primary);
  const streaming = primary?.streaming ? primary : target.assistants.find((a) => a.streaming);
  if (streaming) out.set('assistant:streaming', streaming);
  const nonStreaming = target.assistants.find((a) => !a.streaming);
  if (nonStreaming) out.set('assistant:non-streaming', nonStreaming);
  return out;
}

/**
 * A StepRunner over HTTP. Besides `{ ref }` path values, a body may name ids as `{{label}}` and
 * ask for `{{run-body:label}}`: a run body that meets that assistant's required request
 * metadata, since two tenants' assistants need not ask for the same fields.
 */
export class HttpStepRunner implements StepRunner {
  readonly #assistants: Map<string, Assistant>;
  readonly #ids = new Map<string, string>();
  readonly #threads: string[] = [];
  readonly #pacer: ReturnType<typeof budgetPacers> | undefined;

  constructor(
    readonly target: RunnerTarget,
    private readonly clock: Clock = realClock,
  ) {
    this.#assistants = assistantLabels(target);
    for (const [label, assistant] of this.#assistants) this.#ids.set(label, assistant.id);
    this.#pacer = target.pacing ? budgetPacers(target.pacing, 1, clock) : undefined;
  }

  /** Whether this runner can resolve a label (`key:other` asks for a second tenant's key). */
  knows(label: string): boolean {
    return label === 'key:other' ? this.target.keys.other !== undefined : this.#ids.has(label);
  }

  #id(label: string): string {
    return this.#ids.get(label) ?? UNRESOLVED_ID;
  }

  #body(text: string): string {
    return text.replace(/\{\{(run-body:)?([\w:-]+)\}\}/g, (_, runBody: string | undefined, label: string) => {
      if (!runBody) return this.#id(label);
      const assistant = this.#assistants.get(label);
      const meta = assistant ? requiredMetaData(assistant) : undefined;
      return JSON.stringify(meta === undefined ? {} : { meta_data: meta });
    });
  }

  #key(choice: KeyChoice, headers: Record<string, string>): KeyRef {
    if (choice === 'none') return 'none';
    if (choice === 'invalid') {
      headers['api-key'] = INVALID_KEY;
      return 'an invalid key';
    }
    const key = choice === 'other' ? this.target.keys.other : this.target.keys.main;
    if (key === undefined) throw new StepSendError(`The ${this.target.name} has no second tenant's key (API_KEY_OTHER_TENANT); steps that need it are skipped.`);
    headers['api-key'] = key;
    return choice === 'other' ? 'API_KEY_OTHER_TENANT' : 'API_KEY';
  }

  async send(step: RequestStep): Promise<StepAnswer> {
    const op = operations[step.operationId];
    const path = Object.fromEntries(Object.entries(step.path ?? {}).map(([name, value]: [string, PathValue]) => [name, typeof value === 'string' ? value : this.#id(value.ref)]));
    const query = new URLSearchParams(step.query ?? {});
    const url = `${this.target.baseURL}${operationPath(step.operationId, path)}${query.size ? `?${query}` : ''}`;
    const body = step.body === undefined ? undefined : this.#body(step.body.text);
    const shown: Record<string, string> = {};
    if (step.body !== undefined) shown['content-type'] = step.body.contentType ?? 'application/json';
    if (step.prefer !== undefined) shown.prefer = step.prefer;
    const sent = { ...shown };
    const curl = curlLine(op.method, url, this.#key(step.key ?? 'main', sent), shown, body);
    for (let attempt = 0; ; attempt++) {
      await this.#pacer?.(op.budget).take();
      let response: Response;
      try {
        response = await fetch(url, { method: op.method, headers: sent, ...(body === undefined ? {} : { body }), redirect: 'manual', signal: AbortSignal.timeout(this.target.requestTimeoutMs) });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
        throw new StepSendError(`${op.method} ${url} on the ${this.target.name} got no response (${cause}).\nReproduce: ${curl}`);
      }
      const answer: StepAnswer = { status: response.status, headers: Object.fromEntries(response.headers.entries()), body: await response.text(), curl };
      const wait = Number(answer.headers['retry-after']);
      if (answer.status === 429 && this.target.pacing && step.prefer === undefined && attempt < MAX_429_RETRIES && Number.isFinite(wait)) {
        // Live budgets are shared with the tenant's other clients: honour Retry-After and try again.
        await this.clock.sleep(Math.min(wait, MAX_RETRY_AFTER_S) * 1_000);
        continue;
      }
      this.#remember(step, answer);
      return answer;
    }
  }

  #remember(step: RequestStep, answer: StepAnswer): void {
    if (answer.status < 200 || answer.status >= 300) return;
    let id: unknown;
    try {
      id = (JSON.parse(answer.body) as { id?: unknown } | null)?.id;
    } catch {
      return;
    }
    if (typeof id !== 'string') return;
    if (step.operationId === 'createThread') this.#threads.push(id);
    if (step.label !== undefined) this.#ids.set(step.label, id);
  }

  /** Deletes the threads this runner created and forgets the ids of the scenario; returns what failed. */
  async cleanup(): Promise<string[]> {
    const failures: string[] = [];
    for (const id of this.#threads.splice(0)) {
      try {
        const answer = await this.send({ operationId: 'deleteThread', path: { thread_id: id } });
        if (![200, 204, 404].includes(answer.status)) failures.push(`deleting thread ${id} on the ${this.target.name} answered ${answer.status}`);
      } catch (error) {
        failures.push((error as Error).message.split('\n')[0] ?? String(error));
      }
    }
    for (const label of [...this.#ids.keys()]) if (!this.#assistants.has(label)) this.#ids.delete(label);
    return failures;
  }
}
