// Times one NDJSON answer as it arrives, which k6 cannot: core k6 buffers the body, so it sees the
// response headers and the end, never a line. Each line is checked against the contract when it
// arrives (contracts/check, the checker every suite uses), and the whole response once more at the
// end (status, Content-Type, headers). Times are milliseconds since the request was sent.
import type { Violation } from '../../contracts/check/check-names.ts';
import { checkBody, checkResponse } from '../../contracts/check/check-response.ts';
import { operations } from '../../contracts/generated/validators.js';
import { headerValue, retryAfterSeconds } from '../lib/headers.ts';

/** One timed answer. */
export interface StreamTiming {
  status: number;
  /** Until the response headers arrived (what k6's timings.waiting measures). */
  headersMs: number;
  /** Until the first complete NDJSON line arrived; null when none did. */
  firstLineMs: number | null;
  /** Until the last complete line arrived; null when none did. */
  lastLineMs: number | null;
  /** Until the body ended. */
  totalMs: number;
  lines: number;
  /** Time between consecutive lines. */
  gapsMs: number[];
  /** Lines that broke the contract when they arrived (0-based). */
  invalidLines: number[];
  /** Every broken promise of the whole response, as contract-report.json names them. */
  violations: Violation[];
  /** Retry-After of a 429, in seconds; null otherwise. */
  retryAfterSeconds: number | null;
}

/** What to send. Headers carry the key (or the key injector's reference); they are never recorded. */
export interface StreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Stops waiting (a bounded probe); the timing so far is returned. */
  signal?: AbortSignal;
  /** Name values by type only (live targets: thread content stays out of reports). */
  redactValues: boolean;
  strict?: boolean;
}

const STREAM_200 = operations.createRunStream.responses['200'];

/** Sends one run/stream request and times its lines. */
export async function timeStream(
  request: StreamRequest,
  now: () => number = () => performance.now(),
): Promise<StreamTiming> {
  const options = { redactValues: request.redactValues, strict: request.strict === true };
  const started = now();
  const res = await fetch(request.url, {
    method: 'POST',
    headers: { ...request.headers, accept: 'application/x-ndjson', 'content-type': 'application/json' },
    body: request.body,
    signal: request.signal,
  });
  const headersMs = now() - started;
  const streamed = res.status === 200 && STREAM_200 !== undefined;
  const arrivals: number[] = [];
  const invalidLines: number[] = [];
  let text = '';
  let pending = '';
  const decoder = new TextDecoder();
  const take = (line: string): void => {
    if (line.trim() === '') return;
    const index = arrivals.length;
    arrivals.push(now() - started);
    if (streamed && checkBody(STREAM_200, line, options).length > 0) invalidLines.push(index);
  };
  try {
    for await (const chunk of res.body ?? []) {
      const part = decoder.decode(chunk as Uint8Array, { stream: true });
      text += part;
      const split = (pending + part).split('\n');
      pending = split.pop() ?? '';
      for (const line of split) take(line);
    }
  } catch (error) {
    // A bounded probe aborts a stream at its deadline: what arrived is still measured.
    if (!(request.signal?.aborted ?? false)) throw error;
  }
  const rest = decoder.decode();
  text += rest;
  take(pending + rest);
  const totalMs = now() - started;
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return {
    status: res.status,
    headersMs,
    firstLineMs: arrivals[0] ?? null,
    lastLineMs: arrivals[arrivals.length - 1] ?? null,
    totalMs,
    lines: arrivals.length,
    gapsMs: arrivals.slice(1).map((at, index) => at - (arrivals[index] ?? at)),
    invalidLines,
    violations: checkResponse({ operationId: 'createRunStream', status: res.status, headers, body: text }, options),
    retryAfterSeconds: res.status === 429 ? retryAfterSeconds(headerValue(headers, 'retry-after'), Date.now()) : null,
  };
}
