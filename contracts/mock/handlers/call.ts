// What every handler receives: the validated request and the mock's state. Handlers are plain
// synchronous functions from a call to a reply; they throw ApiError for documented errors.
import type { OperationId, IndexedOperation as OperationSpec } from '../../generated/validators.js';
import type { Clock } from '../../lib/clock.ts';
import type { Tenant, TenantDirectory } from '../config/tenant-directory.ts';
import type { Reply } from '../http/respond.ts';
import type { UploadUrls } from '../storage/upload-urls.ts';
import type { FeedbackStore } from '../store/feedback-store.ts';
import type { FileStore } from '../store/file-store.ts';
import type { ThreadStore } from '../store/thread-store.ts';

/** The state one mock instance owns. */
export interface MockState {
  tenants: TenantDirectory;
  store: ThreadStore;
  clock: Clock;
  files: FileStore;
  feedback: FeedbackStore;
  uploads: UploadUrls;
}

/** A request that passed routing, key, limits and validation. */
export interface Call {
  op: OperationId;
  spec: OperationSpec;
  tenant: Tenant;
  /** Path parameters, validated (uuids as sent). */
  path: Record<string, unknown>;
  /** Query parameters, validated and coerced (limit is a number). */
  query: Record<string, unknown>;
  /** Header parameters of the operation (`user-id`), validated, by lower-case name. */
  headers: Record<string, unknown>;
  /** The validated body, or undefined when none was sent. */
  body: unknown;
}

export type Handler = (call: Call, state: MockState) => Reply;
