// A broken or hostile API on loopback (issue 23): in front of the independent reference server,
// each operation can be switched to misbehave as real gateways, proxies and broken deployments do;
// every other request is passed through. A second listener on another loopback address (another
// origin) records every api-key that reaches it: a redirect must never carry the key there.
import { randomUUID } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { type OperationId, operations } from '../../contracts/generated/validators.js';
import { type ReferenceServer, startReferenceServer } from './reference-server/index.ts';

/** The behaviours of issue 23's table, one switch each. */
export type Behaviour =
  /** run/stream: valid NDJSON lines, as fast as the client reads, forever. */
  | 'endless-ndjson'
  /** A JSON body that never ends. */
  | 'endless-json'
  /** One byte a second. */
  | 'drip'
  /** Accepts the connection and never answers. */
  | 'silent'
  /** 307 to the same path on another origin. */
  | 'redirect'
  /** Resets the connection. */
  | 'reset'
  /** A small gzip body that expands to 16 MiB. */
  | 'gzip-bomb'
  /** 429s whose Retry-After asks for a day, a negative wait, a word, a date in 2100. */
  | 'retry-after-day'
  | 'retry-after-negative'
  | 'retry-after-word'
  | 'retry-after-far-date'
  /** HTTP/1.0 without Content-Length: half a body, then the connection stays open. */
  | 'http10-no-length'
  /** Transfer-Encoding: chunked with a chunk size that is not hex. */
  | 'broken-chunking';

/** Per operation: one behaviour for every call, or one per call in turn (the last repeats; `pass` passes). */
export type Switches = Partial<Record<OperationId, Behaviour | Array<Behaviour | 'pass'>>>;

/** A running hostile API. */
export interface HostileApi {
  url: string;
  apiKey: string;
  otherTenantApiKey: string;
  /** The other origin (another loopback address) that redirects point to. */
  otherOrigin: string;
  /** Every api-key value that reached the other origin (must stay empty). */
  keysAtOtherOrigin: string[];
  /** Requests that reached the other origin, with or without a key. */
  requestsAtOtherOrigin(): number;
  /** Threads the reference server still holds, for both tenants (must be none after a run). */
  threadsLeft(): Promise<number>;
  close(): Promise<void>;
}

const RETRY_AFTER: Partial<Record<Behaviour, string>> = {
  'retry-after-day': '86400',
  'retry-after-negative': '-5',
  'retry-after-word': 'soon',
  'retry-after-far-date': 'Fri, 01 Jan 2100 00:00:00 GMT',
};

let bomb: Buffer | undefined;
/** 16 MiB of a JSON string's content, gzipped to about 16 KB. */
function gzipBomb(): Buffer {
  bomb ??= gzipSync(Buffer.concat([Buffer.from('{"content":"'), Buffer.alloc(16 * 1024 * 1024, 0x61)]));
  return bomb;
}

/** The operation a request names, by method and path template. */
function operationOf(method: string, path: string): OperationId | undefined {
  for (const [id, op] of Object.entries(operations)) {
    if (op.method !== method) continue;
    const pattern = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(path)) return id as OperationId;
  }
  return undefined;
}

/** Writes `chunk` for as long as the client reads, as fast as it reads. */
function pump(res: ServerResponse, chunk: Buffer): void {
  const write = () => {
    while (!res.destroyed && res.write(chunk));
  };
  res.on('drain', write);
  write();
}

function raw(socket: Socket, text: string): void {
  socket.write(text);
}

