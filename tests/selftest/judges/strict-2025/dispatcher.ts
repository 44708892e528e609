// One request, start to end: route → api-key → rate limit → inputs (path, query, headers,
// body; all problems reported together, as FastAPI does) → handler → reply. Any throw ends
// as a documented error body; nothing escapes to crash the process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tenantByKey } from './catalog.ts';
import type { AppState, Ctx, Route } from './context.ts';
import { refuse, validationError } from './errors.ts';
import { MAX_BODY, parseJsonBody, readBody, sendError, sendReply } from './http-io.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { findRoute } from './routes.ts';
import { check, checkText, type Issue } from './schema.ts';

function splitUrl(url: string): { path: string; query: string } {
  const at = url.indexOf('?');
  return at < 0 ? { path: url, query: '' } : { path: url.slice(0, at), query: url.slice(at + 1) };
}

/** Query parameters: only the documented ones, each at most once. */
function readQuery(route: Route, raw: string, issues: Issue[]): Record<string, unknown> {
  const params = new URLSearchParams(raw);
  const out: Record<string, unknown> = {};
  const spec = route.query ?? {};
  for (const name of new Set(params.keys())) {
    if (!(name in spec))
      issues.push({ loc: ['query', name], message: 'Extra inputs are not permitted', type: 'extra_forbidden' });
    else if (params.getAll(name).length > 1)
      issues.push({ loc: ['query', name], message: 'Query parameter must be given only once', type: 'value_error' });
  }
  for (const [name, field] of Object.entries(spec)) {
    const value = params.get(name);
    if (value === null) {
      if (field.required) issues.push({ loc: ['query', name], message: 'Field required', type: 'missing' });
    } else if (params.getAll(name).length === 1) {
      out[name] = checkText(field.schema, value, ['query', name], issues);
    }
  }
  return out;
}

function readHeaders(route: Route, req: IncomingMessage, issues: Issue[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(route.headers ?? {})) {
    const value = req.headers[name];
    if (value === undefined) {
      if (field.required) issues.push({ loc: ['header', name], message: 'Field required', type: 'missing' });
    } else {
      out[name] = checkText(field.schema, Array.isArray(value) ? value.join(', ') : value, ['header', name], issues);
    }
  }
  return out;
}

export function createDispatcher(
  app: AppState,
  limiter: RateLimiter,
): (req: IncomingMessage, res: ServerResponse) => void {
  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let extra: Record<string, string> = {};
    try {
      const { path, query } = splitUrl(req.url ?? '/');
      const match = findRoute(req.method ?? '', path);
      if (match.kind === 'none') throw refuse.routeNotFound();
      if (match.kind === 'wrong-method') throw refuse.methodNotAllowed(match.allow);
      const { route, params } = match;

      const key = req.headers['api-key'];
      const tenant = tenantByKey(typeof key === 'string' ? key : undefined);
      if (!tenant) throw refuse.unauthorized();

      const nowMs = Date.now();
      const rate = limiter.take(tenant.id, route.bucket, nowMs);
      extra = rate.headers;
      if (!rate.allowed) throw refuse.rateLimited({});

      const issues: Issue[] = [];
      const pathValues: Record<string, string> = {};
      for (const [name, schema] of Object.entries(route.path ?? {})) {
        const value = checkText(schema, params[name] ?? '', ['path', name], issues);
        if (typeof value === 'string') pathValues[name] = value;
      }
      const queryValues = readQuery(route, query, issues);
      const headerValues = readHeaders(route, req, issues);
      let body: unknown;
      if (route.body) {
        const raw = await readBody(req, MAX_BODY);
        if (raw === 'aborted') {
          res.destroy();
          return;
        }
        if (raw === 'too_large') throw refuse.payloadTooLarge();
        body = check(route.body, parseJsonBody(req, raw), ['body'], issues);
      } else {
        req.resume(); // bodies of GET/DELETE are ignored, but drained
      }
      if (issues.length > 0) throw validationError(issues);

      const ctx: Ctx = { tenant, app, nowMs, path: pathValues, query: queryValues, headers: headerValues, body };
      sendReply(res, route.handle(ctx), extra);
    } catch (error) {
      req.resume();
      sendError(res, error, extra);
    }
  }
  return (req, res) => {
    dispatch(req, res).catch((error: unknown) => sendError(res, error, {}));
  };
}
