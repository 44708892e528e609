// A loopback proxy in front of a server that rewrites chosen answers: the drift tests inject
// known differences with it, so they can show each one is found and named.
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An answer as the proxy hands it on; a rewrite may change any part. */
export interface ProxiedAnswer {
  method: string;
  path: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Starts a proxy to `upstream` on 127.0.0.1 that passes every answer through `rewrite`. */
export async function startRewritingProxy(
  upstream: string,
  rewrite: (answer: ProxiedAnswer) => ProxiedAnswer,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forward = request(
        new URL(req.url ?? '/', upstream),
        { method: req.method, headers: { ...req.headers, host: new URL(upstream).host } },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (c: Buffer) => body.push(c));
          answer.on('end', () => {
            const headers = { ...answer.headers };
            delete headers['content-length'];
            delete headers['transfer-encoding'];
            const out = rewrite({
              method: req.method ?? 'GET',
              path: req.url ?? '/',
              status: answer.statusCode ?? 502,
              headers,
              body: Buffer.concat(body).toString('utf8'),
            });
            res.writeHead(out.status, out.headers).end(out.body);
          });
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
