// Uploaded documents ("Use Your Own Documents"). A file is issued with a signed URL, becomes
// real when PUT to the storage origin, is then processed for a short, fixed time (antivirus,
// text extraction) and is usable as an attachment once PROCESSED.
import { randomUUID } from 'node:crypto';
import { isUuid } from './schema.ts';

export const MAX_SIZE = 10 * 1024 * 1024; // "Maximum file size: 10 MB" (10485760 in file_limits)
export const URL_TTL_SECONDS = 600; // "expires_in": 600
export const PROCESSING_MS = 300; // long enough that a poll can see PROCESSING, short for tests
const SCAN_MS = 100;
const TRANSIENT_MS = 24 * 60 * 60 * 1000; // persist=false: "removed after 24h"

export const TYPE_BY_EXTENSION: Record<string, string> = {
  csv: 'text/csv',
  txt: 'text/plain',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
export const ALLOWED_TYPES = Object.values(TYPE_BY_EXTENSION);

export interface FileRecord {
  id: string;
  seq: number;
  tenantId: string;
  userId: string;
  fileName: string;
  mimeType: string;
  persist: boolean;
  urlExpiresAtMs: number;
  state: 'awaiting_upload' | 'uploaded' | 'deleted';
  uploadedAtMs: number;
  size: number;
  infected: boolean;
  text: string;
}

/** End-user ids are free text on the files pages; uuid-looking ones compare case-insensitively
 *  so a thread's (lower-cased) user_id matches the user-id header of the upload. */
export const canonicalUser = (id: string): string => (isUuid(id) ? id.toLowerCase() : id);

export type ProcessingStatus = 'PROCESSING' | 'PROCESSED' | 'FAILED';

export class FileStore {
  private readonly byId = new Map<string, FileRecord>();
  private seq = 0;

  issue(
    tenantId: string,
    userId: string,
    fileName: string,
    mimeType: string,
    persist: boolean,
    nowMs: number,
  ): FileRecord {
    const record: FileRecord = {
      id: randomUUID(),
      seq: ++this.seq,
      tenantId,
      userId,
      fileName,
      mimeType,
      persist,
      urlExpiresAtMs: nowMs + URL_TTL_SECONDS * 1000,
      state: 'awaiting_upload',
      uploadedAtMs: 0,
      size: 0,
      infected: false,
      text: '',
    };
    this.byId.set(record.id, record);
    return record;
  }

  get(id: string): FileRecord | undefined {
    return this.byId.get(id);
  }

  upload(record: FileRecord, bytes: Buffer, nowMs: number): void {
    record.state = 'uploaded';
    record.uploadedAtMs = nowMs;
    record.size = bytes.length;
    // The EICAR test string stands in for a virus so clients can exercise the "infected" path.
    record.infected = bytes.includes('EICAR-STANDARD-ANTIVIRUS-TEST-FILE');
    record.text = extractText(bytes, record.mimeType);
  }

  /** Usable through the files API: uploaded, not deleted, not expired (persist=false). */
  isLive(record: FileRecord, nowMs: number): boolean {
    if (record.state !== 'uploaded') return false;
    return record.persist || nowMs - record.uploadedAtMs < TRANSIENT_MS;
  }

  listFor(tenantId: string, userId: string, nowMs: number): FileRecord[] {
    return [...this.byId.values()]
      .filter((f) => f.tenantId === tenantId && f.userId === userId && this.isLive(f, nowMs))
      .sort((a, b) => b.seq - a.seq);
  }
}

export function processingStatus(f: FileRecord, nowMs: number): ProcessingStatus {
  const age = nowMs - f.uploadedAtMs;
  if (f.infected) return age >= SCAN_MS ? 'FAILED' : 'PROCESSING';
  return age >= PROCESSING_MS ? 'PROCESSED' : 'PROCESSING';
}

/** The documented status body (note its camelCase step timestamps). */
export function statusView(f: FileRecord, nowMs: number): Record<string, unknown> {
  const at = (offset: number): string => new Date(f.uploadedAtMs + offset).toISOString();
  const age = nowMs - f.uploadedAtMs;
  const steps: Record<string, unknown>[] = [
    { createdAt: at(0), endedAt: age >= SCAN_MS ? at(SCAN_MS) : null, status: 'ANTIVIRUS_SCANNING' },
  ];
  if (!f.infected && age >= SCAN_MS) {
    steps.push({
      createdAt: at(SCAN_MS),
      endedAt: age >= PROCESSING_MS ? at(PROCESSING_MS) : null,
      status: 'TEXT_EXTRACTION',
    });
  }
  return {
    processing_status: processingStatus(f, nowMs),
    processing_steps: steps,
    warnings: {
      empty: f.text.trim() === '',
      infected: f.infected && age >= SCAN_MS,
      length: [...f.text].length > 30_000,
    },
  };
}

/** Text files are returned as written; for binary formats (no parser here) the printable
 *  runs of the bytes stand in for the extracted text, which keeps it deterministic. */
function extractText(bytes: Buffer, mimeType: string): string {
  if (mimeType === 'text/plain' || mimeType === 'text/csv') return new TextDecoder('utf-8').decode(bytes);
  const runs = bytes.toString('latin1').match(/[\x20-\x7E\u00C0-\u00FF]{4,}/g) ?? [];
  return runs.join('\n');
}
