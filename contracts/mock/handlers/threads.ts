// Threads: create, list (newest first, cursor paging), get, soft delete.
import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/api.ts';
import { timestamp } from '../clock.ts';
import { canonicalUuid } from '../config/tenant-directory.ts';
import { ApiError } from '../http/api-error.ts';
import { DEFAULT_PAGE_LIMIT, decodeCursor, encodeCursor } from '../http/paging.ts';
import type { Handler } from './call.ts';
import { threadOf } from './thread-access.ts';

type Thread = components['schemas']['Thread'];
type CreateThreadRequest = components['schemas']['CreateThreadRequest'];

export const createThread: Handler = (call, state) => {
  const body = call.body as CreateThreadRequest;
  const assistant = call.tenant.assistant(body.assistant_id);
  if (!assistant)
    throw new ApiError(
      'assistant_not_available',
      `Assistant ${body.assistant_id} is not available to your tenant. List yours with GET /v1/assistants.`,
    );
  const now = timestamp(state.clock.now());
  const thread: Thread = {
    id: randomUUID(),
    assistant_id: assistant.public.id,
    tenant_id: call.tenant.id,
    user_id: body.user_id === undefined ? null : canonicalUuid(body.user_id),
    title: body.title ?? null,
    created_at: now,
    last_updated_at: now,
  };
  state.store.add(thread);
  return { status: 201, json: thread };
};

export const listThreads: Handler = (call, state) => {
  const query = call.query as { limit?: number; cursor?: string; user_id?: string; include_deleted?: boolean };
  const filter = {
    includeDeleted: query.include_deleted === true,
    limit: query.limit ?? DEFAULT_PAGE_LIMIT,
    ...(query.user_id !== undefined ? { userId: canonicalUuid(query.user_id) } : {}),
    ...(query.cursor !== undefined ? { before: decodeCursor(query.cursor) } : {}),
  };
  const page = state.store.list(call.tenant.id, filter);
  return { status: 200, json: { cursor: encodeCursor(page.next), items: page.items } };
};

export const getThread: Handler = (call, state) => ({ status: 200, json: threadOf(call, state).thread });

export const deleteThread: Handler = (call, state) => {
  threadOf(call, state).deleted = true;
  return { status: 204, empty: true };
};
