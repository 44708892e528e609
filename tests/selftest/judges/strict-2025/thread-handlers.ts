// Threads: create, list (cursor, user_id, include_deleted), get, soft delete.
import { availableAssistant, ownThread } from './access.ts';
import { anonymize } from './answer-engine.ts';
import type { Ctx, Reply } from './context.ts';
import { invalidAt } from './errors.ts';
import { decodeCursor, encodeCursor, pageOf } from './paging.ts';
import type { ThreadCreateBody } from './request-schemas.ts';
import { threadView } from './thread-store.ts';

export function createThread(ctx: Ctx): Reply {
  const body = ctx.body as ThreadCreateBody;
  const assistant = availableAssistant(ctx, body.assistant_id);
  const thread = ctx.app.threads.create({
    tenantId: ctx.tenant.id,
    assistantId: assistant.id,
    userId: body.user_id ?? null,
    title: body.title ?? null,
    origin: 'threads',
  });
  return { status: 201, json: threadView(thread) };
}

export function listThreads(ctx: Ctx): Reply {
  const limit = (ctx.query.limit as number | undefined) ?? 100; // documented default
  const cursor = ctx.query.cursor as string | undefined;
  const before = cursor === undefined ? null : decodeCursor('threads', cursor);
  if (before === null && cursor !== undefined) throw invalidAt(['query', 'cursor'], 'Invalid cursor');
  const all = ctx.app.threads.listFor(
    ctx.tenant.id,
    (ctx.query.user_id as string | undefined) ?? null,
    (ctx.query.include_deleted as boolean | undefined) ?? false,
  );
  const page = pageOf(all, before, limit);
  return {
    status: 200,
    json: {
      cursor: page.nextSeq === null ? null : encodeCursor('threads', page.nextSeq),
      items: page.items.map(threadView),
    },
  };
}

export function getThread(ctx: Ctx): Reply {
  return { status: 200, json: threadView(ownThread(ctx, ctx.path.thread_id ?? '')) };
}

/** Data Deletion: the thread loses its tenant/user (placeholders in views), its messages get
 *  an anonymization pass and its feedback is cleaned up; the record itself stays (soft delete). */
export function deleteThread(ctx: Ctx): Reply {
  const thread = ownThread(ctx, ctx.path.thread_id ?? '');
  ctx.app.threads.softDelete(thread);
  ctx.app.messages.rewrite(thread.id, anonymize);
  ctx.app.feedback.removeWhere((f) => f.threadId === thread.id);
  return { status: 204 };
}
