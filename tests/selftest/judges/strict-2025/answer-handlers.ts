// Answer generation: runs on a thread and chat completions, each plain or as an NDJSON stream.
// Order of checks (first failure wins): body schema (dispatcher) → thread / assistant access →
// streaming support → tool configuration → required request metadata → message stack rules →
// attachments → answer.
import { assistantOf, availableAssistant, ownThread } from './access.ts';
import { composeAnswer, conformsTo, streamPieces } from './answer-engine.ts';
import { resolveAttachments, toMessageData } from './attachments.ts';
import type { Assistant } from './catalog.ts';
import type { Ctx, Reply } from './context.ts';
import { refuse, validationError } from './errors.ts';
import { type MessageData, type MessageRecord, messageView } from './message-store.ts';
import { lacksRequiredMetadata } from './request-metadata.ts';
import type { ChatBody, RunBody } from './request-schemas.ts';
import { stackProblem } from './stack-rules.ts';
import type { ThreadRecord } from './thread-store.ts';
import { toolConfigIssues } from './tool-config.ts';

function checkRequest(assistant: Assistant, body: RunBody, streaming: boolean): void {
  if (streaming && !assistant.streaming) throw refuse.noStreaming();
  const issues = toolConfigIssues(body.tools, body.tool_choice, ['body']);
  if (issues.length > 0) throw validationError(issues);
  if (lacksRequiredMetadata(assistant, body.meta_data)) throw refuse.metadataMissing();
}

/** Answers the stack and stores the answer as the thread's newest assistant message. */
function answerInto(
  ctx: Ctx,
  thread: ThreadRecord,
  assistant: Assistant,
  stack: MessageData[],
  body: RunBody,
): MessageRecord {
  const answer = composeAnswer({ assistant, stack, tools: body.tools ?? null, toolChoice: body.tool_choice ?? null });
  // The answer's meta_data must satisfy the assistant's published meta_data_response_schema.
  if (!conformsTo(assistant.metaDataResponseSchema, answer.metaData)) throw refuse.internal();
  const record = ctx.app.messages.add(thread.id, {
    role: 'assistant',
    content: answer.content,
    sources: answer.sources,
    metaData: answer.metaData,
    ...(answer.toolCalls ? { toolCalls: answer.toolCalls } : {}),
  });
  ctx.app.threads.touch(thread);
  return record;
}

/** Non-streaming: the stored message. Streaming: the documented chunk shape, content split
 *  over several lines, sources on the last line, tool calls (if any) in a single line. */
function reply(record: MessageRecord, streaming: boolean): Reply {
  if (!streaming) return { status: 200, json: messageView(record) };
  const chunk = (delta: Record<string, unknown>): Record<string, unknown> => ({
    created_at: record.createdAt,
    delta,
    message_id: record.id,
    thread_id: record.threadId,
  });
  if (record.toolCalls) {
    return {
      status: 200,
      ndjson: [chunk({ content: '', role: 'assistant', sources: [], tool_calls: record.toolCalls })],
    };
  }
  const pieces = streamPieces(record.content ?? '');
  const lines = pieces.map((piece, i) =>
    chunk({ content: piece, role: 'assistant', sources: i === pieces.length - 1 ? (record.sources ?? []) : [] }),
  );
  return { status: 200, ndjson: lines };
}

export function runThread(ctx: Ctx, streaming: boolean): Reply {
  const body = ctx.body as RunBody;
  const thread = ownThread(ctx, ctx.path.thread_id ?? '');
  const assistant = assistantOf(thread);
  checkRequest(assistant, body, streaming);
  const stack: MessageData[] = ctx.app.messages.stack(thread.id);
  const problem = stackProblem(stack, (i) => ['thread', 'messages', i], ['thread', 'messages'], thread.userId);
  if (problem) throw problem;
  return reply(answerInto(ctx, thread, assistant, stack, body), streaming);
}

const sameMessage = (a: MessageData, b: MessageData): boolean =>
  a.role === b.role &&
  (a.content ?? '') === (b.content ?? '') &&
  a.toolCallId === b.toolCallId &&
  JSON.stringify(a.toolCalls ?? []) === JSON.stringify(b.toolCalls ?? []) &&
  JSON.stringify((a.attachments ?? []).map((x) => x.file_id)) ===
    JSON.stringify((b.attachments ?? []).map((x) => x.file_id));

/** Chat completions are stateless for the answer (only the request's messages count), but the
 *  exchange is recorded in a thread so the answer has a thread_id and can get feedback.
 *  Without ?thread_id a new thread is made; with it, a thread made by an earlier chat
 *  completion is continued: the stored messages that equal the start of the request are
 *  kept, the rest is replaced by the request's messages. */
export function chatCompletion(ctx: Ctx, streaming: boolean): Reply {
  const body = ctx.body as ChatBody;
  const assistant = availableAssistant(ctx, body.assistant_id);
  checkRequest(assistant, body, streaming);
  const threadId = ctx.query.thread_id as string | undefined;
  let thread = threadId === undefined ? undefined : ownThread(ctx, threadId);
  if (thread && thread.origin !== 'chat') throw refuse.notAChatThread();
  if (thread && thread.assistantId !== assistant.id) throw refuse.chatThreadAssistantMismatch();

  const owner = body.user_id ?? thread?.userId ?? null;
  const stack = body.messages.map(toMessageData);
  const problem = stackProblem(stack, (i) => ['body', 'messages', i], ['body', 'messages'], owner);
  if (problem) throw problem;
  resolveAttachments(ctx, stack, owner);

  thread ??= ctx.app.threads.create({
    tenantId: ctx.tenant.id,
    assistantId: assistant.id,
    userId: body.user_id ?? null,
    title: null,
    origin: 'chat',
  });
  const stored = ctx.app.messages.stack(thread.id);
  let kept = 0;
  while (
    kept < stored.length &&
    kept < stack.length &&
    sameMessage(stored[kept] as MessageData, stack[kept] as MessageData)
  )
    kept++;
  for (const dropped of ctx.app.messages.truncate(thread.id, kept)) ctx.app.feedback.remove(dropped.id);
  for (const m of stack.slice(kept)) ctx.app.messages.add(thread.id, m);
  return reply(answerInto(ctx, thread, assistant, stack, body), streaming);
}
