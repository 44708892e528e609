// Files API ("Use Your Own Documents"): signed upload URL, status, list, content, delete.
// Every call names the end user in the `user-id` header; files are per tenant and user.
import type { Ctx, Reply } from './context.ts';
import { invalidAt, refuse } from './errors.ts';
import {
  ALLOWED_TYPES,
  canonicalUser,
  type FileRecord,
  MAX_SIZE,
  processingStatus,
  statusView,
  TYPE_BY_EXTENSION,
  URL_TTL_SECONDS,
} from './file-store.ts';

const userOf = (ctx: Ctx): string => canonicalUser(ctx.headers['user-id'] as string);

/** Another tenant's file → 403; unknown, not yet uploaded, deleted, expired or another
 *  user's file → 404 ("not available for the user with user_id"). */
function visibleFile(ctx: Ctx): FileRecord {
  const file = ctx.app.files.get(ctx.path.file_id ?? '');
  if (!file) throw refuse.fileMissing();
  if (file.tenantId !== ctx.tenant.id) throw refuse.fileForbidden();
  if (file.userId !== userOf(ctx) || !ctx.app.files.isLive(file, ctx.nowMs)) throw refuse.fileMissing();
  return file;
}

export function signedUrl(ctx: Ctx): Reply {
  const fileName = ctx.query.filename as string;
  if (/[/\\\x00-\x1f]/.test(fileName))
    throw invalidAt(['query', 'filename'], 'File name must not contain path separators or control characters');
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const mimeType = TYPE_BY_EXTENSION[extension];
  if (!mimeType) {
    throw invalidAt(
      ['query', 'filename'],
      `File type not supported; use one of: ${Object.keys(TYPE_BY_EXTENSION)
        .map((e) => `.${e}`)
        .join(', ')}`,
    );
  }
  const persist = (ctx.query.persist as boolean | undefined) ?? true; // "If true (default)"
  const file = ctx.app.files.issue(ctx.tenant.id, userOf(ctx), fileName, mimeType, persist, ctx.nowMs);
  return {
    status: 200,
    json: {
      expires_in: URL_TTL_SECONDS,
      file_id: file.id,
      file_limits: { allowed_types: ALLOWED_TYPES, max_size: MAX_SIZE },
      file_url: ctx.app.uploadUrl(file.id, file.urlExpiresAtMs),
    },
  };
}

export function fileStatus(ctx: Ctx): Reply {
  return { status: 200, json: statusView(visibleFile(ctx), ctx.nowMs) };
}

export function listFiles(ctx: Ctx): Reply {
  const page = (ctx.query.page as number | undefined) ?? 1;
  const limit = (ctx.query.limit as number | undefined) ?? 30; // the documented example answers "limit": 30
  const all = ctx.app.files.listFor(ctx.tenant.id, userOf(ctx), ctx.nowMs);
  const files = all.slice((page - 1) * limit, page * limit).map((f) => ({ file_id: f.id, file_name: f.fileName }));
  return { status: 200, json: { files, limit, page, total: all.length } };
}

/** The extracted text, once processing is done. */
export function fileContent(ctx: Ctx): Reply {
  const file = visibleFile(ctx);
  if (processingStatus(file, ctx.nowMs) !== 'PROCESSED') throw refuse.fileBusy();
  return { status: 200, text: file.text };
}

export function deleteFile(ctx: Ctx): Reply {
  const file = visibleFile(ctx);
  if (processingStatus(file, ctx.nowMs) === 'PROCESSING') throw refuse.fileBusy();
  file.state = 'deleted'; // attachments keep their snapshot: "stay available within that thread"
  return { status: 204 };
}
