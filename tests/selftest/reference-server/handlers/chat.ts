// POST /v1/chat/completions and /chat/completions/stream: a run without server-side thread state.
// Its body and rules keep the standard readings (the readings are about threads and runs); only
// wrongContentType, a reading of every body, applies.
import { randomUUID } from 'node:crypto';
import { buildAnswer, runAnswerBody, streamChunks } from '../answer.ts';
import { readJson } from '../body-readings.ts';
import { noBreaks } from '../breaks.ts';
import type { Context } from '../context.ts';
import { ApiError, invalid, sendJson } from '../http-io.ts';
import { standardReadings } from '../readings.ts';
import { checkRunRules, runRequestFields } from '../run-rules.ts';
import { liveMessages, type MessageRecord, type ToolCall, timestamp } from '../store.ts';
import { checkObjectBody, isUuid, type Json, toolCallFields } from '../validate.ts';
import { writeNdjson } from './runs.ts';

const roles = ['user', 'system', 'tool', 'assistant'] as const;

function prepare(ctx: Context, stream: boolean): { messages: MessageRecord[]; request: Json; threadId: string | null } {
  const threadId = ctx.url.searchParams.get('thread_id');
  if (threadId !== null && !isUuid(threadId))
    invalid([{ loc: ['query', 'thread_id'], message: 'Input should be a valid UUID', type: 'uuid_parsing' }]);
  const request = checkObjectBody(readJson(ctx.req, ctx.bodyText, true, ctx.readings), (c) => {
    c.uuid('assistant_id', { required: true }).uuid('user_id');
    c.arrayOf('messages', (m) =>
      m
        .oneOf('role', roles, { required: true })
        .string('content', { required: true })
        .arrayOf('tool_calls', toolCallFields)
        .string('tool_call_id'),
    );
    c.custom('messages', (v) => (Array.isArray(v) && v.length > 0 ? undefined : 'List should have at least 1 item'), {
      required: true,
    });
    runRequestFields(c, standardReadings);
  });
  const assistant = ctx.store.assistantOf(ctx.tenant, request.assistant_id as string);
  if (!assistant) throw new ApiError('assistant_not_available');
  let prior: MessageRecord[] = [];
  if (threadId !== null) {
    const thread = ctx.store.threads.get(threadId);
    const foreignServed = ctx.breaks.has('chat-foreign-thread');
    if (!thread || thread.deleted || (thread.tenant_id !== ctx.tenant.id && !foreignServed))
      throw new ApiError('resource_not_found');
    prior = liveMessages(thread);
  }
  const given = (request.messages as Json[]).map(
    (m): MessageRecord => ({
      id: randomUUID(),
      thread_id: threadId ?? '',
      role: m.role as MessageRecord['role'],
      content: m.content as string,
      created_at: timestamp(),
      tool_calls: (m.tool_calls as ToolCall[] | undefined) ?? null,
      tool_call_id: (m.tool_call_id as string | undefined) ?? null,
      deleted: false,
    }),
  );
  const messages = [...prior, ...given];
  checkRunRules(assistant, messages, request, { stream, breaks: noBreaks, readings: standardReadings });
  return { messages, request, threadId };
}

/** createChatCompletion: 200 with the answer; thread_id is the query's, else null. */
export function createChatCompletion(ctx: Context): void {
  const { messages, request, threadId } = prepare(ctx, false);
  const answer = buildAnswer(messages, request);
  const body = runAnswerBody(answer, '', timestamp(), noBreaks);
  body.thread_id = threadId;
  sendJson(ctx.res, 200, body);
}

/** createChatCompletionStream: 200 NDJSON. */
export async function createChatCompletionStream(ctx: Context): Promise<void> {
  const { messages, request, threadId } = prepare(ctx, true);
  const { tools: _tools, tool_choice: _choice, ...textOnly } = request;
  await writeNdjson(ctx.res, streamChunks(buildAnswer(messages, textOnly), threadId, timestamp(), noBreaks));
}
