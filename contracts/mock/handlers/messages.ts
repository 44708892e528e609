// Messages of a thread: create (with the documented message rules), list newest first, delete.
import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/api.ts';
import { identitiesOf } from '../../rules/attachments.ts';
import { timestamp } from '../clock.ts';
import { canonicalUuid } from '../config/tenant-directory.ts';
import { ApiError, ruleError } from '../http/api-error.ts';
import { DEFAULT_PAGE_LIMIT, decodeCursor, encodeCursor } from '../http/paging.ts';
import type { StoredThread } from '../store/thread-store.ts';
import { checkAttachments } from './attachments.ts';
import type { Handler } from './call.ts';
import { threadOf } from './thread-access.ts';

type Attachment = components['schemas']['Attachment'];

/** The attachments the thread's messages carry. */
export function threadAttachments(stored: StoredThread): Attachment[] {
  return stored.messages.flatMap((m) => m.message.attachments ?? []);
}

type Message = components['schemas']['Message'];
type CreateMessageRequest = components['schemas']['CreateMessageRequest'];

export const createMessage: Handler = (call, state) => {
  const stored = threadOf(call, state);
  const body = call.body as CreateMessageRequest;
  const id = randomUUID();
  const broken = stored.conversation.admits(body);
  if (broken) throw ruleError(broken);
  const owner = stored.thread.user_id ?? null;
  checkAttachments(call, state, body, identitiesOf(threadAttachments(stored), owner), owner);
  const message: Message = {
    id,
    thread_id: stored.thread.id,
    role: body.role,
    content: body.content,
    created_at: timestamp(state.clock.now()),
  };
  if (body.tool_calls !== undefined) message.tool_calls = body.tool_calls;
  if (body.tool_call_id !== undefined) message.tool_call_id = body.tool_call_id;
  if (body.attachments !== undefined && body.attachments.length > 0) message.attachments = body.attachments;
  state.store.append(stored, message);
  return { status: 201, json: message };
};

export const listMessages: Handler = (call, state) => {
  const stored = threadOf(call, state);
  const query = call.query as { limit?: number; cursor?: string };
  const before = decodeCursor(query.cursor);
  const page = state.store.listMessages(stored, {
    limit: query.limit ?? DEFAULT_PAGE_LIMIT,
    ...(before !== undefined ? { before } : {}),
  });
  return { status: 200, json: { cursor: encodeCursor(page.next), items: page.items } };
};

export const deleteMessage: Handler = (call, state) => {
  const stored = threadOf(call, state);
  const messageId = canonicalUuid(String(call.path.message_id));
  // The contract documents only thread_not_found under 404 here; its detail names the message.
  if (!state.store.removeMessage(stored, messageId)) {
    throw new ApiError(
      'thread_not_found',
      `Message ${messageId} not found in thread ${stored.thread.id}. List its messages with GET /v1/threads/${stored.thread.id}/messages.`,
    );
  }
  return { status: 204, empty: true };
};
