import { createHash, randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import type { Target } from './target.ts';

/** The suite's own headers between client and injector; they never reach the API or a curl line. */
export const SUITE_HEADER_PREFIX = 'x-agents-api-suite-';
/** The header by which the client names the key it wants; the injector swaps it for `api-key`. */
export const KEY_REF_HEADER = `${SUITE_HEADER_PREFIX}key`;
/** Set on the injector's own answer when the API could not be reached. */
export const NO_RESPONSE_HEADER = `${SUITE_HEADER_PREFIX}no-response`;
/** The sha256 of the body bytes the client meant to send; the injector compares the bytes it received. */
export const BODY_HASH_HEADER = `${SUITE_HEADER_PREFIX}body-sha256`;
/** Set on the injector's own answer when the bytes that arrived differ from the bytes meant. */
export const WIRE_MISMATCH_HEADER = `${SUITE_HEADER_PREFIX}wire-mismatch`;

/** The hash a client puts in BODY_HASH_HEADER. */
export function bodyHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host'];

/** A running injector: the client sends its requests here instead of to the API. */
export interface KeyInjector {
  url: string;
  /** Sent with the key reference: another local process cannot borrow the key without it. */
  token: string;
  close(): Promise<void>;
}

function forwardedHeaders(
  incoming: IncomingHttpHeaders,
  target: Target,
  upstream: URL,
  token: string,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !HOP_BY_HOP.includes(name) && !name.startsWith(SUITE_HEADER_PREFIX)) out[name] = value;
  }
  const ref = incoming[KEY_REF_HEADER];
  if (ref === `main ${token}`) out['api-key'] = target.apiKey;
  if (ref === `other ${token}` && target.otherTenantKey) out['api-key'] = target.otherTenantKey;
  out.host = upstream.host;
  return out;
}

/**
 * A loopback proxy that adds the API key on the way out. Playwright's request fixture records
 * every header it sends (call logs in errors, the HTML report, traces); with the key added here,
 * the key never enters Playwright, so no report can contain it.
 */
export async function startKeyInjector(target: Target): Promise<KeyInjector> {
  const origin = new URL(target.baseURL).origin;
  const token = randomBytes(16).toString('hex');
  const server: Server = createServer((req, res) => {
    const upstream = new URL(req.url ?? '/', origin);
    const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // A client library may rewrite a body (Playwright sends a string that is not JSON as a JSON
      // string literal): the bytes that arrived must be the bytes the test meant, or nothing is sent.
      const meant = req.headers[BODY_HASH_HEADER];
      const body = Buffer.concat(chunks);
      if (typeof meant === 'string' && meant !== bodyHash(body)) {
        res
          .writeHead(502, { [WIRE_MISMATCH_HEADER]: `${body.length} bytes arrived`, 'content-type': 'text/plain' })
          .end();
        return;
      }
      let answered = false;
      const options = {
        method: req.method,
        headers: forwardedHeaders(req.headers, target, upstream, token),
        timeout: target.requestTimeoutMs,
      };
      const forward = send(upstream, options, (answer) => {
        answered = true;
        const headers = Object.fromEntries(
          Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.includes(name)),
        );
        res.writeHead(answer.statusCode ?? 502, headers);
        // An answer cut off upstream (a stream that breaks) is cut off here too, never left hanging.
        pipeline(answer, res, (error) => {
          if (error) res.destroy(error);
        });
      });
      forward.on('timeout', () =>
        forward.destroy(new Error(`no answer within ${target.requestTimeoutMs} ms (LIVE_REQUEST_TIMEOUT_MS)`)),
      );
      // The client gave up (test timeout): stop waiting for the API too.
      res.on('close', () => {
        if (!res.writableFinished) forward.destroy();
      });
      forward.on('error', (error) => {
        // A server may answer (413) before it has read the whole upload and then close: the
        // write fails, but its answer is already on the way. Give it a moment to arrive.
        setTimeout(() => {
          if (answered) return;
          // Node's network errors name the host and the cause, never the headers.
          if (res.headersSent) return void res.destroy();
          res
            .writeHead(502, { [NO_RESPONSE_HEADER]: encodeURIComponent(error.message), 'content-type': 'text/plain' })
            .end();
        }, 100);
      });
      // One write of the whole body, as a plain client sends it.
      forward.end(body);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
