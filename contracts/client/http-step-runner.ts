// The one StepRunner over HTTP: the generated tests send thousands of steps through it, and the
// drift report (contracts/drift/drift-step-runner.ts) replays scenarios through it against two
// targets. It sends through the suite's one transport (transport.ts: the key on the wire only,
// exact body bytes, pacing, the 429 policy, deadlines and caps); what it adds is the steps'
// bookkeeping: `{ ref }` labels from the answers (and body placeholders), the threads and files it
// created (with the key that created each, so cleanup() can delete them), a file's upload to the
// storage origin its upload URL names (with no key), a poll's pause and, with a RequestBudget, a
// count of every request that refuses a step once the requests left would not cover deleting the
// threads and files still alive. The upload is not a request to the API: no budget counts it.
import { errorCodeOfText } from '../check/body-text.ts';
import { isSuccess } from '../check/status-class.ts';
import type { BudgetName } from '../generated/rate-budgets.js';
import { operations } from '../generated/validators.js';
import { type Clock, realClock } from '../lib/clock.ts';
import { FILE_GONE, says, THREAD_GONE } from './clean-up-answers.ts';
import { CreatedFiles } from './created-files.ts';
import { CreatedThreads } from './created-threads.ts';
import { shownUploadUrl, UploadUrlError, uploadFile } from './file-upload.ts';
import { type KeyChoice, MissingKeyError } from './key-choice.ts';
import { type OperationCall, type PreparedCall, prepareCall } from './operation-call.ts';
import { type Pacer, pacerFor } from './pacer.ts';
import type { RequestBudget } from './request-budget.ts';
import type { RequestStep, StepAnswer, StepRunner } from './request-step.ts';
import type { Target } from './target.ts';
import { type Exchanged, exchange, TransportError } from './transport.ts';

/** Stands in for an id a target never handed out (its step was refused), so the step still goes out. */
export const UNRESOLVED_ID = '00000000-0000-4000-8000-000000000000';

/** What a runner needs of its target. */
export type StepTarget = Pick<
  Target,
  'baseURL' | 'apiKey' | 'otherTenantKey' | 'live' | 'pacing' | 'limits' | 'pollPauseMs'
>;

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

/** A step could not be sent or answered (no answer, a deadline, an absurd Retry-After, a key the target lacks). */
export class StepSendError extends Error {
  override name = 'StepSendError';
}

/**
 * The id an answer hands out: `id` of a JSON body, `file_id` of an upload URL, `message_id` of an
 * NDJSON stream's first line.
 */
