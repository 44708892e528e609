// The Files API: an upload URL, the user's files, a file's status, its text, and deleting it.
import type { Context } from '../context.ts';
import { FILE_TYPES, fileOf, issueFile, MAX_FILE_BYTES, processed, processingOf, userOf } from '../files.ts';
import { invalid, sendEmpty, sendJson } from '../http-io.ts';

function fileIdParam(ctx: Context): string {
  return ctx.params.file_id ?? '';
}

function wholeQuery(ctx: Context, name: string, fallback: number, min: number, max: number): number {
  const raw = ctx.url.searchParams.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    invalid([
      { loc: ['query', name], message: `Input should be a whole number from ${min} to ${max}`, type: 'int_parsing' },
    ]);
  return value;
}

/** getUploadUrl: `filename` required, `persist` a boolean; the file is the user's once its bytes arrive. */
export function getUploadUrl(ctx: Context): void {
  const user = userOf(ctx);
  const fileName = ctx.url.searchParams.get('filename');
  if (fileName === null || fileName.trim() === '')
    invalid([{ loc: ['query', 'filename'], message: 'Field required', type: 'missing' }]);
  const persist = ctx.url.searchParams.get('persist');
  if (persist !== null && !['true', 'false'].includes(persist.toLowerCase()))
    invalid([{ loc: ['query', 'persist'], message: 'Input should be a valid boolean', type: 'bool_parsing' }]);
  const { file, url } = issueFile(ctx, user, fileName);
  sendJson(ctx.res, 200, {
    file_url: url,
    expires_in: 600,
    file_id: file.id,
    file_limits: { max_size: MAX_FILE_BYTES, allowed_types: Object.values(FILE_TYPES) },
  });
}

/** listFiles: the user's uploaded files, newest first, 1-based pages of at most 100. */
export function listFiles(ctx: Context): void {
  const user = userOf(ctx);
  const page = wholeQuery(ctx, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  const limit = wholeQuery(ctx, 'limit', 30, 1, 100);
  const mine = [...ctx.store.files.values()]
    .filter((f) => f.tenantId === ctx.tenant.id && f.userId === user && !f.deleted && f.uploadedAt !== undefined)
    .reverse();
  const files = mine.slice((page - 1) * limit, page * limit).map((f) => ({ file_id: f.id, file_name: f.fileName }));
  sendJson(ctx.res, 200, { files, limit, page, total: mine.length });
}

/** getFileStatus: the status and its two steps (scanning, then text extraction). */
export function getFileStatus(ctx: Context): void {
  const file = fileOf(ctx, fileIdParam(ctx), userOf(ctx));
  const status = processingOf(file);
  const at = new Date(file.uploadedAt ?? Date.now()).toISOString();
  const done = status === 'PROCESSING' ? null : new Date().toISOString();
  sendJson(ctx.res, 200, {
    processing_status: status,
    processing_steps: [
      { createdAt: at, endedAt: done ?? at, status: 'ANTIVIRUS_SCANNING' },
      { createdAt: at, endedAt: done, status: 'TEXT_EXTRACTION' },
    ],
    warnings: { empty: status === 'PROCESSED' && file.text.trim() === '', infected: false, length: false },
  });
}

/** getFileContent: the extracted text, as text/plain, once processed. */
export function getFileContent(ctx: Context): void {
  const file = processed(fileOf(ctx, fileIdParam(ctx), userOf(ctx)));
  ctx.res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(file.text)),
  });
  ctx.res.end(file.text);
}

/** deleteFile: 204; the file is gone for every later call. */
export function deleteFile(ctx: Context): void {
  fileOf(ctx, fileIdParam(ctx), userOf(ctx)).deleted = true;
  sendEmpty(ctx.res, 204);
}
