// POST/GET /v1/threads/{thread_id}/messages and DELETE /v1/threads/{thread_id}/messages/{message_id}.
import { messageBodyIssues, readJson } from '../body-readings.ts';
import { type Context, threadFor, threadIdParam } from '../context.ts';
import { checkAttachments, type SentAttachment } from '../files.ts';
import { ApiError, sendEmpty, sendJson } from '../http-io.ts';
import { checkMessageRules, type NewMessage } from '../message-rules.ts';
import { page, pageParams } from '../paging.ts';
import { afterStored, messageId, storedCalls, storedContent } from '../read-back-breaks.ts';
import type { Readings } from '../readings.ts';
import { liveMessages, type MessageRecord, messageBody, type ToolCall } from '../store.ts';
import { checkObjectBody, isObject, type Json, toolCallFields } from '../validate.ts';

const roles = ['user', 'system', 'tool', 'assistant'] as const;

function checkMessageBody(ctx: Context): Json {
  const raw = readJson(ctx.req, ctx.bodyText, true, ctx.readings);
  // The break takes content of any type, as the JSON text of the value.
  if (ctx.breaks.has('generated-mistyped-content-accepted') && isObject(raw) && raw.content !== undefined)
    if (typeof raw.content !== 'string') raw.content = JSON.stringify(raw.content);
  return checkObjectBody(
    raw,
    (c) =>
      c
        .oneOf('role', roles, { required: true })
        .string('content', { required: true })
        .arrayOf('tool_calls', toolCallFields)
        .string('tool_call_id')
        .arrayOf('attachments', (a) =>
          a
            .string('file_id', { required: true })
            .string('user_id', { nullable: true })
            .string('base_url', { nullable: true }),
        ),
    (b) => messageBodyIssues(b, ctx.readings),
  );
}

/** The message as stored: tool fields off their role are dropped, unless a reading keeps them. */
function newMessage(body: Json, readings: Readings): NewMessage {
  const role = body.role as MessageRecord['role'];
  const calls = body.tool_calls as ToolCall[] | undefined;
  const callId = body.tool_call_id as string | undefined;
  const keepCalls = role === 'assistant' || readings.offRoleToolCalls === 'count-at-run';
  const keepCallId = role === 'tool' || readings.offRoleToolCallId === 'refuse-at-run';
  return {
    role,
    content: body.content as string,
    toolCalls: keepCalls ? (calls ?? []) : [],
    toolCallId: keepCallId ? (callId ?? null) : null,
  };
}

/** Content as the storedContent reading keeps it: as sent, or stripped of surrounding whitespace (never to nothing). */
function keptContent(content: string, readings: Readings): string {
  const stripped = content.trim();
  return readings.storedContent === 'stripped' && stripped !== '' ? stripped : content;
}

/** createMessage: 201 (or 200) with the message, after the documented message rules. */
export function createMessage(ctx: Context): void {
  const lookup = () => threadFor(ctx, threadIdParam(ctx), { deletedLast: ctx.readings.deletedCheck === 'last' });
  const early = ctx.readings.lookupOrder === 'thread' ? lookup() : undefined;
  const body = checkMessageBody(ctx);
  const thread = early ?? lookup();
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
  const message = newMessage(body, ctx.readings);
  checkMessageRules(message, liveMessages(thread), ctx.readings, ctx.breaks);
  if (thread.deleted) throw new ApiError('thread_not_found');
  const attachments = ((body.attachments ?? []) as Array<Partial<SentAttachment>>).map((a) => ({
    file_id: String(a.file_id),
    user_id: a.user_id ?? null,
    base_url: a.base_url ?? null,
  }));
  checkAttachments(ctx, thread, message.role, attachments);
  // An empty list is stored as none, except off the assistant under count-at-run, which echoes what it keeps.
  const echoEmpty =
    message.role !== 'assistant' && ctx.readings.offRoleToolCalls === 'count-at-run' && body.tool_calls !== undefined;
  const before = thread.last_updated_at;
  const id = messageId(thread, ctx.breaks);
  const stored = ctx.store.addMessage(thread, {
    ...(id ? { id } : {}),
    role: message.role,
    content: storedContent(keptContent(message.content, ctx.readings), ctx.breaks),
    ...(message.toolCalls.length > 0 || echoEmpty ? { tool_calls: storedCalls(message.toolCalls, ctx.breaks) } : {}),
    ...(message.toolCallId !== null ? { tool_call_id: message.toolCallId } : {}),
  });
  afterStored(thread, stored, before, ctx.breaks);
  if (attachments.length > 0) stored.attachments = attachments;
  sendJson(ctx.res, Number(ctx.readings.createdStatus), messageBody(stored));
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
  const result = page(oldestFirst ? visible : visible.reverse(), bounds, ctx.breaks, ctx.readings.lastCursor);
  sendJson(ctx.res, 200, { cursor: result.cursor, items: result.items.map(messageBody) });
}

/** deleteMessage: 204 (or 200), empty; 404 thread_not_found (the one documented 404 code) for an unknown message. */
export function deleteMessage(ctx: Context): void {
  const thread = threadFor(ctx, threadIdParam(ctx));
  const message = liveMessages(thread).find((m) => m.id === ctx.params.message_id);
  if (!message) throw new ApiError('thread_not_found', { detail: 'Message not found in this thread' });
  message.deleted = true;
  sendEmpty(ctx.res, Number(ctx.readings.deleteStatus));
}
