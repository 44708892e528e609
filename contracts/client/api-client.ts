import type { APIRequestContext, TestInfo } from '@playwright/test';
import { assumptionEvidence } from '../check/assumption-evidence.ts';
import { parseJson } from '../check/body-text.ts';
import type { Violation } from '../check/check-names.ts';
import { checkResponse } from '../check/check-response.ts';
import { operationPath } from '../check/operation-path.ts';
import type { BudgetName, OperationId } from '../generated/validators.js';
import { operations } from '../generated/validators.js';
import { recordObservation } from '../ledger/observations.ts';
import { curlLine, type KeyRef } from './curl-line.ts';
import {
  BODY_HASH_HEADER,
  bodyHash,
  KEY_REF_HEADER,
  type KeyInjector,
  NO_RESPONSE_HEADER,
  WIRE_MISMATCH_HEADER,
} from './key-injector.ts';
import { budgetPacers, type Clock, type Pacer, realClock } from './pacer.ts';
import type { Target } from './target.ts';

/** Which key a call sends. */
export type KeyChoice = 'main' | 'other' | 'none' | 'invalid';

/** What the client reads of the test it serves: a test's TestInfo, or a worker fixture's stand-in. */
export type ClientScope = Pick<TestInfo, 'titlePath' | 'attach'> & { config: Pick<TestInfo['config'], 'workers'> };

/** What a test may vary in one call. */
export interface CallOptions {
  path?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
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
  constructor(
    readonly operationId: OperationId,
    readonly status: number,
    readonly violations: Violation[],
    readonly curl: string,
    /** The parsed body, so that a caller can still clean up what a non-conforming answer created. */
    readonly body: unknown,
  ) {
    const op = operations[operationId];
    const lines = violations.map(
      (v) =>
        `  - ${v.title}${v.pointer ? ` at ${v.pointer}` : ''}: ${v.message}${v.assumptions.length ? `\n      assumptions at stake: ${v.assumptions.join(' | ')}` : ''}`,
    );
    super(
      `${op.method} ${op.path} (${operationId}) answered ${status}, breaking the contract:\n${lines.join('\n')}\nReproduce: ${curl}`,
    );
  }
}

const MAX_429_RETRIES = 3;
const MAX_RETRY_AFTER_S = 60;

/** Per worker: live pacing is one budget whatever test runs (the generated tests' runner shares it). */
let pacers: ReturnType<typeof budgetPacers> | undefined;
export function pacerFor(target: Pick<Target, 'pacing'>, budget: BudgetName, workers: number): Pacer | undefined {
  if (!target.pacing) return undefined;
  pacers ??= budgetPacers(target.pacing, workers);
  return pacers(budget);
}

/**
 * The only way contract tests talk to the API: every response is checked against the contract
 * before the test sees it, so that no test can forget to.
 */
export class ApiClient {
  /** The key injector's URL plus the target's base path: where requests go (see key-injector.ts). */
  readonly #sendTo: string;
  /** A reproduction line for every call of the test, attached when the test fails. */
  readonly curls: string[] = [];

  constructor(
    private readonly request: APIRequestContext,
    readonly target: Target,
    private readonly injector: Pick<KeyInjector, 'url' | 'token'>,
    private readonly testInfo: ClientScope,
    private readonly clock: Clock = realClock,
  ) {
    this.#sendTo = `${injector.url}${new URL(target.baseURL).pathname.replace(/\/+$/, '')}`;
  }

