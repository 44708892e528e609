// Times one NDJSON answer as it arrives, which k6 cannot: core k6 buffers the body, so it sees the
// response headers and the end, never a line. It sends through the suite's one transport
// (contracts/client/transport.ts): no redirect is followed, the key stays on the target's origin,
// and the deadlines and caps bound a stream that never ends. Each line is checked against the contract when it
// arrives (contracts/check, the checker every suite uses), and the whole response once more at the
// end (status, Content-Type, headers). Times are milliseconds since the request was sent.
import type { Violation } from '../../contracts/check/check-names.ts';
import { checkBody, checkResponse } from '../../contracts/check/check-response.ts';
import { retryAfterMs } from '../../contracts/client/retry-after.ts';
import { sendOnce, TransportError } from '../../contracts/client/transport.ts';
import type { TransportLimits } from '../../contracts/client/transport-limits.ts';
import { operations } from '../../contracts/generated/validators.js';

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
  /** Why the stream did not end by itself: a deadline, or a connection that broke off. */
  cutOff?: string;
  /** The Retry-After header as it came, for the one 429 policy (contracts/client/retry-after.ts). */
  retryAfter?: string;
}

/** What to send. The key goes to the transport, which adds it on the wire only; it is never recorded. */
export interface StreamRequest {
  url: string;
  key?: string;
  body: string;
  /** The transport's deadlines and caps (contracts/client/transport-limits.ts). */
  limits: TransportLimits;
  /** Name values by type only (live targets: thread content stays out of reports). */
  redactValues: boolean;
  strict?: boolean;
}

const STREAM_200 = operations.createRunStream.responses['200'];

/** Sends one run/stream request through the suite's transport and times its lines. */
export async function timeStream(request: StreamRequest): Promise<StreamTiming> {
  const options = { redactValues: request.redactValues, strict: request.strict === true };
  const arrivals: number[] = [];
  const invalidLines: number[] = [];
  let streamed = false;
  const started = performance.now();
  let cutOff: string | undefined;
  const answer = await sendOnce(
    {
      method: 'POST',
      url: request.url,
      headers: { accept: 'application/x-ndjson', 'content-type': 'application/json' },
      ...(request.key === undefined ? {} : { key: request.key }),
      body: Buffer.from(request.body, 'utf8'),
      label: `POST ${request.url} (createRunStream)`,
      onHeaders: (status) => {
        streamed = status === 200;
      },
      onLine: (line) => {
        if (line.trim() === '') return;
        const index = arrivals.length;
        arrivals.push(performance.now() - started);
        if (streamed && STREAM_200 !== undefined && checkBody(STREAM_200, line, options).length > 0)
          invalidLines.push(index);
      },
    },
    request.limits,
  ).catch((error: unknown) => {
    // A stream past its deadline, or broken off: what arrived is still measured, and why it ended is said.
    if (!(error instanceof TransportError) || error.partial === undefined) throw error;
    cutOff = error.message;
    return error.partial;
  });
  return {
    ...(cutOff === undefined ? {} : { cutOff }),
    status: answer.status,
    headersMs: answer.headersMs,
    firstLineMs: arrivals[0] ?? null,
    lastLineMs: arrivals[arrivals.length - 1] ?? null,
    totalMs: answer.totalMs,
    lines: arrivals.length,
    gapsMs: arrivals.slice(1).map((at, index) => at - (arrivals[index] ?? at)),
    invalidLines,
    violations: checkResponse(
      {
        operationId: 'createRunStream',
        status: answer.status,
        headers: answer.headers,
        body: answer.body,
        ...(answer.tooLarge ? { tooLarge: answer.tooLarge } : {}),
      },
      options,
    ),
    retryAfterSeconds:
      answer.status === 429 ? secondsOf(retryAfterMs(answer.headers['retry-after'], Date.now())) : null,
    ...(answer.headers['retry-after'] === undefined ? {} : { retryAfter: answer.headers['retry-after'] }),
  };
}

/** Whole seconds of a wait, rounded up; null when there is none to honour. */
function secondsOf(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.ceil(ms / 1000);
}
