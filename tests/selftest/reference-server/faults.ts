// The Prefer fault injection of the decisions doc: `Prefer: code=<status>` answers the first
// documented error of that status for the operation, `Prefer: error=<code>` answers that code.
import type { IncomingMessage } from 'node:http';
import { documentedErrors, type ErrorCode, errorCatalog, type OperationId, wireCode } from './catalog.ts';
import { ApiError, invalid } from './http-io.ts';

/** The preferences of a Prefer header that this server honours. */
function preferences(req: IncomingMessage): { code?: string; error?: string } {
  const raw = req.headers.prefer;
  const text = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  const found: { code?: string; error?: string } = {};
  for (const token of text.split(/[,;]/)) {
    const match = /^\s*(code|error)\s*=\s*"?([^"\s]*)"?\s*$/i.exec(token);
    if (match?.[1] && match[2] !== undefined) found[match[1].toLowerCase() as 'code' | 'error'] = match[2];
  }
  return found;
}

function undocumented(what: string, operationId: OperationId): never {
  return invalid([
    { loc: ['header', 'prefer'], message: `${what} is not a documented error of ${operationId}`, type: 'value_error' },
  ]);
}

/** The headers of a 429: Retry-After (unless broken) and the x-ratelimit-* trio. */
export function rateLimitHeaders(budget: number, withRetryAfter: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(budget),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': '1',
  };
  if (withRetryAfter) headers['retry-after'] = '1';
  return headers;
}

/** Throws the injected error the request prefers, if any. */
export function injectFault(
  req: IncomingMessage,
  operationId: OperationId,
  options: { budget: number; retryAfter: boolean },
): void {
  const { code, error } = preferences(req);
  if (code === undefined && error === undefined) return;
  const documented = documentedErrors[operationId];
  let chosen: ErrorCode | undefined;
  if (error !== undefined) {
    // A code documented at two statuses (bad_request: 400 and 413) takes the status from code=.
    chosen = documented.find(
      (c) => wireCode(c) === error && (code === undefined || String(errorCatalog[c].status) === code),
    );
    if (!chosen) undocumented(code === undefined ? `error=${error}` : `code=${code}, error=${error}`, operationId);
  } else {
    chosen = documented.find((c) => String(errorCatalog[c].status) === code);
    if (!chosen) undocumented(`code=${code}`, operationId);
  }
  if (chosen === 'validation_error')
    invalid([{ loc: ['header', 'prefer'], message: 'Injected by Prefer', type: 'injected' }]);
  const headers = errorCatalog[chosen].status === 429 ? rateLimitHeaders(options.budget, options.retryAfter) : {};
  throw new ApiError(chosen, { headers });
}
