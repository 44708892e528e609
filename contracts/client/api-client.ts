import type { TestInfo } from '@playwright/test';
import { assumptionEvidence } from '../check/assumption-evidence.ts';
import { parseJson } from '../check/body-text.ts';
import type { Violation } from '../check/check-names.ts';
import { checkResponse } from '../check/check-response.ts';
import { asFailure, fails, STRICT, type Strictness } from '../check/pending.ts';
import type { OperationId } from '../generated/validators.js';
import { operations } from '../generated/validators.js';
import { confirmedOn, historyPath } from '../ledger/assumption-history.ts';
import { recordObservation } from '../ledger/observations.ts';
import { type Clock, realClock } from '../lib/clock.ts';
import { targetName } from '../lib/target-name.ts';
import { type KeyChoice, MissingKeyError } from './key-choice.ts';
import { type OperationCall, type PreparedCall, prepareCall } from './operation-call.ts';
import { pacerFor } from './pacer.ts';
import type { Target } from './target.ts';
import { type Exchanged, exchange, TransportError, type WireAnswer } from './transport.ts';

/** What a test may vary in one call. */
export interface CallOptions {
  path?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  /** Header parameters of the operation (`user-id`). */
  headers?: Record<string, string>;
  /** Serialised as JSON. */
  body?: unknown;
  /** Sent as is (for invalid JSON and oversized bodies). */
  rawBody?: string;
  contentType?: string;
  key?: KeyChoice;
  /** Fault injection (`code=503`, `error=api_timeout_error`); only where the target honours it. */
  prefer?: string;
}

/** A response that has already been checked against the contract. */
export interface ApiResult {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** `error_code` of an error body, when there is one. */
  errorCode?: string;
  curl: string;
  json<T = unknown>(): T;
}

/** A response broke the contract: the message names each broken promise and how to reproduce it. */
export class ContractViolationError extends Error {
  override name = 'ContractViolationError';
  readonly operationId: OperationId;
  readonly status: number;
  readonly violations: Violation[];
  readonly curl: string;
  readonly body: unknown;
  constructor(
    operationId: OperationId,
    status: number,
    violations: Violation[],
    curl: string,
    /** The parsed body, so that a caller can still clean up what a non-conforming answer created. */
    body: unknown,
    /** Why a 429 was not retried (an absurd Retry-After), when that is so. */
    note?: string,
  ) {
    const op = operations[operationId];
    const lines = violations.map(
      (v) =>
        `  - ${v.title}${v.pointer ? ` at ${v.pointer}` : ''}: ${v.message}${v.assumptions.length ? `\n      assumptions at stake: ${v.assumptions.join(' | ')}` : ''}`,
    );
    super(
      `${op.method} ${op.path} (${operationId}) answered ${status}, breaking the contract:\n${lines.join('\n')}${note ? `\nNot retried: ${note}.` : ''}\nReproduce: ${curl}`,
    );
    this.operationId = operationId;
    this.status = status;
    this.violations = violations;
    this.curl = curl;
    this.body = body;
  }
}

/** What the client reads of the test it serves: a test's TestInfo, or a worker fixture's stand-in. */
export type ClientScope = Pick<TestInfo, 'titlePath' | 'attach'> & {
  config: Pick<TestInfo['config'], 'workers'>;
  /** The test's timeout (0: none): a Retry-After is waited only within what is left of it. */
  timeout?: number;
};

/** Time kept back from a test's timeout for its teardown (deleting the threads it created). */
const TEARDOWN_MS = 10_000;

/**
 * The only way contract tests talk to the API: every response is checked against the contract
 * before the test sees it, so that no test can forget to. It sends through the suite's one
 * transport (transport.ts), never through Playwright: the key stays out of Playwright altogether.
 */
export class ApiClient {
  /** A reproduction line for every call of the test, attached when the test fails. */
  readonly curls: string[] = [];
  /** When the test's time is up, on the client's clock: Retry-After waits end before it. */
  readonly #deadline: number;

  readonly target: Target;
  private readonly testInfo: ClientScope;
  private readonly clock: Clock;
  constructor(target: Target, testInfo: ClientScope, clock: Clock = realClock) {
    this.target = target;
    this.testInfo = testInfo;
    this.clock = clock;
    const timeout = testInfo.timeout || target.testTimeoutMs;
    this.#deadline = clock.now() + Math.max(0, timeout - TEARDOWN_MS);
  }

