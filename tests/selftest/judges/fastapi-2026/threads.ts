// Threads and their messages. Threads are soft-deleted (Data Deletion guide): the owner keeps
// seeing them with include_deleted=true, with tenant and user replaced by a placeholder, and
// every other operation on them answers thread_is_deactivated.
import { randomUUID } from 'node:crypto';
import { anonymize } from './anonymize.ts';
import { assistantOf } from './assistants.ts';
import { type Ctx, json, noContent, pathUuid, query, queryBool, queryInt, queryUuid, type Route } from './context.ts';
import { errors, type Json } from './errors.ts';
import { resolveAttachment } from './files.ts';
import { DELETED_PLACEHOLDER } from './fixtures.ts';
import { bodyObject } from './http.ts';
import { checkMessageAt, type MessageInput, messageJson, parseMessage } from './messages.ts';
import { type Message, now, pageOf, sorted, type Thread } from './store.ts';
import { Issues, opt, req, str, uuid } from './validate.ts';

export const PAGE_LIMIT = { ge: 1, le: 100 };

// Unknown and other tenants' threads are both "not found"; a deleted one is "deactivated".
export function findThread(ctx: Ctx, id: string): Thread {
  const t = ctx.store.threads.get(id);
  if (!t || t.tenantId !== ctx.tenant.id) throw errors.threadNotFound();
  if (t.deleted) throw errors.threadDeactivated();
  return t;
}

const shownUserId = (t: Thread): string | null => (t.deleted && t.userId !== null ? DELETED_PLACEHOLDER : t.userId);

export function threadJson(t: Thread): Json {
  return sorted({
    assistant_id: t.assistantId,
    created_at: t.createdAt,
    id: t.id,
    last_updated_at: t.lastUpdatedAt,
    tenant_id: t.deleted ? DELETED_PLACEHOLDER : t.tenantId,
    title: t.title,
    user_id: shownUserId(t),
  });
}

export function newThread(
  ctx: Ctx,
  assistantId: string,
  userId: string | null,
  title: string | null,
  viaChat: boolean,
): Thread {
  const createdAt = now();
  const t: Thread = {
    id: randomUUID(),
    tenantId: ctx.tenant.id,
    assistantId,
    userId,
    title,
    createdAt,
    lastUpdatedAt: createdAt,
    deleted: false,
    viaChat,
    messages: [],
  };
  ctx.store.threads.set(t.id, t);
  return t;
}

export function appendMessage(t: Thread, m: MessageInput, metaData?: Json): Message {
  const msg: Message = { id: randomUUID(), threadId: t.id, role: m.role, content: m.content, createdAt: now() };
  if (m.toolCalls) msg.toolCalls = m.toolCalls;
  if (m.toolCallId !== undefined) msg.toolCallId = m.toolCallId;
  if (m.role === 'assistant') msg.sources = m.sources ?? [];
  if (metaData !== undefined) msg.metaData = metaData;
  if (m.attachments) msg.attachments = m.attachments;
  t.messages.push(msg);
  t.lastUpdatedAt = msg.createdAt;
  return msg;
}

// An attachment without user_id belongs to the thread's (or the request's) user.
export function fillAttachmentOwners(m: MessageInput, defaultUser: string | null): void {
  m.attachments = m.attachments?.map((a) => ({ ...a, user_id: a.user_id ?? defaultUser }));
}

export const threadRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/threads',
    body: true,
    handler: (ctx) => {
      const iss = new Issues();
      const body = bodyObject(ctx.body, iss, true);
      const assistantId = body && req(body, 'assistant_id', ['body'], iss, uuid);
      const userId = body && opt(body, 'user_id', ['body'], iss, uuid);
      const title = body && opt(body, 'title', ['body'], iss, str);
      iss.throwIfAny();
      const a = assistantOf(ctx.tenant, assistantId ?? '');
      return json(201, threadJson(newThread(ctx, a.id, userId ?? null, title ?? null, false)));
    },
  },
  {
    method: 'GET',
    path: '/v1/threads',
    handler: (ctx) => {
      const iss = new Issues();
      const limit = queryInt(ctx, 'limit', iss, 100, PAGE_LIMIT);
      const userId = queryUuid(ctx, 'user_id', iss);
      const includeDeleted = queryBool(ctx, 'include_deleted', iss, false);
      iss.throwIfAny();
      const mine = [...ctx.store.threads.values()].filter(
        (t) => t.tenantId === ctx.tenant.id && (includeDeleted || !t.deleted) && (!userId || shownUserId(t) === userId),
      );
      const { page, next } = pageOf(mine, limit ?? 100, query(ctx, 'cursor') || null);
      return json(200, { cursor: next, items: page.map(threadJson) });
    },
  },
  {
    method: 'GET',
    path: '/v1/threads/{thread_id}',
    handler: (ctx) => {
      const iss = new Issues();
      const id = pathUuid(ctx, 'thread_id', iss);
      iss.throwIfAny();
      return json(200, threadJson(findThread(ctx, id ?? '')));
    },
  },
  {
    method: 'DELETE',
    path: '/v1/threads/{thread_id}',
    handler: (ctx) => {
      const iss = new Issues();
      const id = pathUuid(ctx, 'thread_id', iss);
      iss.throwIfAny();
      const t = findThread(ctx, id ?? '');
      t.deleted = true;
      // The deletion pass of the Data Deletion guide, done at once instead of in the background.
      for (const m of t.messages) m.content = anonymize(m.content);
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/v1/threads/{thread_id}/messages',
    body: true,
    handler: (ctx) => {
      const iss = new Issues();
      const id = pathUuid(ctx, 'thread_id', iss);
      const body = bodyObject(ctx.body, iss, true);
      const m = body && parseMessage(body, ['body'], iss);
      iss.throwIfAny();
      const t = findThread(ctx, id ?? '');
      if (!m) throw errors.internal();
      if (t.viaChat) throw errors.badRequest('Cannot add messages to threads created via Chat Completions.');
      fillAttachmentOwners(m, t.userId);
      checkMessageAt([...t.messages, m], t.messages.length);
      for (const a of m.attachments ?? []) resolveAttachment(ctx, a);
      return json(201, messageJson(appendMessage(t, m)));
    },
  },
  {
    method: 'GET',
    path: '/v1/threads/{thread_id}/messages',
    handler: (ctx) => {
      const iss = new Issues();
      const id = pathUuid(ctx, 'thread_id', iss);
      const limit = queryInt(ctx, 'limit', iss, 100, PAGE_LIMIT);
      iss.throwIfAny();
      const t = findThread(ctx, id ?? '');
      const { page, next } = pageOf(t.messages, limit ?? 100, query(ctx, 'cursor') || null);
      return json(200, { cursor: next, items: page.map(messageJson) });
    },
  },
  {
    method: 'DELETE',
    path: '/v1/threads/{thread_id}/messages/{message_id}',
    handler: (ctx) => {
      const iss = new Issues();
      const id = pathUuid(ctx, 'thread_id', iss);
      const messageId = pathUuid(ctx, 'message_id', iss);
      iss.throwIfAny();
      const t = findThread(ctx, id ?? '');
      const i = t.messages.findIndex((m) => m.id === messageId);
      if (i < 0) throw errors.messageNotFound();
      t.messages.splice(i, 1);
      t.lastUpdatedAt = now();
      return noContent();
    },
  },
];
