// What a handler gets: the request, the caller's tenant, the state and the active breaks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BreakName } from './breaks.ts';
import type { OperationId } from './catalog.ts';
import { ApiError } from './http-io.ts';
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
}

/** A handler answers through ctx.res, or throws ApiError. */
export type Handler = (ctx: Context) => void | Promise<void>;

/**
 * The caller's live thread. Another tenant's thread is 403 assistant_not_available where the
 * operation documents 403 and the caller lacks the thread's assistant (decisions doc), else 404.
 */
export function threadFor(ctx: Context, threadId: string, options: { forbidForeign?: boolean } = {}): ThreadRecord {
  const thread = ctx.store.threads.get(threadId);
  const deletedServed = ctx.operationId === 'getThread' && ctx.breaks.has('deleted-thread-served');
  if (!thread || (thread.deleted && !deletedServed)) throw new ApiError('thread_not_found');
  const foreignServed =
    (ctx.operationId === 'listMessages' && ctx.breaks.has('cross-tenant-read')) ||
    (ctx.operationId === 'deleteThread' && ctx.breaks.has('cross-tenant-delete')) ||
    ctx.breaks.has('generated-tenant-not-checked');
  if (thread.tenant_id !== ctx.tenant.id && !foreignServed) {
    if (options.forbidForeign && !ctx.store.assistantOf(ctx.tenant, thread.assistant_id))
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
