// Reading request bodies and writing replies, with no way for bad input to crash or hang.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './context.ts';
import { ApiError, invalidAt, refuse } from './errors.ts';

export const MAX_BODY = 4 * 1024 * 1024; // far above 30,000-character messages; keeps memory bounded

/** Reads the whole body; past `limit` it keeps draining (so the client can read our answer)
 *  but stores nothing, and gives up on the connection at 4× the limit. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * 4) req.destroy();
    });
    req.on('end', () => resolve(size > limit ? 'too_large' : Buffer.concat(chunks)));
    // A client that goes away mid-body gets no answer; there is nobody left to read it.
    req.on('error', () => resolve('aborted'));
    req.on('close', () => {
      if (!req.complete) resolve(size > limit ? 'too_large' : 'aborted');
    });
  });
}

/** Parses a JSON request body the way FastAPI does: JSON when the content type is absent,
 *  application/json or application/*+json; anything else is "not an object". */
export function parseJsonBody(req: IncomingMessage, raw: Buffer): unknown {
  if (raw.length === 0) throw invalidAt(['body'], 'Field required', 'missing');
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== '' && type !== 'application/json' && !(type.startsWith('application/') && type.endsWith('+json'))) {
    throw invalidAt(
      ['body'],
      'Input should be a valid dictionary or object to extract fields from',
      'model_attributes_type',
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(raw);
  } catch {
    throw invalidAt(['body'], 'Invalid JSON: the body is not valid UTF-8', 'json_invalid');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw invalidAt(['body'], `JSON decode error: ${e instanceof Error ? e.message : 'invalid JSON'}`, 'json_invalid');
  }
}

function writeHead(res: ServerResponse, status: number, headers: Record<string, string>): void {
  if (res.headersSent) return;
  res.writeHead(status, headers);
}

export function sendReply(res: ServerResponse, reply: Reply, extra: Record<string, string>): void {
  const headers = { ...extra, ...reply.headers };
  if (reply.ndjson) {
    writeHead(res, reply.status, { ...headers, 'content-type': 'application/x-ndjson', 'cache-control': 'no-cache' });
    const lines = reply.ndjson.map((item) => `${JSON.stringify(item)}\n`);
    // One write per line, each on its own turn of the event loop: a real stream, not one blob.
    const next = (i: number): void => {
      if (res.destroyed) return;
      const line = lines[i];
      if (line === undefined) {
        res.end();
        return;
      }
      res.write(line, () => setImmediate(next, i + 1));
    };
    next(0);
    return;
  }
  if (reply.text !== undefined) {
    writeHead(res, reply.status, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    res.end(reply.text);
    return;
  }
  if (reply.json === undefined) {
    writeHead(res, reply.status, headers);
    res.end();
    return;
  }
  writeHead(res, reply.status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(reply.json));
}

export function sendError(res: ServerResponse, error: unknown, extra: Record<string, string>): void {
  if (!(error instanceof ApiError)) {
    // Never leak internals: log here, answer with the documented generic body.
    console.error('[judge] unhandled error:', error);
  }
  const apiError = error instanceof ApiError ? error : refuse.internal();
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendReply(res, { status: apiError.status, json: apiError.body(), headers: apiError.headers }, extra);
}
