// Answer generation: runs on a thread and chat completions, each plain or as an NDJSON stream.
// All checks happen before the first byte, so a stream never breaks off with an error.

import { checkRequiredMetadata, generateAnswer, parseRunOptions, type RunOptions } from './answer.ts';
import { assistantOf } from './assistants.ts';
import { type Ctx, json, pathUuid, queryUuid, type Route } from './context.ts';
import { appError, errors, type Json } from './errors.ts';
import { fileLookup, resolveAttachment } from './files.ts';
import type { Assistant } from './fixtures.ts';
import { bodyObject, type Reply } from './http.ts';
import {
  attachmentKey,
  checkStack,
  type MessageInput,
  messageJson,
  parseMessage,
  type StackMsg,
  toolCallsJson,
} from './messages.ts';
import type { Message, Thread } from './store.ts';
import { appendMessage, fillAttachmentOwners, findThread, newThread } from './threads.ts';
import { Issues, list, optUuid, req, uuid } from './validate.ts';

// Same order for runs and chat completions: engine, then request metadata, then the stack;
// `prepare` does the last checks and yields the thread the answer is stored in.
function answerInto(
  ctx: Ctx,
  a: Assistant,
  stack: StackMsg[],
  opts: RunOptions,
  stream: boolean,
  mode: 'run' | 'chat',
  prepare: () => Thread,
): Reply {
  if (stream && !a.streaming) throw errors.engineNoStreaming();
  checkRequiredMetadata(a, opts.metaData);
  checkStack(stack, mode);
  const t = prepare();
  const answer = generateAnswer(a, stack, opts, fileLookup(ctx.store));
  const msg = appendMessage(
    t,
    { role: 'assistant', content: answer.content, sources: answer.sources, toolCalls: answer.toolCalls },
    answer.metaData,
  );
  return stream ? { status: 200, ndjson: streamLines(msg) } : json(200, messageJson(msg));
}

// The content arrives in word chunks with empty sources (as in the page's example line); the
// last line carries the sources, meta_data and any tool calls with empty content.
function streamLines(m: Message): Json[] {
  const base = { created_at: m.createdAt, message_id: m.id, thread_id: m.threadId };
  const words = m.content.match(/\S+\s*/g) ?? [];
  const size = Math.max(1, Math.ceil(words.length / 4));
  const lines: Json[] = [];
  for (let i = 0; i < words.length; i += size)
    lines.push({ ...base, delta: { content: words.slice(i, i + size).join(''), role: 'assistant', sources: [] } });
  const last: Record<string, Json> = {
    content: '',
    meta_data: m.metaData ?? null,
    role: 'assistant',
    sources: m.sources ?? [],
  };
  if (m.toolCalls) last.tool_calls = toolCallsJson(m.toolCalls);
  lines.push({ ...base, delta: last });
  return lines;
}

function run(stream: boolean): Route['handler'] {
  return (ctx) => {
    const iss = new Issues();
    const id = pathUuid(ctx, 'thread_id', iss);
    const body = bodyObject(ctx.body, iss, false); // the page's example sends '{}'; no body means {}
    const opts = body && parseRunOptions(body, iss);
    iss.throwIfAny();
    const t = findThread(ctx, id ?? '');
    if (!opts) throw errors.internal();
    return answerInto(ctx, assistantOf(ctx.tenant, t.assistantId), t.messages, opts, stream, 'run', () => t);
  };
}

function chat(stream: boolean): Route['handler'] {
  return (ctx) => {
    const iss = new Issues();
    const threadId = queryUuid(ctx, 'thread_id', iss);
    const body = bodyObject(ctx.body, iss, true);
    const assistantId = body && req(body, 'assistant_id', ['body'], iss, uuid);
    const items = body && req(body, 'messages', ['body'], iss, list);
    const messages = (items ?? []).map((m, n) => parseMessage(m, ['body', 'messages', n], iss));
    const userId = body && optUuid(body.user_id, ['body', 'user_id'], iss);
    const opts = body && parseRunOptions(body, iss);
    iss.throwIfAny();
    const stack = messages.filter((m): m is MessageInput => m !== undefined);
    if (!opts) throw errors.internal();

    const a = assistantOf(ctx.tenant, assistantId ?? '');
    const existing = threadId ? findThread(ctx, threadId) : undefined;
    if (existing && existing.assistantId !== a.id)
      throw errors.badRequest('The thread belongs to a different assistant.');
    for (const m of stack) fillAttachmentOwners(m, userId ?? existing?.userId ?? null);

    // Without server-side state the request carries the whole stack; the thread records it:
    // a new thread gets all of it, an existing one the turn after the last assistant message.
    // The thread of a chat completion is only created once the request passed every check.
    const turn = existing ? stack.slice(stack.findLastIndex((m) => m.role === 'assistant') + 1) : stack;
    return answerInto(ctx, a, stack, opts, stream, 'chat', () => {
      const stored = new Set((existing?.messages ?? []).flatMap((m) => (m.attachments ?? []).map(attachmentKey)));
      for (const m of stack)
        for (const att of m.attachments ?? []) {
          if (!stored.has(attachmentKey(att))) resolveAttachment(ctx, att);
          // Files already attached to the thread stay available there, even if deleted since;
          // attaching one again in the new turn breaks the uniqueness rule.
          else if (turn.includes(m))
            throw appError(
              422,
              'attachment_not_unique',
              'The same attachment must not appear more than once in a thread.',
            );
        }
      const t = existing ?? newThread(ctx, a.id, userId ?? null, null, true);
      for (const m of turn) appendMessage(t, m);
      return t;
    });
  };
}

export const runRoutes: Route[] = [
  { method: 'POST', path: '/v1/threads/{thread_id}/run', body: true, answer: true, handler: run(false) },
  { method: 'POST', path: '/v1/threads/{thread_id}/run/stream', body: true, answer: true, handler: run(true) },
  { method: 'POST', path: '/v1/chat/completions', body: true, answer: true, handler: chat(false) },
  { method: 'POST', path: '/v1/chat/completions/stream', body: true, answer: true, handler: chat(true) },
];
