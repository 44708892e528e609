// Low-level HTTP plumbing: reading bodies, decoding them like FastAPI, writing replies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, type Json } from './errors.ts';
import { type Issues, type Obj, obj, validationError } from './validate.ts';

export type Reply =
  | { status: number; json?: Json; text?: string; headers?: Record<string, string> }
  | { status: 200; ndjson: Json[] };

export type Body = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'bytes'; text: string };

// Drains the whole body (so keep-alive connections stay usable) but keeps at most `max` bytes.
export async function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size <= max) chunks.push(b);
  }
  return size > max ? 'too_large' : Buffer.concat(chunks);
}

// FastAPI parses the body as JSON when the content type is JSON or absent, otherwise hands the
// raw bytes to pydantic (which then refuses them as "not a dictionary"). Invalid JSON is a 422
// json_invalid error raised before any other validation.
export function parseBody(raw: Buffer, contentType: string | undefined): Body {
  if (raw.length === 0) return { kind: 'none' };
  const text = decodeUtf8(raw);
  const mime = contentType?.split(';')[0]?.trim().toLowerCase();
  if (
    mime !== undefined &&
    mime !== '' &&
    !(mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json')))
  )
    return { kind: 'bytes', text };
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch (e) {
    const message = e instanceof Error ? e.message : 'Expecting value';
    const pos = Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
    throw validationError([
      { type: 'json_invalid', loc: ['body', pos], msg: 'JSON decode error', input: {}, ctx: { error: message } },
    ]);
  }
}

// The body as the model's input: a missing body is "missing" when required and {} otherwise.
export function bodyObject(body: Body, iss: Issues, requiredBody: boolean): Obj | undefined {
  if (body.kind === 'none' || (body.kind === 'json' && body.value === null)) {
    if (requiredBody) return iss.add('missing', ['body'], 'Field required', null);
    return {};
  }
  return obj(body.kind === 'json' ? body.value : body.text, ['body'], iss);
}

// UTF-8 decoding that never fails: bytes that are not valid UTF-8 become lone surrogates
// (Python's "surrogateescape"), which the message content rule then refuses as broken Unicode.
export function decodeUtf8(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
  } catch {
    let out = '';
    for (let i = 0; i < buf.length; ) {
      const b = buf[i] ?? 0;
      const need =
        b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
      let cp = need === 0 ? b : need === 1 ? b & 0x1f : need === 2 ? b & 0x0f : b & 0x07;
      let ok = need >= 0 && i + need < buf.length;
      for (let k = 1; ok && k <= need; k++) {
        const c = buf[i + k] ?? 0;
        if ((c & 0xc0) !== 0x80) ok = false;
        cp = (cp << 6) | (c & 0x3f);
      }
      const min = [0, 0x80, 0x800, 0x10000][need] ?? 0;
      if (ok && cp >= min && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) {
        out += String.fromCodePoint(cp);
        i += need + 1;
      } else {
        out += String.fromCharCode(0xdc00 + b);
        i += 1;
      }
    }
    return out;
  }
}

export async function writeReply(res: ServerResponse, reply: Reply, head: boolean): Promise<void> {
  if ('ndjson' in reply) {
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-cache' });
    for (const line of reply.ndjson) {
      if (!head) res.write(`${JSON.stringify(line)}\n`);
      // Yield between lines so that clients really receive a stream of chunks.
      await new Promise((r) => setImmediate(r));
    }
    res.end();
    return;
  }
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let payload: Buffer | undefined;
  if (reply.json !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.json));
    headers['content-type'] = 'application/json';
  } else if (reply.text !== undefined) {
    payload = Buffer.from(reply.text);
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
  if (payload) headers['content-length'] = String(payload.length);
  res.writeHead(reply.status, headers);
  res.end(head ? undefined : payload);
}

export function errorReply(e: unknown): Reply {
  if (e instanceof ApiError) return { status: e.status, json: e.body, headers: e.headers };
  // Never a stack trace in a body (Error Handling guide: generic 500).
  console.error('[judge] unexpected error:', e);
  return { status: 500, json: { error_code: 'internal_server_error', detail: 'Internal Server Error' } };
}
