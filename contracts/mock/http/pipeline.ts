// One request, through the checks in the order docs/decisions/0001 fixes: route and method,
// body size, key, rate limit, Prefer fault, path, query and headers, body, then the operation's
// own rules.
// Whatever a handler throws becomes a documented answer; nothing reaches the process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OperationId } from '../../generated/validators.js';
import type { Call, Handler, MockState } from '../handlers/call.ts';
import type { LatencyModel } from '../limits/latency.ts';
import type { RateLimiter } from '../limits/rate-limiter.ts';
import { ApiError, statusOf } from './api-error.ts';
import { type FaultInjector, rateLimitHeaders } from './faults.ts';
import { parseBody, parseHeaders, parsePath, parseQuery } from './parse-inputs.ts';
import { MAX_BODY_BYTES, readBody } from './read-body.ts';
import { sendJson, sendReply } from './respond.ts';
import type { Router } from './router.ts';

/** Everything the pipeline needs, built once by build(). */
export interface Pipeline {
  state: MockState;
  router: Router;
  handlers: Readonly<Record<OperationId, Handler>>;
  limiter: RateLimiter | undefined;
  faults: FaultInjector;
  latency: LatencyModel;
  /** Told of every unexpected failure; `op` is absent when it happened outside an operation. */
  onInternalError: (error: unknown, op?: OperationId) => void;
}

const GENERIC_500 = 'Internal server error. The cause is in the log of the mock.';

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The path and query of a request target; an absolute-form target (`http://host/...`) is reduced to them. */
function originForm(url: string): string {
  if (url.startsWith('/')) return url;
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

function splitUrl(url: string): [string, string] {
  const target = originForm(url);
  const q = target.indexOf('?');
  return q < 0 ? [target, ''] : [target.slice(0, q), target.slice(q + 1)];
}

function shown(path: string): string {
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

/** Writes an error as the operation documents it; an undocumented code is a mock bug, answered 500. */
function sendError(res: ServerResponse, op: OperationId, error: unknown, p: Pipeline): void {
  if (error instanceof ApiError) {
    const status = statusOf(op, error.code, error.status);
    if (status !== undefined) {
      sendJson(res, status, { error_code: error.code, detail: error.detail }, error.headers);
      return;
    }
    p.onInternalError(
      new Error(`The mock answered ${error.code} (status ${error.status ?? 'any'}), which ${op} does not document.`),
      op,
    );
  } else {
    p.onInternalError(error, op);
  }
  sendJson(res, statusOf(op, 'api_error') ?? 500, { error_code: 'api_error', detail: GENERIC_500 });
}

async function handle(req: IncomingMessage, res: ServerResponse, p: Pipeline): Promise<void> {
  const method = req.method ?? 'GET';
  const [pathname, search] = splitUrl(req.url ?? '/');
  const match = p.router.match(method, pathname);
  if (match.kind === 'no-route') {
    return sendJson(res, 404, {
      error_code: 'resource_not_found',
      detail: `No route ${method} ${shown(pathname)}. Routes start with /v1/, for example GET /v1/assistants.`,
    });
  }
  if (match.kind === 'no-method') {
    const allow = match.allow.join(', ');
    return sendJson(
      res,
      405,
      {
        error_code: 'method_not_allowed',
        detail: `${method} is not allowed on ${shown(pathname)}. Allowed: ${allow}.`,
      },
      { allow },
    );
  }
  const { op, spec } = match;
  try {
    let raw = '';
    if (spec.requestBody) {
      const read = await readBody(req);
      if (read.tooLarge) {
        // The upload was read to its end (read-body.ts), so the close after this 413 is clean.
        throw new ApiError(
          'bad_request',
          `Request body larger than ${MAX_BODY_BYTES} bytes (1 MiB). Send a smaller body.`,
          413,
          { connection: 'close' },
        );
      }
      raw = read.text;
    }
    const tenant = p.state.tenants.tenantOf(header(req, 'api-key'));
    if (!tenant) throw new ApiError('unauthorized');
    if (p.limiter) {
      const verdict = p.limiter.take(tenant.id, spec.budget);
      if (!verdict.allowed) {
        const detail = `Rate limit exceeded: ${verdict.limit} ${spec.budget === 'answers' ? 'answer-generating' : 'other'} calls per ${verdict.window}. Retry after ${verdict.retryAfterSeconds} s.`;
        throw new ApiError(
          'rate_limit_gateway',
          detail,
          429,
          rateLimitHeaders(verdict.retryAfterSeconds, verdict.limit),
        );
      }
    }
    p.faults.fromPrefer(op, spec, header(req, 'prefer'));
    p.faults.fromRate(spec);
    const call: Call = {
      op,
      spec,
      tenant,
      path: parsePath(spec, match.params),
      query: parseQuery(spec, search),
      headers: parseHeaders(spec, req.headers),
      body: parseBody(spec, raw, header(req, 'content-type')),
    };

    const delay = spec.budget === 'answers' ? p.latency() : 0;
    const timeoutMs = spec.budget === 'answers' ? p.faults.timeoutMs : undefined;
    if (timeoutMs !== undefined && delay > timeoutMs) {
      await sleep(timeoutMs);
      throw p.faults.timeout();
    }
    const reply = p.handlers[op](call, p.state);
    if (delay > 0 && reply.status < 300) await sleep(delay);
    sendReply(res, reply);
  } catch (error) {
    // A client that hung up cannot be answered, and that is not the mock's failure.
    if (req.socket.destroyed) return;
    if (res.headersSent) {
      // A failure while a stream was being written: its status is out, so cut it short.
      p.onInternalError(error, op);
      res.destroy();
      return;
    }
    sendError(res, op, error, p);
  }
}

/** The server's request listener. */
export function requestListener(p: Pipeline): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(req, res, p).catch((error: unknown) => {
      // Reached only by a failure outside any operation (routing, or writing an answer).
      p.onInternalError(error);
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error_code: 'api_error', detail: GENERIC_500 });
    });
  };
}
