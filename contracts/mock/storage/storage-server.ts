// The storage origin behind the upload URLs: a listener of its own, as a bucket is, that takes
// the PUT of a signed URL without an api-key. It refuses a request that carries one (a real bucket
// would ignore it): an API key sent here would have left the origin its owner named, and the
// double makes that loud. Answers are S3-like JSON ({code, message}).
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../lib/clock.ts';
import { type FileStore, MAX_FILE_BYTES } from '../store/file-store.ts';
import type { UploadUrls } from './upload-urls.ts';

function send(res: ServerResponse, status: number, code: string, message: string, headers = {}): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ code, message });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

/** The body's bytes, or 'too-large' past the limit (the rest is read and dropped, as read-body.ts does). */
function readBytes(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.once('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** The storage listener's request handler. */
export function storageListener(
  files: FileStore,
  urls: UploadUrls,
  clock: Clock,
): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://storage.invalid');
    const fileId = /^\/uploads\/([\w-]{1,64})$/.exec(url.pathname)?.[1];
    if (fileId === undefined) {
      req.resume();
      return send(res, 404, 'NoSuchKey', 'No upload URL has this path. Use the file_url of GET /v1/files/signed-url.');
    }
    if (req.method !== 'PUT') {
      req.resume();
      return send(res, 405, 'MethodNotAllowed', 'Upload the file with PUT.', { allow: 'PUT' });
    }
    if (req.headers['api-key'] !== undefined) {
      req.resume();
      return send(
        res,
        400,
        'KeyNotAccepted',
        'The storage origin takes no api-key: the signed URL is the credential. Send the PUT without it.',
      );
    }
    if (!urls.verify(fileId, url.searchParams.get('expires') ?? '', url.searchParams.get('signature') ?? '')) {
      req.resume();
      return send(res, 403, 'SignatureDoesNotMatch', 'The signature of the upload URL does not match.');
    }
    if (Number(url.searchParams.get('expires')) < clock.now()) {
      req.resume();
      return send(res, 403, 'AccessDenied', 'The upload URL has expired. Request a new one.');
    }
    const file = files.get(fileId);
    if (!file || file.deleted) {
      req.resume();
      return send(res, 404, 'NoSuchKey', 'The file of this upload URL no longer exists.');
    }
    const bytes = await readBytes(req, MAX_FILE_BYTES);
    if (bytes === 'too-large')
      return send(res, 413, 'EntityTooLarge', `The file is larger than ${MAX_FILE_BYTES} bytes (10 MB).`);
    files.upload(file, bytes, clock.now());
    res.writeHead(200, { etag: `"${createHash('md5').update(bytes).digest('hex')}"`, 'content-length': '0' });
    res.end();
  };
  return (req, res) => {
    handle(req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else send(res, 500, 'InternalError', 'The storage origin failed; try again.');
    });
  };
}