function misbehave(
  behaviour: Behaviour,
  req: IncomingMessage,
  res: ServerResponse,
  api: { otherOrigin: string },
): void {
  const socket = req.socket;
  switch (behaviour) {
    case 'endless-ndjson': {
      const id = randomUUID();
      const line = `${JSON.stringify({ created_at: '2025-01-15T10:00:00.000000+00:00', delta: { content: 'Hallo ', role: 'assistant' }, message_id: id, thread_id: id })}\n`;
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      pump(res, Buffer.from(line.repeat(256)));
      return;
    }
    case 'endless-json':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"endless","content":"');
      pump(res, Buffer.alloc(64 * 1024, 0x61));
      return;
    case 'drip': {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.flushHeaders();
      const timer = setInterval(() => res.write(' '), 1_000);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'silent':
      return;
    case 'redirect':
      res.writeHead(307, { location: `${api.otherOrigin}${req.url ?? '/'}`, 'content-length': '0' }).end();
      return;
    case 'reset':
      socket.resetAndDestroy();
      return;
    case 'gzip-bomb': {
      const body = gzipBomb();
      res
        .writeHead(200, {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'content-length': String(body.length),
        })
        .end(body);
      return;
    }
    case 'http10-no-length':
      raw(socket, 'HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n[{"id":"');
      return;
    case 'broken-chunking':
      raw(
        socket,
        'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n[]\r\n',
      );
      return;
    default: {
      const retryAfter = RETRY_AFTER[behaviour] ?? '1';
      res
        .writeHead(429, {
          'content-type': 'application/json',
          'retry-after': retryAfter,
          'x-ratelimit-limit': '15',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': '1',
        })
        .end(JSON.stringify({ error_code: 'rate_limit_gateway', detail: 'Rate limit exceeded' }));
    }
  }
}

/** Passes a request through to the reference server. */
function pass(req: IncomingMessage, res: ServerResponse, reference: ReferenceServer): void {
  const upstream = httpRequest(
    `${reference.url}${req.url ?? '/'}`,
    { method: req.method ?? 'GET', headers: { ...req.headers, host: new URL(reference.url).host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

function listen(server: Server, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Starts the reference server, the hostile front on 127.0.0.1 and the other origin on 127.0.0.2. */
export async function startHostileApi(switches: Switches): Promise<HostileApi> {
  // Made before the first request, so that making it is never mistaken for a slow server.
  if (Object.values(switches).flat().includes('gzip-bomb')) gzipBomb();
  const reference = await startReferenceServer();
  const keysAtOtherOrigin: string[] = [];
  let requestsAtOtherOrigin = 0;
  const other = createServer((req, res) => {
    requestsAtOtherOrigin += 1;
    const key = req.headers['api-key'];
    if (key !== undefined) keysAtOtherOrigin.push(String(key));
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  const otherOrigin = await listen(other, '127.0.0.2');
  const calls = new Map<OperationId, number>();
  const front = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const op = operationOf(req.method ?? 'GET', path);
    const setting = op === undefined ? undefined : switches[op];
    let behaviour: Behaviour | 'pass' | undefined;
    if (op !== undefined && setting !== undefined) {
      const n = calls.get(op) ?? 0;
      calls.set(op, n + 1);
      behaviour = Array.isArray(setting) ? setting[Math.min(n, setting.length - 1)] : setting;
    }
    if (behaviour === undefined || behaviour === 'pass') return pass(req, res, reference);
    // The request body is read and dropped, so that an answer never races an upload.
    req.resume();
    misbehave(behaviour, req, res, { otherOrigin });
  });
  const url = await listen(front, '127.0.0.1');
  const count = async (key: string): Promise<number> => {
    const res = await fetch(`${reference.url}/v1/threads?limit=100`, { headers: { 'api-key': key } });
    const body = (await res.json()) as { items?: unknown[] } | unknown[];
    return Array.isArray(body) ? body.length : (body.items?.length ?? 0);
  };
  return {
    url,
    apiKey: reference.apiKey,
    otherTenantApiKey: reference.otherTenantApiKey,
    otherOrigin,
    keysAtOtherOrigin,
    requestsAtOtherOrigin: () => requestsAtOtherOrigin,
    threadsLeft: async () => (await count(reference.apiKey)) + (await count(reference.otherTenantApiKey)),
    close: async () => {
      await Promise.all([close(front), close(other)]);
      await reference.close();
    },
  };
}
