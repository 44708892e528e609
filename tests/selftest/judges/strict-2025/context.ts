// The shapes shared by the route table, the dispatcher and the handlers.
import type { Tenant } from './catalog.ts';
import type { FeedbackStore } from './feedback-store.ts';
import type { FileStore } from './file-store.ts';
import type { MessageStore } from './message-store.ts';
import type { Bucket } from './rate-limiter.ts';
import type { Field, Schema } from './schema.ts';
import type { ThreadStore } from './thread-store.ts';

export interface AppState {
  threads: ThreadStore;
  messages: MessageStore;
  feedback: FeedbackStore;
  files: FileStore;
  /** Signed upload URL on the separate storage origin. */
  uploadUrl(fileId: string, expiresAtMs: number): string;
}

export interface Ctx {
  tenant: Tenant;
  app: AppState;
  nowMs: number;
  path: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  /** Already validated against the route's body schema; handlers narrow it with a cast. */
  body: unknown;
}

export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  /** NDJSON: one JSON object per line, written one after the other. */
  ndjson?: unknown[];
  headers?: Record<string, string>;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One operation: how to find it, what it accepts, which rate budget it uses, what it does. */
export interface Route {
  method: Method;
  pattern: string;
  bucket: Bucket;
  path?: Record<string, Schema>;
  query?: Record<string, Field>;
  headers?: Record<string, Field>;
  /** When set, a JSON body is required and validated against it. */
  body?: Schema;
  handle(ctx: Ctx): Reply;
}
