// One way to call the API from k6. Method and path come from the operation index, so a request is
// named by its operationId, and every request carries the same stable tags: `name` (method and path
// template, so thread ids never split a metric), `endpoint` (operationId, safe in threshold
// selectors) and `budget` (the rate-limit budget it draws on).
import { sleep } from 'k6';
import type { ObjectBatchRequest, RefinedParams, RefinedResponse } from 'k6/http';
import http from 'k6/http';
import { operationPath } from '../contracts/check/operation-path.ts';
import { MAX_RETRY_WAIT_MS, retryAfterMs } from '../contracts/client/retry-after.ts';
import type { OperationId } from '../contracts/generated/validators.js';
import { operations } from '../contracts/generated/validators.js';
import { headerValue } from './headers.ts';

/** A k6 response with a text body. */
export type ApiResponse = RefinedResponse<'text'>;

/** What `http.expectedStatuses()` returns (@types/k6 does not export the name). */
export type ResponseCallback = ReturnType<typeof http.expectedStatuses>;

/** One request to the API. */
export interface Call {
  op: OperationId;
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  tags?: Record<string, string>;
  /** Overrides which statuses count as expected for http_req_failed. */
  responseCallback?: ResponseCallback;
}

/** Sends calls; the key stays inside. */
export interface Client {
  send(call: Call): ApiResponse;
  /** Sends the calls in parallel (k6 `http.batch`). */
  batch(calls: Call[]): ApiResponse[];
}

/** The stable `name` tag of an operation: "POST /v1/threads/{thread_id}/run". */
export function requestName(op: OperationId): string {
  const spec = operations[op];
  return `${spec.method} ${spec.path}`;
}

/** The tags every request of an operation carries. */
export function tagsFor(op: OperationId): { name: string; endpoint: string; budget: string } {
  return { name: requestName(op), endpoint: op, budget: operations[op].budget };
}

function urlFor(baseUrl: string, call: Call): string {
  const path = operationPath(call.op, call.path);
  const query = Object.keys(call.query ?? {})
    .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(call.query?.[key] ?? '')}`)
    .join('&');
  return `${baseUrl}${path}${query === '' ? '' : `?${query}`}`;
}

/** A client for one base URL and key. */
export function createClient(settings: { baseUrl: string; apiKey: string; requestTimeout: string }): Client {
  const toRequest = (call: Call): ObjectBatchRequest & { params: RefinedParams<'text'> } => {
    // The index says which operations answer NDJSON; no list of names to keep in step.
    const ndjson = Object.values(operations[call.op].responses).some((response) => response.ndjson);
    const headers: Record<string, string> = {
      'api-key': settings.apiKey,
      accept: ndjson ? 'application/x-ndjson' : 'application/json',
    };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const params: RefinedParams<'text'> = {
      headers,
      tags: { ...tagsFor(call.op), ...call.tags },
      timeout: settings.requestTimeout,
      responseType: 'text',
      // Never followed, even where a script's options forget maxRedirects: the key stays on the target's origin.
      redirects: 0,
    };
    if (call.responseCallback !== undefined) params.responseCallback = call.responseCallback;
    return {
      method: operations[call.op].method,
      url: urlFor(settings.baseUrl, call),
      body: call.body === undefined ? null : JSON.stringify(call.body),
      params,
    };
  };
  return {
    send(call) {
      const request = toRequest(call);
      return http.request(request.method, request.url as string, request.body ?? null, request.params);
    },
    batch(calls) {
      return http.batch(calls.map(toRequest)) as unknown as ApiResponse[];
    },
  };
}

// Calls made by setup() and teardown() honour Retry-After instead of failing: creating a pool of
// threads may pass the 60 RPS budget of thread and message calls, and that is not an error. No
// wait is longer than the suite's one 429 policy allows (contracts/client/retry-after.ts): a
// Retry-After of a day ends the waiting, and the 429 is returned for the caller to report.

/** Sends a call, waiting out each 429 for its Retry-After (1 s when absent), at most `attempts` times. */
export function sendPatiently(client: Client, call: Call, attempts = 6): ApiResponse {
  const callback = http.expectedStatuses({ min: 200, max: 299 }, 429);
  let res = client.send({ ...call, responseCallback: callback });
  for (let attempt = 1; attempt < attempts && res.status === 429; attempt += 1) {
    const waitMs = retryAfterMs(headerValue(res.headers, 'retry-after'), Date.now()) ?? 1_000;
    if (waitMs > MAX_RETRY_WAIT_MS) {
      console.warn(
        `${requestName(call.op)} answered 429: the API asked to wait ${Math.ceil(waitMs / 1000)} s, more than the ${MAX_RETRY_WAIT_MS / 1000} s the suite waits; not retried.`,
      );
      break;
    }
    sleep(waitMs / 1000);
    res = client.send({ ...call, responseCallback: callback });
  }
  return res;
}
