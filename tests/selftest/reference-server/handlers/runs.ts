// POST /v1/threads/{thread_id}/run and /run/stream: the rules, the answer, and storing it.
import type { ServerResponse } from 'node:http';
import { type Answer, buildAnswer, runAnswerBody, streamChunks } from '../answer.ts';
import { bodyShapes, readJson, unnamedProperties } from '../body-readings.ts';
import { type Context, threadFor, threadIdParam } from '../context.ts';
import { ApiError, sendJson } from '../http-io.ts';
import { checkRunRequest, checkRunRules } from '../run-rules.ts';
import { liveMessages, type ThreadRecord } from '../store.ts';
import type { Json } from '../validate.ts';

/** A run's 404 thread_not_found; the unknown-thread breaks change how it is answered. */
function notFound(ctx: Context, stream: boolean, error: ApiError): ApiError {
  const wrongCode = ctx.breaks.has(stream ? 'stream-unknown-thread-wrong-code' : 'unknown-thread-wrong-code');
  if (wrongCode) return new ApiError('thread_not_found', { errorCode: 'not_found' });
  if (!stream && ctx.breaks.has('unknown-thread-wrong-status'))
    return new ApiError('thread_not_found', { status: 400 });
  return error;
}

/** The thread of a run (a deleted one under `deletedCheck: last`, answered 404 after the rules). */
function runThread(ctx: Context, stream: boolean): ThreadRecord {
  try {
    return threadFor(ctx, threadIdParam(ctx), {
      forbidForeign: true,
      deletedLast: ctx.readings.deletedCheck === 'last',
    });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'thread_not_found') throw notFound(ctx, stream, error);
    throw error;
  }
}

/** Validates, applies the rules and stores the answer as an assistant message of the thread. */
function answerRun(ctx: Context, stream: boolean): { thread: ThreadRecord; answer: Answer; createdAt: string } {
  const early = ctx.readings.lookupOrder === 'thread' ? runThread(ctx, stream) : undefined;
  const request = checkRunRequest(readJson(ctx.req, ctx.bodyText, false, ctx.readings), stream, ctx.readings);
  const thread = early ?? runThread(ctx, stream);
  if (ctx.breaks.has('generated-tool-choice-server-error') && request?.tool_choice !== undefined)
    throw new Error('tool_choice is not handled');
  if (ctx.breaks.has('generated-user-id-thread-run-error') && thread.user_id !== null)
    throw new Error('threads with a user are not handled');
  if (
    ctx.breaks.has('generated-empty-tools-server-error') &&
    Array.isArray(request?.tools) &&
    request.tools.length === 0
  )
    throw new Error('no tools to offer');
  if (ctx.breaks.has('generated-extra-field-server-error') && unnamedProperties(request, bodyShapes.run).length > 0)
    throw new Error('unknown run options are not handled');
  const assistant = ctx.store.anyAssistant(thread.assistant_id);
  if (!assistant) throw new ApiError('assistant_not_available');
  const messages = liveMessages(thread);
  checkRunRules(assistant, messages, request, { stream, breaks: ctx.breaks, readings: ctx.readings });
  if (thread.deleted) throw notFound(ctx, stream, new ApiError('thread_not_found'));
  const answer = buildAnswer(messages, stream ? withoutTools(request) : request);
  const stored = ctx.store.addMessage(thread, {
    id: answer.id,
    role: 'assistant',
    content: stream && ctx.breaks.has('generated-stream-stored-text-differs') ? lastPieceLost(answer) : answer.content,
    ...(answer.tool_calls ? { tool_calls: answer.tool_calls } : {}),
  });
  return { thread, answer, createdAt: stored.created_at };
}

/** The answer as a stream that lost its last piece before storing would keep it. */
function lastPieceLost(answer: Answer): string {
  const pieces = streamChunks(answer, null, '', new Set()).map((c) => (c.delta as { content: string }).content);
  return pieces.slice(0, -1).join('');
}

/** A stream chunk has no place for tool calls, so a streamed run answers in text. */
function withoutTools(request: Json | undefined): Json | undefined {
  if (!request) return request;
  const { tools: _tools, tool_choice: _choice, ...rest } = request;
  return rest;
}

/** createRun: 200 with the answer. */
export function createRun(ctx: Context): void {
  const { thread, answer, createdAt } = answerRun(ctx, false);
  const body = runAnswerBody(answer, thread.id, createdAt, ctx.breaks);
  const status = ctx.breaks.has('run-wrong-status') ? 201 : 200;
  const contentType = ctx.breaks.has('run-wrong-content-type') ? 'text/plain; charset=utf-8' : 'application/json';
  sendJson(ctx.res, status, body, {}, contentType);
}

/** createRunStream: 200 NDJSON, one chunk a line. */
export async function createRunStream(ctx: Context): Promise<void> {
  const { thread, answer, createdAt } = answerRun(ctx, true);
  await writeNdjson(ctx.res, streamChunks(answer, thread.id, createdAt, ctx.breaks));
}

/** Writes NDJSON lines, yielding between them as a real stream would. */
export async function writeNdjson(res: ServerResponse, chunks: Json[]): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  for (const chunk of chunks) {
    res.write(`${JSON.stringify(chunk)}\n`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  res.end();
}
