// Messages of a thread: create (with the rules that can be judged at that moment), list
// newest first with a cursor, delete.
import { ownThread } from './access.ts';
import { resolveAttachments, toMessageData } from './attachments.ts';
import type { Ctx, Reply } from './context.ts';
import { invalidAt, refuse } from './errors.ts';
import { messageView } from './message-store.ts';
import { decodeCursor, encodeCursor, pageOf } from './paging.ts';
import type { MessageInput } from './request-schemas.ts';
import { attachmentProblem, contentProblem, orderProblem } from './stack-rules.ts';

/** Rules checked here: content rules, the order of the new message after the existing ones
 *  (tool message needs its tool call, pending tool calls answered first, system first,
 *  assistant after user), attachments. Whole-stack rules (a user message exists, the last
 *  message is user/tool, all tool calls answered) wait for the run: a stack is built up
 *  one message at a time and is incomplete in between. */
export function createMessage(ctx: Ctx): Reply {
  const thread = ownThread(ctx, ctx.path.thread_id ?? '');
  if (thread.origin === 'chat') throw refuse.chatThreadIsClosed();
  const data = toMessageData(ctx.body as MessageInput);
  const existing = ctx.app.messages.stack(thread.id);
  const stack = [...existing, data];
  const problem =
    contentProblem(data, ['body']) ??
    orderProblem(stack, existing.length, (i) => (i === existing.length ? ['body'] : ['thread', 'messages', i]));
  if (problem) throw problem;
  resolveAttachments(ctx, [data], thread.userId);
  const duplicate = attachmentProblem(stack, thread.userId);
  if (duplicate) throw duplicate;
  const record = ctx.app.messages.add(thread.id, data);
  ctx.app.threads.touch(thread);
  return { status: 201, json: messageView(record) };
}

export function listMessages(ctx: Ctx): Reply {
  const thread = ownThread(ctx, ctx.path.thread_id ?? '');
  const scope = `messages.${thread.id}`;
  const cursor = ctx.query.cursor as string | undefined;
  const before = cursor === undefined ? null : decodeCursor(scope, cursor);
  if (before === null && cursor !== undefined) throw invalidAt(['query', 'cursor'], 'Invalid cursor');
  const newestFirst = ctx.app.messages.stack(thread.id).reverse();
  const page = pageOf(newestFirst, before, (ctx.query.limit as number | undefined) ?? 100);
  return {
    status: 200,
    json: {
      cursor: page.nextSeq === null ? null : encodeCursor(scope, page.nextSeq),
      items: page.items.map(messageView),
    },
  };
}

export function deleteMessage(ctx: Ctx): Reply {
  const thread = ownThread(ctx, ctx.path.thread_id ?? '');
  const messageId = ctx.path.message_id ?? '';
  if (!ctx.app.messages.remove(thread.id, messageId)) throw refuse.messageNotFound();
  ctx.app.feedback.remove(messageId);
  ctx.app.threads.touch(thread);
  return { status: 204 };
}
