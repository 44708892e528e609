// The end users' files ("Use Your Own Documents"): issued with an upload URL, uploaded to the
// storage origin, processed for a while, then readable and attachable. Per tenant and user (the
// `user-id` header), in memory and bounded like the thread store.
import { randomUUID } from 'node:crypto';

/** The supported types by extension (the guide's table); other files fail processing. */
export const TYPE_BY_EXTENSION: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  txt: 'text/plain',
};

/** "Maximum file size: 10 MB" (file_limits.max_size of the documented answer). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** How long an upload URL stays valid (the documented expires_in). */
export const UPLOAD_URL_SECONDS = 600;

/** persist=false: "removed after 24 h". */
const TRANSIENT_MS = 24 * 60 * 60 * 1000;

/** What processing says of a file, as the status page shows it. */
export type ProcessingStatus = 'PROCESSING' | 'PROCESSED' | 'FAILED';

/** One file of one user. */
export interface StoredFile {
  id: string;
  seq: number;
  tenantId: string;
  userId: string;
  fileName: string;
  persist: boolean;
  /** When the upload URL expires. */
  urlExpiresAtMs: number;
  /** Set by the upload; a file exists for the other calls only from then on. */
  uploadedAtMs?: number;
  text: string;
  deleted: boolean;
}

/** The extension's type, or undefined when the guide does not list it. */
export function typeOfName(fileName: string): string | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return TYPE_BY_EXTENSION[extension];
}

/** The files, by id. A Map keeps insertion order, so the oldest is forgotten first past `maxFiles`. */
export class FileStore {
  readonly #files = new Map<string, StoredFile>();
  #seq = 0;

  readonly maxFiles: number;
  /** How long processing takes after an upload. */
  readonly processingMs: number;
  constructor(options: { maxFiles: number; processingMs: number }) {
    this.maxFiles = options.maxFiles;
    this.processingMs = options.processingMs;
  }

  /** A new file awaiting its upload. */
  issue(tenantId: string, userId: string, fileName: string, persist: boolean, nowMs: number): StoredFile {
    const file: StoredFile = {
      id: randomUUID(),
      seq: ++this.#seq,
      tenantId,
      userId,
      fileName,
      persist,
      urlExpiresAtMs: Math.floor(nowMs) + UPLOAD_URL_SECONDS * 1000,
      text: '',
      deleted: false,
    };
    this.#files.set(file.id, file);
    while (this.#files.size > this.maxFiles) {
      const oldest = this.#files.keys().next();
      if (oldest.done) break;
      this.#files.delete(oldest.value);
    }
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.#files.get(id);
  }

  /** Stores the uploaded bytes and starts processing again (a second PUT replaces the file). */
  upload(file: StoredFile, bytes: Buffer, nowMs: number): void {
    file.uploadedAtMs = nowMs;
    // Text and CSV are their own extraction; the mock extracts nothing from binary formats.
    const type = typeOfName(file.fileName);
    file.text = type === 'text/plain' || type === 'text/csv' ? bytes.toString('utf8') : '';
  }

  /** Uploaded, not deleted, and not past its 24 hours when it was not to persist. */
  isLive(file: StoredFile, nowMs: number): boolean {
    if (file.deleted || file.uploadedAtMs === undefined) return false;
    return file.persist || nowMs - file.uploadedAtMs < TRANSIENT_MS;
  }

  status(file: StoredFile, nowMs: number): ProcessingStatus {
    if (nowMs - (file.uploadedAtMs ?? nowMs) < this.processingMs) return 'PROCESSING';
    return typeOfName(file.fileName) === undefined ? 'FAILED' : 'PROCESSED';
  }

  /** A user's live files, newest first. */
  listFor(tenantId: string, userId: string, nowMs: number): StoredFile[] {
    return [...this.#files.values()]
      .filter((f) => f.tenantId === tenantId && f.userId === userId && this.isLive(f, nowMs))
      .sort((a, b) => b.seq - a.seq);
  }
}