  /** Calls an operation of the contract and checks the response; throws ContractViolationError on a broken promise. */
  async call(operationId: OperationId, options: CallOptions = {}): Promise<ApiResult> {
    const op = operations[operationId];
    const query = new URLSearchParams(
      Object.entries(options.query ?? {}).map(([k, v]): [string, string] => [k, String(v)]),
    );
    const pathAndQuery = `${operationPath(operationId, options.path)}${query.size ? `?${query}` : ''}`;
    const url = `${this.target.baseURL}${pathAndQuery}`;
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    if (options.prefer !== undefined) {
      if (!this.target.faults)
        throw new Error('This target does not honour Prefer fault injection; tag the test @mock.');
      headers.prefer = options.prefer;
    }
    const keyRef = this.#key(options.key ?? 'main', headers);
    const curl = curlLine(op.method, url, keyRef, headers, body);
    this.curls.push(curl);
    const retry = this.target.live && options.prefer === undefined;
    for (let attempt = 0; ; attempt++) {
      await pacerFor(this.target, op.budget, this.testInfo.config.workers)?.take();
      const response = await this.#fetch(`${this.#sendTo}${pathAndQuery}`, url, op.method, headers, body, curl);
      const lost = response.headers()[NO_RESPONSE_HEADER];
      if (lost !== undefined)
        throw new Error(`${op.method} ${url} got no response: ${decodeURIComponent(lost)}\nReproduce: ${curl}`);
      const rewritten = response.headers()[WIRE_MISMATCH_HEADER];
      if (rewritten !== undefined)
        throw new Error(
          `${op.method} ${url} was not sent: the bytes on the wire differ from the ${Buffer.byteLength(body ?? '')} bytes the test meant to send (${rewritten}).\nReproduce: ${curl}`,
        );
      const result = await this.#checked(
        operationId,
        response.status(),
        response.headers(),
        await response.text(),
        curl,
        body,
      );
      const wait = Number(result.headers['retry-after']);
      if (result.status !== 429 || !retry || attempt >= MAX_429_RETRIES || !Number.isFinite(wait)) return result;
      // Live budgets are shared with other clients of the tenant: honour Retry-After and try again.
      await this.clock.sleep(Math.min(wait, MAX_RETRY_AFTER_S) * 1_000);
    }
  }

  /** The key is not in these headers (see key-injector.ts), so Playwright's error call logs are safe. */
  async #fetch(
    sendTo: string,
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    curl: string,
  ) {
    // Bytes, never a string: Playwright sends a string that does not parse as JSON as a JSON
    // string literal, so invalid JSON would arrive as valid JSON. The injector checks the hash.
    const bytes = Buffer.from(body ?? '', 'utf8');
    const wire = { ...headers, [BODY_HASH_HEADER]: bodyHash(bytes) };
    try {
      return await this.request.fetch(sendTo, {
        method,
        headers: wire,
        ...(body === undefined ? {} : { data: bytes }),
        failOnStatusCode: false,
        maxRedirects: 0,
        timeout: this.target.requestTimeoutMs + 1_000,
      });
    } catch (error) {
      // Named by the API's URL: the injector's address would only mislead.
      throw new Error(
        `${method} ${url} failed: ${String((error as Error).message ?? error).split('\n')[0]}\nReproduce: ${curl}`,
      );
    }
  }

  #key(choice: KeyChoice, headers: Record<string, string>): KeyRef {
    if (choice === 'none') return 'none';
    if (choice === 'invalid') {
      headers['api-key'] = `invalid-${Math.random().toString(36).slice(2)}`;
      return 'an invalid key';
    }
    if (choice === 'other') {
      if (!this.target.otherTenantKey)
        throw new Error('This test needs API_KEY_OTHER_TENANT; skip it when the target has none.');
      headers[KEY_REF_HEADER] = `other ${this.injector.token}`;
      return 'API_KEY_OTHER_TENANT';
    }
    headers[KEY_REF_HEADER] = `main ${this.injector.token}`;
    return 'API_KEY';
  }

  async #checked(
    operationId: OperationId,
    status: number,
    headers: Record<string, string>,
    text: string,
    curl: string,
    requestBody?: string,
  ): Promise<ApiResult> {
    const snapshot = { operationId, status, headers, body: text };
    const violations = checkResponse(snapshot, { strict: this.target.strict, redactValues: this.target.live });
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
    if (violations.length > 0) {
      const report = {
        operationId,
        status,
        curl,
        requestBytes: requestBody?.length ?? 0,
        responseHeaders: safeHeaders(headers),
        responseBody: this.target.live ? '<not recorded for live targets>' : text.slice(0, 4_000),
        violations,
      };
      await this.testInfo.attach('contract-violations', {
        body: JSON.stringify(report, null, 2),
        contentType: 'application/json',
      });
      throw new ContractViolationError(operationId, status, violations, curl, body);
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
