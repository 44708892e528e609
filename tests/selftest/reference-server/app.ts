// The reference server: routing, then the checks of the decisions doc in their order (route and
// method, body size, key, rate limit when on, Prefer fault, path parameters), then the operation's handler, which
// reads the open points as the server's readings say.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { BreakName } from './breaks.ts';
import type { OperationId } from './catalog.ts';
import type { Context, Handler } from './context.ts';
import { injectFault } from './faults.ts';
import { handleStorage } from './files.ts';
import { getAssistant, listAssistants } from './handlers/assistants.ts';
import { createChatCompletion, createChatCompletionStream } from './handlers/chat.ts';
import { deleteFeedback, listNegativeFeedbackReasons, upsertFeedback } from './handlers/feedback.ts';
import { deleteFile, getFileContent, getFileStatus, getUploadUrl, listFiles } from './handlers/files.ts';
import { createMessage, deleteMessage, listMessages } from './handlers/messages.ts';
import { createRun, createRunStream } from './handlers/runs.ts';
import { listApiKeys } from './handlers/tenants.ts';
import { createThread, deleteThread, getThread, listThreads } from './handlers/threads.ts';
import { ApiError, readBody, sendError, sendJson, type ValidationIssue } from './http-io.ts';
import { type RateLimitOptions, ReferenceLimiter, type Refusal } from './rate-limits.ts';
import { type Readings, standardReadings } from './readings.ts';
import { referenceKeys, Store } from './store.ts';
import { uuidParam } from './validate.ts';

interface Route {
  pattern: RegExp;
  params: string[];
  methods: Partial<Record<string, [OperationId, Handler]>>;
}

const segment = '([^/]+)';
const routes: Route[] = [
  { pattern: /^\/v1\/assistants$/, params: [], methods: { GET: ['listAssistants', listAssistants] } },
  {
    pattern: new RegExp(`^/v1/assistants/${segment}$`),
    params: ['assistant_id'],
    methods: { GET: ['getAssistant', getAssistant] },
  },
  {
    pattern: /^\/v1\/threads$/,
    params: [],
    methods: { GET: ['listThreads', listThreads], POST: ['createThread', createThread] },
  },
  {
    pattern: new RegExp(`^/v1/threads/${segment}$`),
    params: ['thread_id'],
    methods: { GET: ['getThread', getThread], DELETE: ['deleteThread', deleteThread] },
  },
  {
    pattern: new RegExp(`^/v1/threads/${segment}/messages$`),
    params: ['thread_id'],
    methods: { GET: ['listMessages', listMessages], POST: ['createMessage', createMessage] },
  },
  {
    pattern: new RegExp(`^/v1/threads/${segment}/messages/${segment}$`),
    params: ['thread_id', 'message_id'],
    methods: { DELETE: ['deleteMessage', deleteMessage] },
  },
  {
    pattern: new RegExp(`^/v1/threads/${segment}/run$`),
    params: ['thread_id'],
    methods: { POST: ['createRun', createRun] },
  },
  {
    pattern: new RegExp(`^/v1/threads/${segment}/run/stream$`),
    params: ['thread_id'],
    methods: { POST: ['createRunStream', createRunStream] },
  },
  {
    pattern: /^\/v1\/chat\/completions$/,
    params: [],
    methods: { POST: ['createChatCompletion', createChatCompletion] },
  },
  {
    pattern: /^\/v1\/chat\/completions\/stream$/,
    params: [],
    methods: { POST: ['createChatCompletionStream', createChatCompletionStream] },
  },
  {
    pattern: new RegExp(`^/v1/threads/${segment}/messages/${segment}/feedback$`),
    params: ['thread_id', 'message_id'],
    methods: { POST: ['upsertFeedback', upsertFeedback], DELETE: ['deleteFeedback', deleteFeedback] },
  },
  {
    pattern: /^\/v1\/feedback\/negative\/reasons$/,
    params: [],
    methods: { GET: ['listNegativeFeedbackReasons', listNegativeFeedbackReasons] },
  },
  { pattern: /^\/v1\/files\/signed-url$/, params: [], methods: { GET: ['getUploadUrl', getUploadUrl] } },
  { pattern: /^\/v1\/tenants\/my-api-keys$/, params: [], methods: { GET: ['listApiKeys', listApiKeys] } },
  { pattern: /^\/v1\/files$/, params: [], methods: { GET: ['listFiles', listFiles] } },
  {
    pattern: new RegExp(`^/v1/files/${segment}/status$`),
    params: ['file_id'],
    methods: { GET: ['getFileStatus', getFileStatus] },
  },
  {
    pattern: new RegExp(`^/v1/files/${segment}$`),
    params: ['file_id'],
    methods: { GET: ['getFileContent', getFileContent], DELETE: ['deleteFile', deleteFile] },
  },
];

const answerOperations = new Set<OperationId>([
  'createRun',
  'createRunStream',
  'createChatCompletion',
  'createChatCompletionStream',
]);

