// The one StepRunner over HTTP: the generated tests send thousands of steps through it, and the
// drift report (contracts/drift/drift-step-runner.ts) replays scenarios through it against two targets.
// node:http with keep-alive, since Playwright's request context plus the key injector cost more
// per step than the steps themselves. The key is added here, in a header no Playwright API ever
// sees, so no report can record it; the body leaves as the exact bytes of the step (nothing is
// re-serialised). Live targets are paced and a 429's Retry-After is honoured; the threads a
// runner created are remembered with the key that created them, so cleanup() can delete them.
// With a RequestBudget every request is counted and a step that does not fit is refused
// (BudgetSpent), keeping enough requests to delete the threads still alive.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { operationPath } from '../check/operation-path.ts';
import { type BudgetName, operations } from '../generated/validators.js';
import { type KeyChoice, pacerFor } from './api-client.ts';
import { CreatedThreads } from './created-threads.ts';
import { curlLine, type KeyRef } from './curl-line.ts';
import { type Clock, type Pacer, realClock } from './pacer.ts';
import { BudgetSpent, type RequestBudget, unlessAborted } from './request-budget.ts';
import type { RequestStep, StepAnswer, StepRunner } from './request-step.ts';
import type { Target } from './target.ts';

const MAX_429_RETRIES = 3;
const MAX_RETRY_AFTER_S = 60;

/** Stands in for an id a target never handed out (its step was refused), so the step still goes out. */
export const UNRESOLVED_ID = '00000000-0000-4000-8000-000000000000';

/** The connection pools of one process, shared by every runner (the generated tests make one per sequence). */
const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 8 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 8 }),
};

/** What a runner needs of its target. */
export type StepTarget = Pick<Target, 'baseURL' | 'apiKey' | 'otherTenantKey' | 'live' | 'pacing' | 'requestTimeoutMs'>;

/** How a runner is set up beyond its target. */
export interface StepRunnerOptions {
  /** Playwright workers sharing the live budget (each paces itself at an Nth). */
  workers?: number;
  /** Where to take a budget's pacer; default: the worker's pacers that ApiClient uses too. */
  pacers?: (budget: BudgetName) => Pacer | undefined;
  clock?: Clock;
  /** Labels known from the start and kept by cleanup(), such as assistant ids. */
  labels?: Iterable<[string, string]>;
  /** The side in messages (`target`, `mock`). */
  name?: string;
  /** Counts every request and refuses steps past its limits (live generated tests). */
  budget?: RequestBudget;
  /** Where created threads are recorded (shared with a sweep that runs whatever happens); default: the runner's own. */
  threads?: CreatedThreads;
}

/** A step could not be sent at all (no answer, or a key the target was not given). */
export class StepSendError extends Error {
  override name = 'StepSendError';
}

