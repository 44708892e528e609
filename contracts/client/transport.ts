// The one transport of the suite (docs/decisions/0060): every request of the contract tests, the
// generated tests, the preflight, drift and the stream probe goes through `exchange`. node:http
// with keep-alive agents, since a step costs less than a Playwright request and no Playwright API
// ever sees a header. What it promises:
// - the key is added on the wire only (`api-key`), never recorded: messages name the URL;
// - the body leaves as the exact bytes given;
// - redirects are never followed: a 3xx is an answer like any other, so the key never leaves the
//   origin the user named;
// - total deadlines: to the headers, and to the end of the body (a drip ends), each named;
// - size caps read incrementally and after decoding (answer-body.ts): a breach is an answer
//   marked `tooLarge`, which the contract check names "Response too large";
// - one 429 policy (retry-after.ts) and pacing per rate budget.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import type { TooLarge } from '../check/check-response.ts';
import { type Clock, realClock } from '../lib/clock.ts';
import { type BodyReader, readBody } from './answer-body.ts';
import type { Pacer } from './pacer.ts';
import { unlessAborted } from './request-budget.ts';
import { retryDecision } from './retry-after.ts';
import { LIMIT_SETTINGS, type TransportLimits } from './transport-limits.ts';

/** The connection pools of one process, shared by every client. */
const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 8 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 8 }),
};
/**
 * Pools without a cap on sockets, for calls whose send time is what is measured (the rate-limit
 * contract paces answer calls that each take seconds: a queue in the pool would bunch them up).
 */
const wideAgents = {
  http: new HttpAgent({ keepAlive: true }),
  https: new HttpsAgent({ keepAlive: true }),
};

/** One request, as a client hands it over. */
export interface WireRequest {
  method: string;
  url: string;
  /** Without the key: these may be recorded. */
  headers: Record<string, string>;
  /** The value of `api-key`, added on the wire only. */
  key?: string;
  /** Sent as exactly these bytes. */
  body?: Uint8Array;
  /** How messages name the request: `POST http://host/v1/threads/x/run` by default. */
  label?: string;
  /** Ends the request in flight (a budget's deadline); it rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The status, as soon as the headers arrive (before any line). */
  onHeaders?: (status: number) => void;
  /** Each complete NDJSON line of an NDJSON answer, as it arrives. */
  onLine?: (line: string) => void;
  /** Leaves at once, on a connection of its own if need be, never queued behind the pool's cap. */
  wide?: boolean;
}

/** One answer. Header names in lower case. */
export interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The answer passed a cap: `body` holds what came before it. */
  tooLarge?: TooLarge;
  /** Milliseconds from sending to the headers, and to the end of the body. */
  headersMs: number;
  totalMs: number;
}

/** How an exchange failed without an answer to judge. */
export type TransportFailure = 'no-response' | 'headers-timeout' | 'body-timeout' | 'broken-body';

/** No answer to judge: the message names the request and what went wrong, never a header. */
export class TransportError extends Error {
  override name = 'TransportError';
  readonly failure: TransportFailure;
  readonly staleConnection;
  readonly partial?: WireAnswer;
  constructor(
    failure: TransportFailure,
    message: string,
    /** The request went out on a kept-alive connection that the server had already closed. */
    staleConnection = false,
    /** What had arrived when a body deadline passed or the body broke off. */
    partial?: WireAnswer,
  ) {
    super(message);
    this.failure = failure;
    this.staleConnection = staleConnection;
    this.partial = partial;
  }
}