export function answerId(body: string): string | undefined {
  const first = body.split('\n', 1)[0] ?? '';
  try {
    const value = JSON.parse(first) as { id?: unknown; file_id?: unknown; message_id?: unknown };
    const id = value.id ?? value.file_id ?? value.message_id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The thread a chat completion's answer names: the newer pages record every exchange in a thread. */
function chatThreadId(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { thread_id?: unknown }).thread_id;
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
  readonly #files = new CreatedFiles();
  readonly #budget: RequestBudget | undefined;
  readonly #pacers: (budget: BudgetName) => Pacer | undefined;
  readonly #clock: Clock;
  readonly #on: string;

  private readonly target: StepTarget;
  constructor(target: StepTarget, options: StepRunnerOptions = {}) {
    this.target = target;
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
    const choice = step.key ?? 'main';
    const body =
      step.body && step.bodyRefs ? { ...step.body, text: this.#withRefs(step.body.text, step.bodyRefs) } : step.body;
    if (step.pause) await this.#clock.sleep(this.target.pollPauseMs);
    const { request, url, curl } = this.#prepare({
      operationId: step.operationId,
      path,
      ...(step.query === undefined ? {} : { query: step.query }),
      ...(step.headers === undefined ? {} : { headers: step.headers }),
      ...(body === undefined ? {} : { body }),
      ...(step.prefer === undefined ? {} : { prefer: step.prefer }),
      key: choice,
    });
    // A chat completion creates a thread too (the newer pages), unless it names one of its own.
    const chat = step.operationId === 'createChatCompletion' && step.query?.thread_id === undefined;
    const creates = step.operationId === 'createThread' || chat;
    // An upload URL issues a file that cleanup deletes: it is reserved for, and not aborted in flight, as a thread is.
    const issues = step.operationId === 'getUploadUrl';
    // Cleanup is never cut short by the deadline; a creation is not aborted in flight, since its
    // answer names a thread to delete.
    const signal = cleanup ? undefined : this.#budget?.signal;
    const budget = this.#budget;
    const label = `${op.method} ${url}${this.#on}`;
    const pacer = this.#pacers(op.budget);
    let exchanged: Exchanged;
    try {
      exchanged = await exchange(
        { ...request, label, ...(signal && !creates && !issues ? { signal } : {}) },
        {
          limits: this.target.limits,
          live: this.target.live,
          injected: step.prefer !== undefined,
          clock: this.#clock,
          ...(signal ? { signal } : {}),
          ...(budget ? { deadline: cleanup ? budget.deadline + budget.limits.cleanupMs : budget.deadline } : {}),
          ...(pacer ? { pacer } : {}),
          beforeAttempt: () => {
            if (cleanup) budget?.takeCleanup();
            else budget?.takeStep(this.#threads.size + this.#files.size + (creates || issues ? 1 : 0));
          },
          ...(budget ? { track: budget.track.bind(budget) } : {}),
        },
      );
    } catch (error) {
      // A deadline or a broken answer names the step; a spent budget goes up as it is.
      if (error instanceof TransportError) throw new StepSendError(`${error.message}\nReproduce: ${curl}`);
      throw error;
    }
    const { answer: wire, refusedWait } = exchanged;
    if (refusedWait !== undefined) throw new StepSendError(`${refusedWait}.\nReproduce: ${curl}`);
    const answer: StepAnswer = {
      status: wire.status,
      headers: wire.headers,
      body: wire.body,
      ...(wire.tooLarge ? { tooLarge: wire.tooLarge } : {}),
      curl,
    };
    if ((step.label !== undefined || creates) && isSuccess(answer.status)) {
      const id = answerId(answer.body);
      if (id !== undefined && step.label !== undefined) this.#labels.set(step.label, id);
      const created = chat ? chatThreadId(answer.body) : id;
      if (created !== undefined && creates) this.#threads.add(created, choice);
    }
    // A thread a step deleted needs no cleanup (a 404 on cleanup would say the same).
    if (step.operationId === 'deleteThread' && isSuccess(answer.status) && path.thread_id)
      this.#threads.forget(path.thread_id);
    if (step.operationId === 'deleteFile' && isSuccess(answer.status) && path.file_id) this.#files.forget(path.file_id);
    if (step.operationId === 'getUploadUrl' && isSuccess(answer.status))
      return this.#issued(step, answer, choice, signal);
    return answer;
  }

  /** Writes the ids the labels of `refs` stand for in place of their placeholders. */
  #withRefs(text: string, refs: Record<string, string>): string {
    let out = text;
    for (const [placeholder, label] of Object.entries(refs))
      out = out.replaceAll(JSON.stringify(placeholder), JSON.stringify(this.#labels.get(label) ?? UNRESOLVED_ID));
    return out;
  }

  /** An upload URL was handed out: the file is the runner's to delete, and the step's bytes go to its file_url. */
  async #issued(
    step: RequestStep,
    answer: StepAnswer,
    key: KeyChoice,
    signal: AbortSignal | undefined,
  ): Promise<StepAnswer> {
    let issued: { file_id?: unknown; file_url?: unknown } = {};
    try {
      issued = JSON.parse(answer.body) as typeof issued;
    } catch {
      // Not JSON: the contract check names that; there is no file to delete or upload to.
    }
    const user = Object.entries(step.headers ?? {}).find(([name]) => name.toLowerCase() === 'user-id')?.[1];
    if (typeof issued.file_id === 'string' && user !== undefined) this.#files.add({ id: issued.file_id, user, key });
    if (step.upload === undefined || typeof issued.file_url !== 'string') return answer;
    let uploaded: Awaited<ReturnType<typeof uploadFile>>;
    try {
      uploaded = await uploadFile(
        issued.file_url,
        new TextEncoder().encode(step.upload.text),
        step.upload.contentType,
        {
          limits: this.target.limits,
          live: this.target.live,
          clock: this.#clock,
          ...(signal ? { signal } : {}),
        },
      );
    } catch (error) {
      if (error instanceof UploadUrlError) throw new StepSendError(`${error.message}\nReproduce: ${answer.curl}`);
      throw new StepSendError((error as Error).message);
    }
    const curl = `${answer.curl}\n${uploaded.curl}`;
    if (uploaded.status < 200 || uploaded.status >= 300)
      throw new StepSendError(
        `The storage origin answered ${uploaded.status} to the upload to ${shownUploadUrl(issued.file_url)}${this.#on}; expected 2xx.\nReproduce: ${curl}`,
      );
    return { ...answer, curl, upload: { status: uploaded.status, origin: uploaded.origin } };
  }

  /**
   * Deletes every file and thread this runner created, with the key that created it (whether or
   * not the steps expected it to exist), and forgets the labels answers gave; returns what failed.
   * A thread or file the steps deleted already answers 404, which is fine.
   */
  async cleanup(): Promise<string[]> {
    const failures: string[] = [];
    for (const { id, user, key } of this.#files.list()) {
      try {
        const answer = await this.#send(
          { operationId: 'deleteFile', path: { file_id: id }, headers: { 'user-id': user }, key },
          true,
        );
        // A file the steps deleted, or one that never arrived: 404, or the code the pages name for it.
        if (isSuccess(answer.status) || says(answer.status, errorCodeOfText(answer.body), FILE_GONE))
          this.#files.forget(id);
        else failures.push(`deleting file ${id}${this.#on} answered ${answer.status}`);
      } catch (error) {
        failures.push((error as Error).message.split('\n')[0] ?? String(error));
      }
    }
    for (const { id, key } of this.#threads.list()) {
      try {
        const answer = await this.#send({ operationId: 'deleteThread', path: { thread_id: id }, key }, true);
        if (isSuccess(answer.status) || says(answer.status, errorCodeOfText(answer.body), THREAD_GONE))
          this.#threads.forget(id);
        else failures.push(`deleting thread ${id}${this.#on} answered ${answer.status}`);
      } catch (error) {
        failures.push((error as Error).message.split('\n')[0] ?? String(error));
      }
    }
    this.#labels.clear();
    for (const [label, id] of this.#fixed) this.#labels.set(label, id);
    return failures;
  }

  #prepare(call: OperationCall): PreparedCall {
    try {
      return prepareCall(this.target, call);
    } catch (error) {
      if (!(error instanceof MissingKeyError)) throw error;
      throw new StepSendError(
        `This step needs a second tenant's key (API_KEY_OTHER_TENANT), which the runner${this.#on} was not given.`,
      );
    }
  }
}
