// In-memory state of one judge instance, plus the clock and the cursor paging shared by lists.
import type { ApiError, Json } from './errors.ts';
import { validationError } from './validate.ts';

export type Role = 'system' | 'user' | 'assistant' | 'tool';
export const ROLES: readonly Role[] = ['system', 'user', 'assistant', 'tool'];

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}
export interface AttachmentRef {
  file_id: string;
  user_id: string | null;
  base_url: string | null;
}
export interface Feedback {
  feedback: 'positive' | 'negative';
  reasonId: string | null;
  comment: string | null;
  createdAt: string;
}

export interface Message {
  id: string;
  threadId: string;
  role: Role;
  content: string;
  createdAt: string;
  toolCalls?: ToolCall[];
  toolCallId?: string;
  sources?: Json[];
  metaData?: Json;
  attachments?: AttachmentRef[];
  feedback?: Feedback;
}

export interface Thread {
  id: string;
  tenantId: string; // kept after deletion so the owner still gets thread_is_deactivated / include_deleted
  assistantId: string;
  userId: string | null;
  title: string | null;
  createdAt: string;
  lastUpdatedAt: string;
  deleted: boolean;
  viaChat: boolean; // created by a chat completion: no messages may be added through /messages
  messages: Message[];
}

export interface FileRec {
  id: string;
  tenantId: string;
  userId: string;
  fileName: string;
  persist: boolean;
  createdAt: number;
  uploadedAt?: number; // unset until the PUT to the storage origin
  text: string; // extracted at upload, revealed when processing is over
  kind: 'ok' | 'infected' | 'unsupported';
  deleted: boolean;
}

export class Store {
  readonly threads = new Map<string, Thread>();
  readonly files = new Map<string, FileRec>();
}

// Strictly increasing microsecond timestamps ("2025-03-15T09:12:33.456789Z"), so that
// "newest first" is well defined even for messages created in the same millisecond.
let lastMicros = 0;
export function now(): string {
  const micros = Math.max(Date.now() * 1000, lastMicros + 1);
  lastMicros = micros;
  const ms = Math.floor(micros / 1000);
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(micros % 1_000_000).padStart(6, '0')}Z`;
}

// Keyset paging over (created_at, id), newest first. The cursor is opaque (base64url JSON of
// the last item returned), survives deletion of that item, and is null on the last page.
export interface Keyed {
  createdAt: string;
  id: string;
}

export function pageOf<T extends Keyed>(
  items: T[],
  limit: number,
  cursor: string | null,
): { page: T[]; next: string | null } {
  const sorted = [...items].sort((a, b) => cmp(b, a));
  let start = 0;
  if (cursor) {
    const pos = decodeCursor(cursor);
    start = sorted.findIndex((x) => cmp(x, pos) < 0);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + limit);
  const last = page.at(-1);
  const more = start + limit < sorted.length;
  return { page, next: more && last ? encodeCursor(last) : null };
}

function cmp(a: Keyed, b: Keyed): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function encodeCursor(k: Keyed): string {
  return Buffer.from(JSON.stringify({ t: k.createdAt, id: k.id })).toString('base64url');
}

function decodeCursor(cursor: string): Keyed {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (v && typeof v === 'object' && 't' in v && 'id' in v && typeof v.t === 'string' && typeof v.id === 'string')
      return { createdAt: v.t, id: v.id };
  } catch {
    // fall through to the validation error
  }
  throw invalidCursor(cursor);
}

function invalidCursor(cursor: string): ApiError {
  return validationError([
    {
      type: 'value_error',
      loc: ['query', 'cursor'],
      msg: 'Value error, Invalid cursor',
      input: cursor,
      ctx: { error: 'Invalid cursor' },
    },
  ]);
}

// Response objects list their keys alphabetically, as every example body on the pages does.
export function sorted(o: Record<string, Json | undefined>): Json {
  const out: Record<string, Json> = {};
  for (const k of Object.keys(o).sort()) {
    const v = o[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
