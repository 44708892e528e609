// End users' files, read from the issue's account of "Use Your Own Documents" and the Files pages
// (issue 22), not from contracts/mock: an upload URL on the server's own storage path, whose token
// is the credential (no key), processing for a moment after the bytes arrive, then the status, the
// text, the user's list and attachments on user messages. A file is its user's (the `user-id`
// header): any other caller is answered as for a file that does not exist.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from './context.ts';
import { ApiError, invalid, readBody, sendEmpty, sendError } from './http-io.ts';
import type { FileRecord, Store, ThreadRecord } from './store.ts';

/** How long a file is PROCESSING after its upload. */
export const PROCESSING_MS = 50;

/** The guide's supported types, by extension; a file of another type fails processing. */
export const FILE_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  txt: 'text/plain',
};

/** "Maximum file size: 10 MB". */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const STORAGE_PATH = /^\/storage\/uploads\/([^/]+)$/;

/** The end user a Files call is for: the required `user-id` header. */
export function userOf(ctx: Context): string {
  const raw = ctx.req.headers['user-id'];
  const user = Array.isArray(raw) ? raw[0] : raw;
  if (user === undefined || user.trim() === '')
    invalid([{ loc: ['header', 'user-id'], message: 'Field required', type: 'missing' }]);
  return user;
}

function extensionType(fileName: string): string | undefined {
  return FILE_TYPES[/\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? ''];
}

/** Where processing stands. */
export function processingOf(file: FileRecord, now = Date.now()): 'PROCESSING' | 'PROCESSED' | 'FAILED' {
  if (now - (file.uploadedAt ?? now) < PROCESSING_MS) return 'PROCESSING';
  return extensionType(file.fileName) === undefined ? 'FAILED' : 'PROCESSED';
}

/** The caller's uploaded, undeleted file for `user`, or 404 attachment_document_does_not_exist. */
export function fileOf(ctx: Context, id: string, user: string): FileRecord {
  const file = ctx.store.files.get(id);
  if (!file || file.deleted || file.uploadedAt === undefined || file.tenantId !== ctx.tenant.id || file.userId !== user)
    throw new ApiError('attachment_document_does_not_exist');
  return file;
}

/** A processed file, or the documented refusal while it is processing (409) or when it failed (400). */
export function processed(file: FileRecord): FileRecord {
  const status = processingOf(file);
  if (status === 'PROCESSING') throw new ApiError('conflict');
  if (status === 'FAILED') throw new ApiError('attachment_document_raised_an_error');
  return file;
}

/** A new file awaiting its bytes, and the URL to PUT them to (this server's storage path). */
export function issueFile(ctx: Context, user: string, fileName: string): { file: FileRecord; url: string } {
  const file: FileRecord = {
    id: randomUUID(),
    tenantId: ctx.tenant.id,
    userId: user,
    fileName,
    token: randomUUID().replaceAll('-', ''),
    text: '',
    deleted: false,
  };
  ctx.store.files.set(file.id, file);
  const host = ctx.req.headers.host ?? '127.0.0.1';
  return { file, url: `http://${host}/storage/uploads/${file.id}?token=${file.token}` };
}

/** Answers a PUT to the storage path (no key: the token is the credential); false for any other path. */
export async function handleStorage(
  req: IncomingMessage,
  res: ServerResponse,
  store: Store,
  url: URL,
): Promise<boolean> {
  const match = STORAGE_PATH.exec(url.pathname);
  if (!match) return false;
  const file = store.files.get(match[1] ?? '');
  const body = await readBody(req);
  if (req.method !== 'PUT' || !file || file.deleted || url.searchParams.get('token') !== file.token) {
    sendError(res, 'resource_not_found', { detail: 'No such upload' });
    return true;
  }
  if (body.tooLarge) {
    sendError(res, 'payload_too_large');
    return true;
  }
  // Text and CSV are their own text; nothing is extracted from the other types here.
  const type = extensionType(file.fileName);
  file.text = type === 'text/plain' || type === 'text/csv' ? body.text : '';
  file.uploadedAt = Date.now();
  sendEmpty(res, 200);
  return true;
}

/** One attachment as a message carries it. */
export interface SentAttachment {
  file_id: string;
  user_id: string | null;
  base_url: string | null;
}

/**
 * The attachment rules of Message Validation (at most one per user message, each unique across the
 * thread by file_id, user_id and base_url; 422), then each file: its user's, uploaded, processed.
 */
export function checkAttachments(ctx: Context, thread: ThreadRecord, role: string, sent: SentAttachment[]): void {
  if (sent.length === 0) return;
  if (role !== 'user')
    invalid([{ loc: ['body', 'attachments'], message: 'Attachments go on user messages', type: 'value_error' }]);
  if (sent.length > 1) throw new ApiError('attachment_not_unique', { detail: 'At most one attachment per message' });
  const key = (a: SentAttachment) => JSON.stringify([a.file_id, a.user_id ?? thread.user_id, a.base_url]);
  const held = new Set(thread.messages.filter((m) => !m.deleted).flatMap((m) => (m.attachments ?? []).map(key)));
  for (const a of sent) {
    if (held.has(key(a))) throw new ApiError('attachment_not_unique');
    const user = a.user_id ?? thread.user_id;
    if (user === null) throw new ApiError('attachment_document_does_not_exist');
    processed(fileOf(ctx, a.file_id, user));
  }
}
