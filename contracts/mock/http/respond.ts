// Writing responses. Kept minimal because it is on every request's path: one writeHead with a
// Content-Length, one end, no framework.
import type { ServerResponse } from 'node:http';

const JSON_TYPE = 'application/json';
const NDJSON_TYPE = 'application/x-ndjson';

/** What a handler answers; the pipeline writes it. */
export type Reply =
  | { status: number; json: unknown; headers?: Readonly<Record<string, string>> }
  /** JSON already serialised (the answers build theirs from cached fragments). */
  | { status: number; jsonText: string }
  | { status: number; ndjson: readonly unknown[] }
  /** Plain text (a file's extracted text). */
  | { status: number; text: string }
  | { status: number; empty: true };

function gone(res: ServerResponse): boolean {
  return res.headersSent || res.destroyed;
}

/** Writes a JSON body with its length. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>,
): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** Writes JSON text with its length. */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  headers?: Readonly<Record<string, string>>,
): void {
  if (gone(res)) return;
  // A flat header list is the cheapest form writeHead takes; this runs on every request.
  const list = ['content-type', JSON_TYPE, 'content-length', String(Buffer.byteLength(text))];
  if (headers) for (const name in headers) list.push(name, headers[name] as string);
  res.writeHead(status, list);
  res.end(text);
}

/** Writes plain UTF-8 text with its length. */
export function sendText(res: ServerResponse, status: number, text: string): void {
  if (gone(res)) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Writes one JSON document a line, each line its own write so a client sees chunks arrive. */
export function sendNdjson(res: ServerResponse, status: number, lines: readonly unknown[]): void {
  if (gone(res)) return;
  res.writeHead(status, { 'content-type': NDJSON_TYPE });
  for (const line of lines) res.write(`${JSON.stringify(line)}\n`);
  res.end();
}

/** Writes a reply of any kind. */
export function sendReply(res: ServerResponse, reply: Reply): void {
  if ('json' in reply) sendJson(res, reply.status, reply.json, reply.headers);
  else if ('jsonText' in reply) sendJsonText(res, reply.status, reply.jsonText);
  else if ('ndjson' in reply) sendNdjson(res, reply.status, reply.ndjson);
  else if ('text' in reply) sendText(res, reply.status, reply.text);
  else if (!gone(res)) {
    res.writeHead(reply.status);
    res.end();
  }
}