  /** Calls an operation of the contract and checks the response; throws ContractViolationError on a broken promise. */
  async call(operationId: OperationId, options: CallOptions = {}): Promise<ApiResult> {
    const op = operations[operationId];
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (options.prefer !== undefined && !this.target.faults)
      throw new Error('This target does not honour Prefer fault injection; tag the test @mock.');
    const { request, curl } = this.#prepare({
      operationId,
      ...(options.path === undefined ? {} : { path: options.path }),
      query: Object.fromEntries(Object.entries(options.query ?? {}).map(([k, v]) => [k, String(v)])),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      ...(body === undefined
        ? {}
        : { body: { text: body, ...(options.contentType === undefined ? {} : { contentType: options.contentType }) } }),
      ...(options.prefer === undefined ? {} : { prefer: options.prefer }),
      key: options.key ?? 'main',
    });
    this.curls.push(curl);
    const pacer = pacerFor(this.target, op.budget, this.testInfo.config.workers);
    let exchanged: Exchanged;
    try {
      exchanged = await exchange(request, {
        limits: this.target.limits,
        live: this.target.live,
        injected: options.prefer !== undefined,
        clock: this.clock,
        deadline: this.#deadline,
        ...(pacer ? { pacer } : {}),
      });
    } catch (error) {
      if (error instanceof TransportError) throw new Error(`${error.message}\nReproduce: ${curl}`);
      throw error;
    }
    const { answer, refusedWait } = exchanged;
    const result = await this.#checked(operationId, answer, curl, body, refusedWait);
    // A 429 that keeps the contract but asks for an absurd wait: the test cannot go on, and says why.
    if (refusedWait !== undefined) throw new Error(`${refusedWait}.\nReproduce: ${curl}`);
    return result;
  }

  #prepare(call: OperationCall): PreparedCall {
    try {
      return prepareCall(this.target, call);
    } catch (error) {
      if (!(error instanceof MissingKeyError)) throw error;
      throw new Error('This test needs API_KEY_OTHER_TENANT; skip it when the target has none.');
    }
  }

  async #checked(
    operationId: OperationId,
    answer: WireAnswer,
    curl: string,
    requestBody?: string,
    /** Why a 429 was not retried, added to a violation's message. */
    refusedWait?: string,
  ): Promise<ApiResult> {
    const { status, headers, body: text } = answer;
    const snapshot = {
      operationId,
      status,
      headers,
      body: text,
      ...(answer.tooLarge ? { tooLarge: answer.tooLarge } : {}),
    };
    const violations = checkResponse(snapshot, { strict: this.target.strict, redactValues: this.target.live });
    // A broken documented promise fails the test; a contradicted assumption is pending (decision 0070).
    const strictness = strictnessOf(this.target);
    const failures = violations.filter((v) => fails(v, strictness)).map((v) => asFailure(v, strictness));
    const pending = violations.filter((v) => !fails(v, strictness));
    // One parse serves the error code, the assumption evidence and, on a violation, the body a
    // caller may still need; a body that is not JSON has already been named by the checker.
    const parsed = parseJson(text);
    const body = parsed.ok ? parsed.value : undefined;
    const code = status >= 400 ? (body as { error_code?: unknown } | null | undefined)?.error_code : undefined;
    const errorCode = typeof code === 'string' ? code : undefined;
    recordObservation({
      operationId,
      status,
      test: this.testInfo.titlePath.slice(1).join(' > '),
      ...(errorCode === undefined ? {} : { errorCode }),
      ...(violations.length === 0 ? {} : { violations }),
      // Ids only, never the body: the assumption ledger reads these (contracts/ledger).
      assumptions: assumptionEvidence(snapshot, violations, {
        parsed,
        ...(requestBody === undefined ? {} : { request: requestBody }),
      }),
      curl,
    });
    if (pending.length > 0)
      await this.testInfo.attach('assumptions contradicted', {
        body: JSON.stringify({ operationId, status, curl, violations: pending }, null, 2),
        contentType: 'application/json',
      });
    if (failures.length > 0) {
      const report = {
        operationId,
        status,
        curl,
        requestBytes: requestBody?.length ?? 0,
        responseHeaders: safeHeaders(headers),
        responseBody: this.target.live ? '<not recorded for live targets>' : text.slice(0, 4_000),
        violations: failures,
      };
      await this.testInfo.attach('contract-violations', {
        body: JSON.stringify(report, null, 2),
        contentType: 'application/json',
      });
      throw new ContractViolationError(operationId, status, failures, curl, body, refusedWait);
    }
    return {
      status,
      headers,
      text,
      curl,
      ...(errorCode === undefined ? {} : { errorCode }),
      json: <T>() => JSON.parse(text) as T,
    };
  }
}

/** Response headers without anything that could carry a credential. */
function safeHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !/key|auth|cookie|token/i.test(name)));
}

/** Per worker and target: the history is read once, as it stood when the run began. */
const strictnessByTarget = new Map<string, Strictness>();

/**
 * How strictly this target is held to the contract's assumptions: every one against the embedded
 * mock (our own double) and with CONTRACT_STRICT=1, else those an earlier run confirmed on it.
 */
export function strictnessOf(target: Pick<Target, 'live' | 'strict' | 'baseURL'>): Strictness {
  if (!target.live || target.strict) return STRICT;
  const name = targetName(target);
  let found = strictnessByTarget.get(name);
  if (!found) {
    found = { strict: false, confirmed: confirmedOn(historyPath(process.env), name) };
    strictnessByTarget.set(name, found);
  }
  return found;
}
