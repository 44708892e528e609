// One call of an operation of the contract, as the transport sends it: the URL from the operation's
// path template, the headers a test may vary, the key chosen by name, the exact body bytes, and the
// reproduction line. ApiClient and the step runner both build their requests here.
import { operationPath } from '../check/operation-path.ts';
import { type OperationId, operations } from '../generated/validators.js';
import { curlLine } from './curl-line.ts';
import { chooseKey, type KeyChoice } from './key-choice.ts';
import type { Target } from './target.ts';
import type { WireRequest } from './transport.ts';

/** What varies in one call. */
export interface OperationCall {
  operationId: OperationId;
  path?: Record<string, string>;
  query?: Record<string, string>;
  /** Header parameters the operation takes (`user-id`); never the key, which `key` chooses. */
  headers?: Record<string, string>;
  /** The exact text of the body and its content type (default JSON); absent: no body. */
  body?: { text: string; contentType?: string };
  /** Fault injection (`code=503`), only for targets that honour it. */
  prefer?: string;
  key: KeyChoice;
}

/** A call ready for the transport, with its URL and a curl line that names the key, never its value. */
export interface PreparedCall {
  request: WireRequest;
  url: string;
  curl: string;
}

/** Builds the request of a call; throws MissingKeyError when the target lacks the key it needs. */
export function prepareCall(
  target: Pick<Target, 'baseURL' | 'apiKey' | 'otherTenantKey'>,
  call: OperationCall,
): PreparedCall {
  const op = operations[call.operationId];
  const query = new URLSearchParams(call.query ?? {});
  const url = `${target.baseURL}${operationPath(call.operationId, call.path)}${query.size ? `?${query}` : ''}`;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.headers ?? {})) {
    // The key travels in `key` only: on the wire from the transport, in curl lines as a variable.
    if (name.toLowerCase() === 'api-key')
      throw new Error('Expected the key to be chosen with `key`, not sent as a header.');
    headers[name.toLowerCase()] = value;
  }
  if (call.body !== undefined) headers['content-type'] = call.body.contentType ?? 'application/json';
  if (call.prefer !== undefined) headers.prefer = call.prefer;
  const key = chooseKey(call.key, target);
  return {
    url,
    curl: curlLine(op.method, url, key.ref, headers, call.body?.text),
    request: {
      method: op.method,
      url,
      headers,
      ...(key.value === undefined ? {} : { key: key.value }),
      ...(call.body === undefined ? {} : { body: Buffer.from(call.body.text, 'utf8') }),
    },
  };
}
