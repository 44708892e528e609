// The storage origin behind signed upload URLs (like a pre-signed S3 PUT): a separate
// server that needs no api-key; the signature in the URL is the only credential.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ALLOWED_TYPES, type FileStore, MAX_SIZE } from './file-store.ts';
import { readBody } from './http-io.ts';

export class UploadSigner {
  private readonly secret = randomBytes(32);
  origin = '';

  private signature(fileId: string, expiresAtMs: number): string {
    return createHmac('sha256', this.secret).update(`${fileId}:${expiresAtMs}`).digest('base64url');
  }

  url(fileId: string, expiresAtMs: number): string {
    return `${this.origin}/uploads/${fileId}?expires=${expiresAtMs}&signature=${this.signature(fileId, expiresAtMs)}`;
  }

  verify(fileId: string, expires: string, signature: string): boolean {
    const expected = Buffer.from(this.signature(fileId, Number(expires)));
    const given = Buffer.from(signature);
    return /^\d{1,15}$/.test(expires) && expected.length === given.length && timingSafeEqual(expected, given);
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: Record<string, string> | null,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  if (body === null) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function createStorageHandler(
  files: FileStore,
  signer: UploadSigner,
): (req: IncomingMessage, res: ServerResponse) => void {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://storage.invalid');
    const fileId = /^\/uploads\/([0-9a-f-]{36})$/.exec(url.pathname)?.[1];
    if (!fileId) {
      req.resume();
      send(res, 404, { error_code: 'not_found', detail: 'No such upload URL' });
      return;
    }
    if (req.method !== 'PUT') {
      req.resume();
      send(res, 405, { error_code: 'method_not_allowed', detail: 'Upload with PUT' }, { allow: 'PUT' });
      return;
    }
    const expires = url.searchParams.get('expires') ?? '';
    if (!signer.verify(fileId, expires, url.searchParams.get('signature') ?? '')) {
      req.resume();
      send(res, 403, { error_code: 'signature_does_not_match', detail: 'The upload URL signature is invalid' });
      return;
    }
    if (Number(expires) < Date.now()) {
      req.resume();
      send(res, 403, { error_code: 'request_expired', detail: 'The upload URL has expired; request a new one' });
      return;
    }
    const file = files.get(fileId);
    if (file?.state !== 'awaiting_upload') {
      req.resume();
      send(res, 409, { error_code: 'conflict', detail: 'This upload URL has already been used' });
      return;
    }
    // The type comes from the file name; a Content-Type, if sent, must agree with the allowed list.
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== '' && type !== 'application/octet-stream' && !ALLOWED_TYPES.includes(type)) {
      req.resume();
      send(res, 415, {
        error_code: 'unsupported_media_type',
        detail: `Content-Type must be one of: ${ALLOWED_TYPES.join(', ')}`,
      });
      return;
    }
    const bytes = await readBody(req, MAX_SIZE);
    if (bytes === 'aborted') {
      res.destroy();
      return;
    }
    if (bytes === 'too_large') {
      send(res, 413, { error_code: 'entity_too_large', detail: 'Maximum file size is 10 MB' });
      return;
    }
    files.upload(file, bytes, Date.now());
    send(res, 200, null, { etag: `"${createHash('md5').update(bytes).digest('hex')}"` });
  }
  return (req, res) => {
    handle(req, res).catch(() =>
      send(res, 500, { error_code: 'internal_server_error', detail: 'Internal Server Error' }),
    );
  };
}
