// A loopback API that serves its own OpenAPI document: the embedded mock, with /openapi.json (or
// another path) answered in front of it. The document is ours, changed by the caller, so a test
// knows exactly where the two differ.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MOCK_KEYS } from '../../contracts/client/target.ts';
import { build } from '../../contracts/mock/build.ts';
import type { Node } from '../../contracts/spec-document.ts';
import { type DocumentAsk, documentHandler } from './reference-server/served-document.ts';

/** The running API and what it received at the document's path. */
export interface ServingApi {
  url: string;
  apiKey: string;
  otherTenantApiKey: string;
  /** How often the document was asked for, and with which api-key values' presence. */
  asked: DocumentAsk[];
  close(): Promise<void>;
}

/** Starts the mock, and in front of it an API that answers `document` at `path` (none: every path goes to the mock). */
export async function startServingApi(document?: Node, path = '/openapi.json'): Promise<ServingApi> {
  const mock = build({ rateLimit: false });
  await new Promise<void>((resolve) => mock.listen(0, '127.0.0.1', resolve));
  const upstream = `http://127.0.0.1:${(mock.address() as AddressInfo).port}`;
  const asked: ServingApi['asked'] = [];
  // As the reference server serves its document (with none, every path goes to the mock).
  const servesDocument = documentHandler({ path, document }, asked);
  const front: Server = createServer((req, res) => {
    if (servesDocument(req, res)) return;
    const forward = request(`${upstream}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    apiKey: MOCK_KEYS.main,
    otherTenantApiKey: MOCK_KEYS.otherTenant,
    asked,
    close: async () => {
      for (const server of [front, mock]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}
