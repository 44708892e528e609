// Stub of `k6/http`. Requests go to the fake server in the stub state; responses look like k6's
// (Go-canonical header names, timings, error and error_code), and each request emits the samples
// k6 emits, with the system tags, so thresholds on http_req_duration{...} and http_req_failed can
// be evaluated. The response callback decides `expected_response` and http_req_failed, as in k6.

import type { StubReply, StubRequest } from './state.ts';
import { emit, k6stub } from './state.ts';

interface Params {
  headers?: Record<string, string>;
  tags?: Record<string, string>;
  timeout?: string | number;
  responseType?: string;
  responseCallback?: ExpectedStatuses;
  redirects?: number;
}

/** What expectedStatuses() returns; k6 keeps it opaque. */
export interface ExpectedStatuses {
  readonly accepts: (status: number) => boolean;
}

/** Go's textproto.CanonicalMIMEHeaderKey: "x-ratelimit-limit" becomes "X-Ratelimit-Limit". */
export function canonicalHeader(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('-');
}

function defaultExpected(status: number): boolean {
  return status >= 200 && status <= 399;
}

function parse(url: string): { path: string; query: Record<string, string> } {
  const parsed = new URL(url);
  return { path: parsed.pathname, query: Object.fromEntries(parsed.searchParams.entries()) };
}

function respond(method: string, url: string, body: string | null, params: Params): StubResponse {
  if (k6stub.phase === 'init') throw new Error('k6/http: making requests in the init context is not supported');
  const request: StubRequest = {
    method,
    url,
    ...parse(url),
    headers: { ...(params.headers ?? {}) },
    body,
    tags: { ...(params.tags ?? {}) },
    timeout: params.timeout,
    responseType: params.responseType,
    redirects: params.redirects,
  };
  k6stub.requests.push(request);
  const reply: StubReply = k6stub.server(request);
  const waiting = reply.waiting ?? 5;
  const duration = reply.duration ?? waiting + 1;
  const accepts = params.responseCallback?.accepts ?? k6stub.responseCallback ?? defaultExpected;
  const expected = reply.status !== 0 && accepts(reply.status);
  const tags = {
    method,
    url,
    name: params.tags?.name ?? url,
    status: String(reply.status),
    expected_response: String(expected),
    proto: 'HTTP/1.1',
    group: '',
    ...(params.tags ?? {}),
  };
  emit('http_reqs', 1, tags);
  emit('http_req_duration', duration, tags);
  emit('http_req_waiting', waiting, tags);
  emit('http_req_failed', expected ? 0 : 1, tags);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(reply.headers ?? {})) headers[canonicalHeader(key)] = value;
  return {
    status: reply.status,
    status_text: reply.status === 0 ? '' : `${reply.status}`,
    body: reply.status === 0 ? null : (reply.body ?? ''),
    headers,
    url,
    error: reply.error ?? '',
    error_code: reply.status === 0 ? 1000 : reply.status >= 400 ? 1000 + reply.status : 0,
    timings: {
      blocked: 0,
      connecting: 0,
      tls_handshaking: 0,
      sending: 0,
      waiting,
      receiving: duration - waiting,
      duration,
    },
    request: {
      method,
      url,
      headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, [v]])),
      body: body ?? '',
    },
    json(): unknown {
      return JSON.parse(reply.body ?? 'null');
    },
  };
}

/** The fields of a k6 response the scripts read. */
export interface StubResponse {
  status: number;
  status_text: string;
  body: string | null;
  headers: Record<string, string>;
  url: string;
  error: string;
  error_code: number;
  timings: {
    blocked: number;
    connecting: number;
    tls_handshaking: number;
    sending: number;
    waiting: number;
    receiving: number;
    duration: number;
  };
  request: { method: string; url: string; headers: Record<string, string[]>; body: string };
  json(): unknown;
}

export function request(method: string, url: string, body?: string | null, params?: Params | null): StubResponse {
  const started = k6stub.clock;
  const res = respond(method, url, body ?? null, params ?? {});
  // A server may move the clock itself (real HTTP keeps it on real time); it never goes back.
  k6stub.clock = Math.max(k6stub.clock, started + res.timings.duration);
  return res;
}

export function get(url: string, params?: Params | null): StubResponse {
  return request('GET', url, null, params);
}

export function post(url: string, body?: string | null, params?: Params | null): StubResponse {
  return request('POST', url, body, params);
}

export function del(url: string, body?: string | null, params?: Params | null): StubResponse {
  return request('DELETE', url, body, params);
}

type BatchItem =
  | { method: string; url: string; body?: string | null; params?: Params | null }
  | [string, string, (string | null)?, (Params | null)?];

/** Parallel in k6: here every request starts at the same virtual time and the clock moves by the slowest. */
export function batch(items: BatchItem[]): StubResponse[] {
  const started = k6stub.clock;
  k6stub.batches.push(items.length);
  let slowest = 0;
  const responses = items.map((item) => {
    k6stub.clock = started;
    const [method, url, body, params] = Array.isArray(item) ? item : [item.method, item.url, item.body, item.params];
    const res = respond(method, url, body ?? null, params ?? {});
    slowest = Math.max(slowest, res.timings.duration);
    return res;
  });
  k6stub.clock = Math.max(k6stub.clock, started + slowest);
  return responses;
}

export function expectedStatuses(...specs: Array<number | { min: number; max: number }>): ExpectedStatuses {
  return {
    accepts: (status) =>
      specs.some((spec) => (typeof spec === 'number' ? status === spec : status >= spec.min && status <= spec.max)),
  };
}

export function setResponseCallback(callback: ExpectedStatuses): void {
  k6stub.responseCallback = callback.accepts;
}

export default { request, get, post, del, batch, expectedStatuses, setResponseCallback };