/** A 429 of the limiter: the gateway's body and its headers (the breaks change the body of run/stream, or drop Retry-After). */
function rateLimited(
  res: ServerResponse,
  operationId: OperationId,
  refusal: Refusal,
  breaks: ReadonlySet<BreakName>,
): void {
  const seconds = String(refusal.retryAfterSeconds);
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(refusal.limit),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': seconds,
  };
  if (!breaks.has('retry-after-missing')) headers['retry-after'] = seconds;
  if (operationId === 'createRunStream' && breaks.has('rate-limit-stream-wrong-body'))
    sendJson(res, 429, { error: 'Too Many Requests' }, headers);
  else sendError(res, 'rate_limit_gateway', { headers });
}

function answerError(res: ServerResponse, error: ApiError, breaks: ReadonlySet<BreakName>): void {
  if (error.code !== 'validation_error') {
    sendError(res, error.code, error.options);
    return;
  }
  const issues: ValidationIssue[] = error.options.issues ?? [];
  const detail = breaks.has('validation-error-detail-string')
    ? issues.map((i) => `${i.loc.join('.')}: ${i.message}`).join('; ')
    : issues;
  sendJson(res, 422, { error_code: 'validation_error', detail });
}

/** A path segment decoded; a malformed escape stays as sent, so it fails validation (422), not the server (500). */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  store: Store,
  breaks: ReadonlySet<BreakName>,
  readings: Readings,
  limiter: ReferenceLimiter | undefined,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  // The storage path of upload URLs takes no key: the URL's token is its credential.
  if (await handleStorage(req, res, store, url)) return;
  let route: Route | undefined;
  let match: RegExpExecArray | null = null;
  for (const candidate of routes) {
    match = candidate.pattern.exec(url.pathname);
    if (match) {
      route = candidate;
      break;
    }
  }
  if (!route || !match) {
    sendError(res, 'resource_not_found', { detail: `No route for ${url.pathname}` });
    return;
  }
  const entry = route.methods[req.method ?? 'GET'];
  if (!entry) {
    const allow = Object.keys(route.methods).join(', ');
    sendError(res, 'method_not_allowed', {
      detail: `${req.method ?? ''} is not allowed here; use ${allow}`,
      headers: { allow },
    });
    return;
  }
  const [operationId, handler] = entry;
  const body = await readBody(req);
  if (body.tooLarge) {
    sendError(res, 'payload_too_large');
    return;
  }
  const rawKey = req.headers['api-key'];
  const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
  const keyNotEnforced =
    breaks.has('key-not-enforced') ||
    (operationId === 'createRunStream' && breaks.has('stream-key-not-enforced')) ||
    (operationId === 'getThread' && breaks.has('thread-read-without-key'));
  const tenant =
    key === undefined && keyNotEnforced ? store.tenants.get(referenceKeys.main) : store.tenants.get(key ?? '');
  if (!tenant) {
    sendError(res, 'unauthorized');
    return;
  }
  const refusal = limiter?.take(tenant.id, operationId, breaks);
  if (refusal) {
    rateLimited(res, operationId, refusal, breaks);
    return;
  }
  const params: Record<string, string> = {};
  route.params.forEach((name, index) => {
    params[name] = decodePathSegment(match[index + 1] ?? '');
  });
  try {
    injectFault(req, operationId, {
      budget: answerOperations.has(operationId) ? 15 : 60,
      retryAfter: !breaks.has('retry-after-missing'),
    });
    const issues = Object.entries(params).flatMap(([name, value]) => uuidParam(name, value));
    if (issues.length > 0) throw new ApiError('validation_error', { issues });
    const ctx: Context = { req, res, url, operationId, params, bodyText: body.text, tenant, store, breaks, readings };
    await handler(ctx);
  } catch (error) {
    if (error instanceof ApiError) answerError(res, error, breaks);
    else throw error;
  }
}

/**
 * Builds the reference server (not listening): a fresh state, with these breaks applied and these
 * readings of the open points (merged over the standard ones), and the documented rate limits
 * when `rateLimit` is given (else none: the self-test's other runs are unpaced).
 */
export function buildReferenceServer(
  breaks: ReadonlySet<BreakName>,
  readings: Partial<Readings> = {},
  rateLimit?: RateLimitOptions,
  /** Answers the API's own OpenAPI document at its path before any route. */
  servesDocument?: (req: IncomingMessage, res: ServerResponse) => boolean,
): Server {
  const store = new Store();
  const inForce: Readings = { ...standardReadings, ...readings };
  const limiter = rateLimit ? new ReferenceLimiter(rateLimit) : undefined;
  return createServer((req, res) => {
    if (servesDocument?.(req, res)) return;
    handle(req, res, store, breaks, inForce, limiter).catch(() => {
      if (res.headersSent) res.destroy();
      else sendError(res, 'api_error');
    });
  });
}