function flatHeaders(headers: NodeJS.Dict<string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** Sends one request and reads its answer under the limits; no retry. */
export function sendOnce(request: WireRequest, limits: TransportLimits): Promise<WireAnswer> {
  const url = new URL(request.url);
  const https = url.protocol === 'https:';
  const label = request.label ?? `${request.method} ${request.url}`;
  const headers: Record<string, string> = { ...request.headers, 'accept-encoding': 'gzip, deflate, br' };
  if (request.key !== undefined) headers['api-key'] = request.key;
  if (request.body !== undefined) headers['content-length'] = String(request.body.length);
  const started = performance.now();
  return new Promise<WireAnswer>((resolve, reject) => {
    const signal = request.signal;
    let settled = false;
    let status = 0;
    let reader: BodyReader | undefined;
    let partial: (() => WireAnswer) | undefined;
    const req = (https ? httpsRequest : httpRequest)(url, {
      method: request.method,
      headers,
      agent: (request.wide ? wideAgents : agents)[https ? 'https' : 'http'],
    });
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(headersTimer);
      clearTimeout(bodyTimer);
      signal?.removeEventListener('abort', onAbort);
      done();
    };
    const fail = (error: unknown) =>
      settle(() => {
        req.destroy();
        reject(error);
      });
    const onAbort = () => fail(signal?.reason);
    const headersTimer = setTimeout(
      () =>
        fail(
          new TransportError(
            'headers-timeout',
            `${label} got no response headers within ${limits.headersTimeoutMs} ms (${LIMIT_SETTINGS.headersTimeoutMs})`,
          ),
        ),
      limits.headersTimeoutMs,
    );
    const bodyTimer = setTimeout(() => {
      const got = reader ? `answered ${status}, but its body did not end` : 'got no response';
      fail(
        new TransportError(
          reader ? 'body-timeout' : 'headers-timeout',
          `${label} ${got} within ${limits.bodyTimeoutMs} ms (${LIMIT_SETTINGS.bodyTimeoutMs})${reader ? `; ${reader.bytes} bytes had arrived` : ''}`,
          false,
          partial?.(),
        ),
      );
    }, limits.bodyTimeoutMs);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('response', (res) => {
      clearTimeout(headersTimer);
      status = res.statusCode ?? 0;
      const headersMs = performance.now() - started;
      request.onHeaders?.(status);
      const current = readBody(res, limits, request.onLine);
      reader = current;
      partial = () => ({
        status,
        headers: flatHeaders(res.headers),
        body: current.text(),
        headersMs,
        totalMs: performance.now() - started,
      });
      current.done.then(
        (read) =>
          settle(() => {
            // An answer that came before the upload ended (a 413): the rest of the upload is moot.
            if (!req.writableFinished) req.destroy();
            resolve({
              status,
              headers: flatHeaders(res.headers),
              body: read.text,
              ...(read.tooLarge ? { tooLarge: read.tooLarge } : {}),
              headersMs,
              totalMs: performance.now() - started,
            });
          }),
        (error: Error) =>
          fail(
            new TransportError(
              'broken-body',
              `${label} answered ${status}, but the body broke off after ${current.bytes} bytes: ${error.message}`,
              false,
              partial?.(),
            ),
          ),
      );
    });
    // Node's network errors name the host and the cause, never the headers: the key stays out.
    req.on('error', (error: NodeJS.ErrnoException) => {
      // Once an answer is being read, the answer decides: a server may answer (413) and close
      // while the upload is still being written, and its answer is what the test is about.
      if (reader) return;
      const stale = req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
      fail(new TransportError('no-response', `${label} got no response: ${error.message}`, stale));
    });
    req.end(request.body);
  });
}

/** How one request is paced, retried and bounded. */
export interface ExchangeOptions {
  limits: TransportLimits;
  /** A live target: a 429 is waited out and retried (retry-after.ts). */
  live: boolean;
  /** The request asked for its 429 (`Prefer`): never retried. */
  injected?: boolean;
  /** Taken before every attempt, retries included. */
  pacer?: Pacer;
  /** Runs before every attempt, after pacing (a budget counts the request here). */
  beforeAttempt?: () => void;
  /** Wraps every attempt (a budget counts requests in flight). */
  track?: <T>(attempt: () => Promise<T>) => Promise<T>;
  /** Ends pacing and Retry-After waits. */
  signal?: AbortSignal;
  clock?: Clock;
  /** When the caller's time budget ends, on `clock`: a Retry-After past it is not waited. */
  deadline?: number;
}

/** An answer, and why a 429 was not retried when the API asked for an absurd wait. */
export interface Exchanged {
  answer: WireAnswer;
  /** "the API asked to wait 86400 s ...": the answer is the 429 that asked. */
  refusedWait?: string;
}

/** Sends a request under the suite's one policy: pacing, the 429 policy, deadlines and caps. */
export async function exchange(request: WireRequest, options: ExchangeOptions): Promise<Exchanged> {
  const clock = options.clock ?? realClock;
  const once = () => sendOnce(request, options.limits);
  for (let attempt = 0; ; attempt++) {
    if (options.pacer) await unlessAborted(options.pacer.take(), options.signal);
    options.beforeAttempt?.();
    const answer = await (options.track ? options.track(once) : once()).catch((error: unknown) => {
      // A kept-alive connection the server closed meanwhile: the request never reached it.
      if (error instanceof TransportError && error.staleConnection) return once();
      throw error;
    });
    const now = clock.now();
    const decision = retryDecision(answer.status, answer.headers['retry-after'], {
      live: options.live,
      injected: options.injected === true,
      attempt,
      leftMs: (options.deadline ?? Number.POSITIVE_INFINITY) - now,
      nowMs: Date.now(),
    });
    if ('refused' in decision)
      return {
        answer,
        refusedWait: `${request.label ?? `${request.method} ${request.url}`} answered 429: ${decision.refused}`,
      };
    if (!decision.retry) return { answer };
    await unlessAborted(clock.sleep(decision.waitMs), options.signal);
  }
}
