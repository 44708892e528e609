// The Files API (Use Your Own Documents): an upload URL on the storage origin, the processing
// status, the user's files, a file's extracted text, and deletion. Every call names the end user
// in `user-id`; a file is the user's own, and any other caller (another user of the tenant,
// another tenant) is answered as for a file that does not exist, 404
// attachment_document_does_not_exist ("not available for the user with user_id").
import { canonicalUuid } from '../config/tenant-directory.ts';
import { ApiError, validationError } from '../http/api-error.ts';
import { issue } from '../http/validation-issues.ts';
import { MAX_FILE_BYTES, type StoredFile, TYPE_BY_EXTENSION, UPLOAD_URL_SECONDS } from '../store/file-store.ts';
import type { Call, Handler, MockState } from './call.ts';

/** One pipeline step of the status page (its camelCase timestamps are the page's). */
interface ProcessingStep {
  createdAt: string;
  endedAt: string | null;
  status: string;
}

/** The page size of GET /v1/files without `limit`: the documented example's. */
export const DEFAULT_FILES_LIMIT = 30;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** End-user ids are free text; uuid-looking ones compare case-insensitively (a thread's user_id is a uuid). */
export function canonicalUser(id: string): string {
  return UUID.test(id) || id.toLowerCase().startsWith('urn:uuid:') ? canonicalUuid(id) : id;
}

function userOf(call: Call): string {
  return canonicalUser(String(call.headers['user-id']));
}

/** The caller's live file named by the path, or the documented 404. */
function fileOf(call: Call, state: MockState): StoredFile {
  const id = String(call.path.file_id);
  const user = userOf(call);
  const file = state.files.get(id);
  if (!file || file.tenantId !== call.tenant.id || file.userId !== user || !state.files.isLive(file, state.clock.now()))
    throw new ApiError(
      'attachment_document_does_not_exist',
      `File ${id} is not available for the user ${user}. Upload one with GET /v1/files/signed-url; list the user's files with GET /v1/files.`,
    );
  return file;
}

export const getUploadUrl: Handler = (call, state) => {
  const fileName = String(call.query.filename);
  if (fileName.trim() === '')
    throw validationError([
      issue(['query', 'filename'], 'Expected a file name with its extension, such as report.pdf.', 'value_error'),
    ]);
  const persist = call.query.persist !== false;
  const file = state.files.issue(call.tenant.id, userOf(call), fileName, persist, state.clock.now());
  const url = state.uploads.url(file.id, file.urlExpiresAtMs);
  if (url === undefined)
    throw new ApiError('attachment_document_not_reachable', 'The storage origin is not listening yet. Try again.');
  return {
    status: 200,
    json: {
      file_url: url,
      expires_in: UPLOAD_URL_SECONDS,
      file_id: file.id,
      file_limits: { max_size: MAX_FILE_BYTES, allowed_types: Object.values(TYPE_BY_EXTENSION) },
    },
  };
};

export const getFileStatus: Handler = (call, state) => {
  const file = fileOf(call, state);
  const now = state.clock.now();
  const uploaded = file.uploadedAtMs ?? now;
  const half = uploaded + state.files.processingMs / 2;
  const done = uploaded + state.files.processingMs;
  const iso = (ms: number) => new Date(ms).toISOString();
  const ended = (ms: number) => (now >= ms ? iso(ms) : null);
  const steps: ProcessingStep[] = [{ createdAt: iso(uploaded), endedAt: ended(half), status: 'ANTIVIRUS_SCANNING' }];
  if (now >= half) steps.push({ createdAt: iso(half), endedAt: ended(done), status: 'TEXT_EXTRACTION' });
  const status = state.files.status(file, now);
  const body = {
    processing_status: status,
    processing_steps: steps,
    warnings: { empty: status === 'PROCESSED' && file.text.trim() === '', infected: false, length: false },
  };
  return { status: 200, json: body };
};

export const listFiles: Handler = (call, state) => {
  const query = call.query as { page?: number; limit?: number };
  const page = query.page ?? 1;
  const limit = query.limit ?? DEFAULT_FILES_LIMIT;
  const all = state.files.listFor(call.tenant.id, userOf(call), state.clock.now());
  const files = all.slice((page - 1) * limit, page * limit).map((f) => ({ file_id: f.id, file_name: f.fileName }));
  return { status: 200, json: { files, limit, page, total: all.length } };
};

export const getFileContent: Handler = (call, state) => {
  const file = fileOf(call, state);
  const status = state.files.status(file, state.clock.now());
  if (status === 'PROCESSING')
    throw new ApiError('conflict', `File ${file.id} is still being processed. Poll GET /v1/files/${file.id}/status.`);
  if (status === 'FAILED')
    throw new ApiError('attachment_document_raised_an_error', `No text could be extracted from ${file.fileName}.`);
  return { status: 200, text: file.text };
};

export const deleteFile: Handler = (call, state) => {
  fileOf(call, state).deleted = true;
  return { status: 204, empty: true };
};
