// POST/GET /v1/threads and GET/DELETE /v1/threads/{thread_id}.
import { bodyShapes, readJson, shapeIssues } from '../body-readings.ts';
import { type Context, threadFor, threadIdParam } from '../context.ts';
import { ApiError, sendEmpty, sendJson, type ValidationIssue } from '../http-io.ts';
import { page, pageParams } from '../paging.ts';
import { type ThreadRecord, threadBody } from '../store.ts';

/** The placeholder a deleted thread's user shows under the `placeholder` reading. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

import { checkObjectBody, isUuid } from '../validate.ts';

/** createThread: 201 (or 200) with the thread; an assistant the tenant lacks is 403 assistant_not_available. */
export function createThread(ctx: Context): void {
  const body = checkObjectBody(
    readJson(ctx.req, ctx.bodyText, true, ctx.readings),
    (c) => c.uuid('assistant_id', { required: true }).uuid('user_id').string('title', { nullable: true }),
    (b) => shapeIssues(b, bodyShapes.createThread, ctx.readings),
  );
  const assistantId = body.assistant_id as string;
  if (!ctx.store.assistantOf(ctx.tenant, assistantId)) throw new ApiError('assistant_not_available');
  const thread = ctx.store.createThread(
    ctx.tenant,
    assistantId,
    (body.user_id as string | undefined) ?? null,
    (body.title as string | null | undefined) ?? null,
  );
  sendJson(ctx.res, Number(ctx.readings.createdStatus), threadBody(thread));
}

/** listThreads: the tenant's threads, newest first, with user_id and include_deleted filters. */
export function listThreads(ctx: Context): void {
  const query = ctx.url.searchParams;
  const issues: ValidationIssue[] = [];
  const userId = query.get('user_id');
  if (userId !== null && !isUuid(userId))
    issues.push({ loc: ['query', 'user_id'], message: 'Input should be a valid UUID', type: 'uuid_parsing' });
  const rawDeleted = query.get('include_deleted');
  if (rawDeleted !== null && !['true', 'false'].includes(rawDeleted))
    issues.push({
      loc: ['query', 'include_deleted'],
      message: 'Input should be a valid boolean',
      type: 'bool_parsing',
    });
  const bounds = pageParams(query, issues);
  // A deleted thread's user may show as the placeholder, which the filter then compares (Data Deletion; a reading).
  const shown = (t: ThreadRecord) =>
    t.deleted && t.user_id !== null && ctx.readings.deletedUser === 'placeholder'
      ? { ...threadBody(t), user_id: NIL_UUID }
      : threadBody(t);
  const threads = [...ctx.store.threads.values()]
    .filter((t) => t.tenant_id === ctx.tenant.id)
    .filter((t) => (rawDeleted === 'true' && !ctx.breaks.has('generated-include-deleted-ignored')) || !t.deleted)
    .map(shown)
    .filter((t) => userId === null || t.user_id === userId || ctx.breaks.has('generated-user-filter-ignored'))
    .reverse();
  const result = page(threads, bounds, ctx.breaks, ctx.readings.lastCursor);
  sendJson(ctx.res, 200, { cursor: result.cursor, items: result.items });
}

/** getThread: the thread, else 404 thread_not_found. */
export function getThread(ctx: Context): void {
  sendJson(ctx.res, 200, threadBody(threadFor(ctx, threadIdParam(ctx))));
}

/** deleteThread: soft delete, 204 (or 200) with an empty body. */
export function deleteThread(ctx: Context): void {
  const thread = threadFor(ctx, threadIdParam(ctx));
  thread.deleted = true;
  sendEmpty(ctx.res, Number(ctx.readings.deleteStatus));
}