/** The id an answer hands out: `id` of a JSON body, `message_id` of an NDJSON stream's first line. */
export function answerId(body: string): string | undefined {
  const first = body.split('\n', 1)[0] ?? '';
  try {
    const value = JSON.parse(first) as { id?: unknown; message_id?: unknown };
    const id = value.id ?? value.message_id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Sends steps to one target, resolving `{ ref }` path values from the answers it has seen. */
export class HttpStepRunner implements StepRunner {
  readonly #labels: Map<string, string>;
  readonly #fixed: ReadonlyMap<string, string>;
  readonly #threads: CreatedThreads;
  readonly #budget: RequestBudget | undefined;
  readonly #pacers: (budget: BudgetName) => Pacer | undefined;
  readonly #clock: Clock;
  readonly #on: string;

  constructor(
    private readonly target: StepTarget,
    options: StepRunnerOptions = {},
  ) {
    this.#fixed = new Map(options.labels ?? []);
    this.#labels = new Map(this.#fixed);
    const workers = options.workers ?? 1;
    this.#pacers = options.pacers ?? ((budget) => pacerFor(target, budget, workers));
    this.#clock = options.clock ?? realClock;
    this.#on = options.name ? ` on the ${options.name}` : '';
    this.#threads = options.threads ?? new CreatedThreads();
    this.#budget = options.budget;
  }

  /** The id a label stands for, once its step was answered (or from the start). */
  idOf(label: string): string | undefined {
    return this.#labels.get(label);
  }

  send(step: RequestStep): Promise<StepAnswer> {
    return this.#send(step, false);
  }

  async #send(step: RequestStep, cleanup: boolean): Promise<StepAnswer> {
    const op = operations[step.operationId];
    const path: Record<string, string> = {};
    for (const [name, value] of Object.entries(step.path ?? {}))
      path[name] = typeof value === 'string' ? value : (this.#labels.get(value.ref) ?? UNRESOLVED_ID);
    const query = new URLSearchParams(step.query ?? {});
    const url = `${this.target.baseURL}${operationPath(step.operationId, path)}${query.size ? `?${query}` : ''}`;
    const headers: Record<string, string> = {};
    const bytes = step.body === undefined ? undefined : Buffer.from(step.body.text, 'utf8');
    if (step.body !== undefined) headers['content-type'] = step.body.contentType ?? 'application/json';
    if (step.prefer !== undefined) headers.prefer = step.prefer;
    const choice = step.key ?? 'main';
    const [keyRef, key] = this.#key(choice);
    const curl = curlLine(op.method, url, keyRef, headers, step.body?.text);
    const creates = step.operationId === 'createThread';
    // Cleanup is never cut short by the deadline; a creation is not aborted in flight, since its
    // answer names a thread to delete.
    const signal = cleanup ? undefined : this.#budget?.signal;
    for (let attempt = 0; ; attempt++) {
      await unlessAborted(this.#pacers(op.budget)?.take() ?? Promise.resolve(), signal);
      if (cleanup) this.#budget?.takeCleanup();
      else this.#budget?.takeStep(this.#threads.size + (creates ? 1 : 0));
      const send = () =>
        this.#request(
          op.method,
          url,
          key === undefined ? headers : { ...headers, 'api-key': key },
          bytes,
          curl,
          creates ? undefined : signal,
        );
      const answer = await (this.#budget ? this.#budget.track(send) : send());
      const wait = Number(answer.headers['retry-after']);
      // Live budgets are shared with the tenant's other clients; an injected 429 (Prefer) is the answer under test.
      if (
        answer.status === 429 &&
        this.target.live &&
        step.prefer === undefined &&
        attempt < MAX_429_RETRIES &&
        Number.isFinite(wait)
      ) {
        await unlessAborted(this.#clock.sleep(Math.min(wait, MAX_RETRY_AFTER_S) * 1_000), signal);
        continue;
      }
      if ((step.label !== undefined || creates) && answer.status >= 200 && answer.status < 300) {
        const id = answerId(answer.body);
        if (id !== undefined && step.label !== undefined) this.#labels.set(step.label, id);
        if (id !== undefined && creates) this.#threads.add(id, choice);
      }
      // A thread a step deleted needs no cleanup (a 404 on cleanup would say the same).
      if (step.operationId === 'deleteThread' && answer.status >= 200 && answer.status < 300 && path.thread_id)
        this.#threads.forget(path.thread_id);
      return answer;
    }
  }

  /**
   * Deletes every thread this runner created, with the key that created it (whether or not the
   * steps expected it to exist), and forgets the labels answers gave; returns what failed. A
   * thread the steps deleted already answers 404, which is fine.
   */
  async cleanup(): Promise<string[]> {
    const failures: string[] = [];
    for (const { id, key } of this.#threads.list()) {
      try {
        const answer = await this.#send({ operationId: 'deleteThread', path: { thread_id: id }, key }, true);
        if ([200, 204, 404].includes(answer.status)) this.#threads.forget(id);
        else failures.push(`deleting thread ${id}${this.#on} answered ${answer.status}`);
      } catch (error) {
        failures.push((error as Error).message.split('\n')[0] ?? String(error));
      }
    }
    this.#labels.clear();
    for (const [label, id] of this.#fixed) this.#labels.set(label, id);
    return failures;
  }

  #key(choice: KeyChoice): [KeyRef, string | undefined] {
    if (choice === 'none') return ['none', undefined];
    if (choice === 'invalid') return ['an invalid key', `invalid-${Math.random().toString(36).slice(2)}`];
    if (choice === 'other') {
      if (!this.target.otherTenantKey)
        throw new StepSendError(
          `This step needs a second tenant's key (API_KEY_OTHER_TENANT), which the runner${this.#on} was not given.`,
        );
      return ['API_KEY_OTHER_TENANT', this.target.otherTenantKey];
    }
    return ['API_KEY', this.target.apiKey];
  }

  #request(
    method: string,
    url: string,
    headers: Record<string, string>,
    bytes: Buffer | undefined,
    curl: string,
    signal?: AbortSignal,
  ): Promise<StepAnswer> {
    const parsed = new URL(url);
    const https = parsed.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    const all = bytes === undefined ? headers : { ...headers, 'content-length': String(bytes.length) };
    return new Promise((resolve, reject) => {
      const req = send(
        parsed,
        {
          method,
          headers: all,
          agent: https ? agents.https : agents.http,
          timeout: this.target.requestTimeoutMs,
          ...(signal ? { signal } : {}),
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const out: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers))
              if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
            resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('utf8'), curl });
          });
          res.on('error', (error) => {
            if (signal?.aborted) reject(signal.reason instanceof BudgetSpent ? signal.reason : error);
            else
              reject(new StepSendError(`${method} ${url}${this.#on} broke off: ${error.message}\nReproduce: ${curl}`));
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`no answer within ${this.target.requestTimeoutMs} ms (LIVE_REQUEST_TIMEOUT_MS)`)),
      );
      // Node's network errors name the host and the cause, never the headers: the key stays out.
      req.on('error', (error) => {
        // Aborted by the budget's deadline: the step was not answered, and says why.
        if (signal?.aborted) reject(signal.reason instanceof BudgetSpent ? signal.reason : error);
        else
          reject(
            new StepSendError(`${method} ${url}${this.#on} got no response: ${error.message}\nReproduce: ${curl}`),
          );
      });
      req.end(bytes);
    });
  }
}
