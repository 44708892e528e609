// The API's own OpenAPI document, served at a path of the API's choosing, as a live API may: what the
// suite's first contact (`--openapi-path`, the global setup) reads and compares with ours.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A document and the path it is served at. */
export interface ServedDocument {
  path: string;
  document: unknown;
}

/** A request for the document, or for an /openapi.json the API does not serve there. */
export interface DocumentAsk {
  path: string;
  withKey: boolean;
}

/**
 * A handler that answers the document at its path and records every ask (at that path or at any
 * /openapi.json); it returns false for every other request, which the API answers as usual, and for
 * every request when there is no document (an API that serves none).
 */
export function documentHandler(
  served: ServedDocument,
  asked: DocumentAsk[],
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const body = served.document === undefined ? undefined : JSON.stringify(served.document);
  return (req, res) => {
    const path = req.url ?? '';
    if (path === served.path || path.endsWith('/openapi.json'))
      asked.push({ path, withKey: req.headers['api-key'] !== undefined });
    if (body === undefined || path !== served.path) return false;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    return true;
  };
}
