// The API origin: routing (with Starlette's 404/405/redirect behaviour), then authentication,
// rate limiting and body parsing, then the operation. Every request gets an answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Ctx, Route, Urls } from './context.ts';
import { errors } from './errors.ts';
import { tenantByKey } from './fixtures.ts';
import { errorReply, parseBody, type Reply, readBody, writeReply } from './http.ts';
import type { RateLimiter } from './rateLimit.ts';
import type { Store } from './store.ts';

const MAX_BODY = 16 * 1024 * 1024; // a production server caps bodies; stacks of 30,000-char messages fit

export interface AppDeps {
  store: Store;
  limiter: RateLimiter | null;
  urls: () => Urls;
  routes: Route[];
  secret: Buffer;
}

export function createApiHandler(deps: AppDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const head = req.method === 'HEAD';
    dispatch(req, deps)
      .catch(errorReply)
      .then((reply) => writeReply(res, reply, head))
      .catch(() => res.destroy());
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function match(
  routes: Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { allow: string[] } | null {
  const parts = path.split('/');
  const allow: string[] = [];
  for (const route of routes) {
    const pattern = route.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      const actual = parts[i] ?? '';
      if (p.startsWith('{')) {
        params[p.slice(1, -1)] = safeDecode(actual);
        return actual !== '';
      }
      return p === actual;
    });
    if (!ok) continue;
    if (route.method === method) return { route, params };
    allow.push(route.method);
  }
  return allow.length > 0 ? { allow } : null;
}

async function dispatch(req: IncomingMessage, deps: AppDeps): Promise<Reply> {
  const raw = await readBody(req, MAX_BODY);
  const urls = deps.urls();
  let url: URL;
  try {
    url = new URL(`${urls.api}${(req.url ?? '/').startsWith('/') ? req.url : '/'}`);
  } catch {
    throw errors.notFoundRoute();
  }
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  const found = match(deps.routes, method, url.pathname);
  if (!found) {
    if (url.pathname.length > 1 && url.pathname.endsWith('/') && match(deps.routes, method, url.pathname.slice(0, -1)))
      return { status: 307, headers: { location: `${urls.api}${url.pathname.slice(0, -1)}${url.search}` } };
    throw errors.notFoundRoute();
  }
  if ('allow' in found) throw errors.methodNotAllowed([...new Set(found.allow)].join(', '));
  if (raw === 'too_large') throw errors.bodyTooLarge();

  const key = req.headers['api-key'];
  const tenant = tenantByKey(Array.isArray(key) ? key.at(-1) : key);
  if (!tenant) throw errors.unauthorized();
  const retryAfter = deps.limiter?.take(tenant.id, found.route.answer ? 'answer' : 'other') ?? null;
  if (retryAfter !== null) throw errors.rateLimited(retryAfter);

  const contentType = req.headers['content-type'];
  const ctx: Ctx = {
    tenant,
    params: found.params,
    url,
    headers: req.headers,
    body: found.route.body ? parseBody(raw, contentType) : { kind: 'none' },
    store: deps.store,
    urls,
    secret: deps.secret,
  };
  return await found.route.handler(ctx);
}
