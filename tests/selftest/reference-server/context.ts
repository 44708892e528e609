// What a handler gets: the request, the caller's tenant, the state, the active breaks and the
// readings of the points the docs leave open.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BreakName } from './breaks.ts';
import type { OperationId } from './catalog.ts';
import { ApiError } from './http-io.ts';
import type { Readings } from './readings.ts';
import type { Store, Tenant, ThreadRecord } from './store.ts';

/** The request as a handler sees it, after routing, auth, faults and path validation. */
export interface Context {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  operationId: OperationId;
  params: Record<string, string>;
  bodyText: string;
  tenant: Tenant;
  store: Store;
  breaks: ReadonlySet<BreakName>;
  readings: Readings;
}

/** A handler answers through ctx.res, or throws ApiError. */
export type Handler = (ctx: Context) => void | Promise<void>;

/**
 * The caller's live thread. Another tenant's thread is 403 assistant_not_available where the
 * operation documents 403 and the caller lacks the thread's assistant (decisions doc; `foreignThread:
 * not-found` answers 404), else 404. With `deletedLast` a soft-deleted thread is returned: the
 * caller answers 404 after its rules (`deletedCheck: last`).
 */
export function threadFor(
  ctx: Context,
  threadId: string,
  options: { forbidForeign?: boolean; deletedLast?: boolean } = {},
): ThreadRecord {
  const thread = ctx.store.threads.get(threadId);
  const deletedServed = ctx.operationId === 'getThread' && ctx.breaks.has('deleted-thread-served');
  if (!thread || (thread.deleted && !deletedServed && !options.deletedLast)) throw new ApiError('thread_not_found');
  const foreignServed =
    (ctx.operationId === 'listMessages' && ctx.breaks.has('cross-tenant-read')) ||
    (ctx.operationId === 'deleteThread' && ctx.breaks.has('cross-tenant-delete')) ||
    ctx.breaks.has('generated-tenant-not-checked');
  if (thread.tenant_id !== ctx.tenant.id && !foreignServed) {
    const forbid = options.forbidForeign && ctx.readings.foreignThread === 'forbidden';
    if (forbid && !ctx.store.assistantOf(ctx.tenant, thread.assistant_id))
      throw new ApiError('assistant_not_available');
    throw new ApiError('thread_not_found');
  }
  return thread;
}

/** The `thread_id` path parameter (already validated as a uuid). */
export function threadIdParam(ctx: Context): string {
  const id = ctx.params.thread_id;
  if (id === undefined) throw new Error('route without thread_id');
  return id;
}
