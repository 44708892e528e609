// Files: signed upload URLs, processing status, listing, content, deletion, and the checks a
// user message's attachment must pass. Files belong to (tenant, user-id header).
import { createHmac, randomUUID } from 'node:crypto';
import {
  type Ctx,
  json,
  noContent,
  queryBool,
  queryInt,
  type Route,
  requiredHeader,
  requiredQuery,
} from './context.ts';
import { errors, type Json } from './errors.ts';
import { ALLOWED_TYPES } from './extract.ts';
import type { AttachmentRef, FileRec, Store } from './store.ts';
import { Issues } from './validate.ts';

export const MAX_FILE_SIZE = 10 * 1024 * 1024;
export const URL_EXPIRES_IN = 600;
const SCAN_MS = 50; // antivirus scanning, then text extraction until PROCESSING_MS
export const PROCESSING_MS = 150;
const TEMPORARY_MS = 24 * 3600 * 1000; // persist=false

export function signUpload(secret: Buffer, fileId: string, expires: number): string {
  return createHmac('sha256', secret).update(`${fileId}:${expires}`).digest('hex');
}

const gone = (f: FileRec, nowMs: number): boolean =>
  f.deleted || (!f.persist && f.uploadedAt !== undefined && nowMs > f.uploadedAt + TEMPORARY_MS);

// A file "exists" on the document server once uploaded. Another user's file of the same tenant
// is forbidden; another tenant's file does not exist for the caller.
function fileFor(ctx: Ctx, fileId: string, userId: string | null): FileRec {
  const f = ctx.store.files.get(fileId);
  if (!f || f.tenantId !== ctx.tenant.id || f.uploadedAt === undefined || gone(f, Date.now()) || userId === null)
    throw errors.fileNotFound();
  if (f.userId !== userId) throw errors.attachmentForbidden();
  return f;
}

type Status = 'PROCESSING' | 'PROCESSED' | 'FAILED';
function statusOf(f: FileRec, nowMs: number): { status: Status; json: Json } {
  const u = f.uploadedAt ?? nowMs;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const ended = (ms: number): string | null => (nowMs >= ms ? iso(ms) : null);
  const steps: Json[] = [{ createdAt: iso(u), endedAt: ended(u + SCAN_MS), status: 'ANTIVIRUS_SCANNING' }];
  if (f.kind !== 'infected' && nowMs >= u + SCAN_MS)
    steps.push({ createdAt: iso(u + SCAN_MS), endedAt: ended(u + PROCESSING_MS), status: 'TEXT_EXTRACTION' });
  const doneAt = f.kind === 'infected' ? u + SCAN_MS : u + PROCESSING_MS;
  const status: Status = nowMs < doneAt ? 'PROCESSING' : f.kind === 'ok' ? 'PROCESSED' : 'FAILED';
  const done = status !== 'PROCESSING';
  const warnings = {
    empty: done && f.kind === 'ok' && f.text.trim() === '',
    infected: done && f.kind === 'infected',
    length: done && f.text.length > 100_000,
  };
  return { status, json: { processing_status: status, processing_steps: steps, warnings } };
}

// Processed files only: still processing or infected is 409 conflict, failed extraction 400.
function usable(f: FileRec): FileRec {
  const { status } = statusOf(f, Date.now());
  if (status === 'PROCESSING' || f.kind === 'infected') throw errors.fileConflict();
  if (status === 'FAILED') throw errors.fileServiceError();
  return f;
}

export function resolveAttachment(ctx: Ctx, a: AttachmentRef): FileRec {
  if (a.base_url !== null) {
    let origin: string;
    try {
      const u = new URL(a.base_url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
      origin = u.origin;
    } catch {
      throw errors.attachmentUrlInvalid();
    }
    // Only this service's own document server holds documents.
    if (origin !== new URL(ctx.urls.api).origin && origin !== new URL(ctx.urls.storage).origin)
      throw errors.fileNotFound();
  }
  return usable(fileFor(ctx, a.file_id, a.user_id));
}

// For answers: a file attached to a thread stays readable there even after it was deleted.
export function fileLookup(store: Store): (a: AttachmentRef) => { name: string; text: string } | undefined {
  return (a) => {
    const f = store.files.get(a.file_id);
    return f ? { name: f.fileName, text: f.text } : undefined;
  };
}

const userHeader = (ctx: Ctx, iss: Issues): string | undefined => requiredHeader(ctx, 'user-id', iss);

export const fileRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/files/signed-url',
    handler: (ctx) => {
      const iss = new Issues();
      const fileName = requiredQuery(ctx, 'filename', iss);
      const persist = queryBool(ctx, 'persist', iss, true);
      const userId = userHeader(ctx, iss);
      iss.throwIfAny();
      const f: FileRec = {
        id: randomUUID(),
        tenantId: ctx.tenant.id,
        userId: userId ?? '',
        fileName: fileName ?? '',
        persist: persist ?? true,
        createdAt: Date.now(),
        text: '',
        kind: 'ok',
        deleted: false,
      };
      ctx.store.files.set(f.id, f);
      const expires = Math.floor(Date.now() / 1000) + URL_EXPIRES_IN;
      const fileUrl = `${ctx.urls.storage}/uploads/${f.id}?expires=${expires}&signature=${signUpload(ctx.secret, f.id, expires)}`;
      return json(200, {
        expires_in: URL_EXPIRES_IN,
        file_id: f.id,
        file_limits: { allowed_types: Object.values(ALLOWED_TYPES), max_size: MAX_FILE_SIZE },
        file_url: fileUrl,
      });
    },
  },
  {
    method: 'GET',
    path: '/v1/files',
    handler: (ctx) => {
      const iss = new Issues();
      const page = queryInt(ctx, 'page', iss, 1, { ge: 1 }) ?? 1;
      const limit = queryInt(ctx, 'limit', iss, 30, { ge: 1, le: 100 }) ?? 30;
      const userId = userHeader(ctx, iss);
      iss.throwIfAny();
      const t = Date.now();
      const mine = [...ctx.store.files.values()]
        .filter((f) => f.tenantId === ctx.tenant.id && f.userId === userId && f.uploadedAt !== undefined && !gone(f, t))
        .sort((a, b) => b.createdAt - a.createdAt);
      const files = mine.slice((page - 1) * limit, page * limit).map((f) => ({ file_id: f.id, file_name: f.fileName }));
      return json(200, { files, limit, page, total: mine.length });
    },
  },
  {
    method: 'GET',
    path: '/v1/files/{file_id}/status',
    handler: (ctx) => {
      const iss = new Issues();
      const userId = userHeader(ctx, iss);
      iss.throwIfAny();
      return json(200, statusOf(fileFor(ctx, ctx.params.file_id ?? '', userId ?? null), Date.now()).json);
    },
  },
  {
    method: 'GET',
    path: '/v1/files/{file_id}',
    handler: (ctx) => {
      const iss = new Issues();
      const userId = userHeader(ctx, iss);
      iss.throwIfAny();
      return { status: 200, text: usable(fileFor(ctx, ctx.params.file_id ?? '', userId ?? null)).text };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/files/{file_id}',
    handler: (ctx) => {
      const iss = new Issues();
      const userId = userHeader(ctx, iss);
      iss.throwIfAny();
      fileFor(ctx, ctx.params.file_id ?? '', userId ?? null).deleted = true;
      return noContent();
    },
  },
];
