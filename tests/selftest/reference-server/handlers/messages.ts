// POST/GET /v1/threads/{thread_id}/messages and DELETE /v1/threads/{thread_id}/messages/{message_id}.
import { type Context, threadFor, threadIdParam } from '../context.ts';
import { ApiError, sendEmpty, sendJson } from '../http-io.ts';
import { page, pageParams } from '../paging.ts';
import { liveMessages, type MessageRecord, messageBody, type ToolCall } from '../store.ts';
import { checkObjectBody, parseBody, toolCallFields } from '../validate.ts';

const roles = ['user', 'system', 'tool', 'assistant'] as const;

/** createMessage: 201 with the message, after the documented message rules. */
export function createMessage(ctx: Context): void {
  const body = checkObjectBody(parseBody(ctx.bodyText, true), (c) =>
    c
      .oneOf('role', roles, { required: true })
      .string('content', { required: true })
      .arrayOf('tool_calls', toolCallFields)
      .string('tool_call_id'),
  );
  const thread = threadFor(ctx, threadIdParam(ctx));
  if (ctx.breaks.has('generated-astral-content-refused') && /[\u{10000}-\u{10FFFF}]/u.test(String(body.content))) {
    throw new ApiError('validation_error', {
      issues: [{ loc: ['body', 'content'], message: 'Input should be a valid string', type: 'string_type' }],
    });
  }
  if (
    ctx.breaks.has('generated-control-character-refused') &&
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(String(body.content))
  ) {
    throw new ApiError('validation_error', {
      issues: [{ loc: ['body', 'content'], message: 'Control characters are not allowed', type: 'value_error' }],
    });
  }
  const role = body.role as MessageRecord['role'];
  const content = body.content as string;
  const toolCalls = role === 'assistant' ? ((body.tool_calls as ToolCall[] | undefined) ?? []) : [];
  const toolCallId = role === 'tool' ? (body.tool_call_id as string | undefined) : undefined;
  const messages = liveMessages(thread);
  // An assistant message that only calls tools has no text, as in Chat Completions.
  if (content.trim() === '' && toolCalls.length === 0) throw new ApiError('message_content_empty');
  if (role === 'tool' && !ctx.breaks.has('generated-orphan-tool-message-accepted')) {
    const called = messages.some(
      (m) => m.role === 'assistant' && (m.tool_calls ?? []).some((call) => call.id === toolCallId),
    );
    if (toolCallId === undefined || !called) throw new ApiError('tool_message_has_no_matching_tool_call');
  }
  const secondCall = messages.some(
    (m) => m.role === 'assistant' && (m.tool_calls ?? []).findIndex((call) => call.id === toolCallId) >= 1,
  );
  if (role === 'tool' && secondCall && ctx.breaks.has('generated-second-tool-call-unanswerable'))
    throw new ApiError('tool_message_has_no_matching_tool_call');
  if (role === 'system' && messages.some((m) => m.role !== 'system')) {
    throw new ApiError('bad_request', { detail: 'System messages must come before all other messages' });
  }
  const message = ctx.store.addMessage(thread, {
    role,
    content,
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    ...(toolCallId !== undefined ? { tool_call_id: toolCallId } : {}),
  });
  sendJson(ctx.res, 201, messageBody(message));
}

/** listMessages: newest first, cursor paging. */
export function listMessages(ctx: Context): void {
  const bounds = pageParams(ctx.url.searchParams);
  const thread = threadFor(ctx, threadIdParam(ctx));
  const live = liveMessages(thread);
  // The break shows a store that is only eventually consistent.
  const late = (m: MessageRecord) =>
    ctx.breaks.has('message-listed-late') && Date.now() - Date.parse(m.created_at) < 2_000;
  const oldestFirst = ctx.breaks.has('generated-long-thread-oldest-first') && live.length > 1;
  const visible = [...live].filter((m) => !late(m));
  const result = page(oldestFirst ? visible : visible.reverse(), bounds);
  sendJson(ctx.res, 200, { cursor: result.cursor, items: result.items.map(messageBody) });
}

/** deleteMessage: 204; 404 thread_not_found (the one documented 404 code) for an unknown message. */
export function deleteMessage(ctx: Context): void {
  const thread = threadFor(ctx, threadIdParam(ctx));
  const message = liveMessages(thread).find((m) => m.id === ctx.params.message_id);
  if (!message) throw new ApiError('thread_not_found', { detail: 'Message not found in this thread' });
  message.deleted = true;
  sendEmpty(ctx.res, 204);
}
