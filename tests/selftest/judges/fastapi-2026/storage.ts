// The storage origin behind signed upload URLs (an S3-like bucket): no api-key, the URL's
// signature and expiry are the authorisation. A successful PUT starts processing.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extract } from './extract.ts';
import { MAX_FILE_SIZE, signUpload } from './files.ts';
import { readBody } from './http.ts';
import type { Store } from './store.ts';

function send(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ code, message });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

export function createStorageHandler(store: Store, secret: Buffer) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res, store, secret).catch(() => {
      if (!res.headersSent) send(res, 500, 'InternalError', 'We encountered an internal error. Please try again.');
      else res.destroy();
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, store: Store, secret: Buffer): Promise<void> {
  const raw = await readBody(req, MAX_FILE_SIZE);
  const url = new URL(`http://storage${(req.url ?? '/').startsWith('/') ? req.url : '/'}`);
  const m = /^\/uploads\/([^/]+)$/.exec(url.pathname);
  if (!m) return send(res, 404, 'NoSuchKey', 'The specified key does not exist.');
  if (req.method !== 'PUT')
    return send(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', {
      allow: 'PUT',
    });
  const fileId = m[1] ?? ''; // our file ids are UUIDs: nothing to percent-decode
  const expires = Number(url.searchParams.get('expires'));
  const given = Buffer.from(url.searchParams.get('signature') ?? '');
  const expected = Buffer.from(signUpload(secret, fileId, expires));
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return send(
      res,
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );
  if (Date.now() / 1000 > expires) return send(res, 403, 'AccessDenied', 'Request has expired');
  if (raw === 'too_large')
    return send(
      res,
      413,
      'EntityTooLarge',
      `Your proposed upload exceeds the maximum allowed size of ${MAX_FILE_SIZE} bytes.`,
    );
  const f = store.files.get(fileId);
  if (!f || f.deleted) return send(res, 404, 'NoSuchKey', 'The specified key does not exist.');
  // A second PUT replaces the object and restarts processing, as on S3.
  Object.assign(f, extract(f.fileName, raw), { uploadedAt: Date.now() });
  res.writeHead(200, { etag: `"${createHash('md5').update(raw).digest('hex')}"`, 'content-length': '0' });
  res.end();
}
