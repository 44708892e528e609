// Calls to the answer endpoints (run, run/stream, chat/completions), each observed and measured.
// k6/http buffers a whole response and timings.waiting ends at the first byte of the response
// headers, so for run/stream k6 can time the headers and the whole answer, not the first NDJSON
// line: that is what `npm run probe:stream` (scripts/probe-stream.ts) measures.

import { ndjsonLines } from '../contracts/check/body-text.ts';
import type { Classification } from './classify.ts';
import type { ApiResponse, Client } from './client.ts';
import { metrics } from './metrics.ts';
import type { Policy } from './observe.ts';
import { observe } from './observe.ts';
import type { SetupData } from './threads.ts';
import { noteRun, readyForRun } from './threads.ts';

/** What an answer call needs. */
export interface AnswerContext {
  client: Client;
  policy: Policy;
  data: SetupData;
}

/** An observed answer call and its raw response. */
export interface Answer {
  cls: Classification;
  res: ApiResponse;
}

function runBody(data: SetupData): Record<string, unknown> {
  return data.metaData === null ? {} : { meta_data: data.metaData };
}

/** POST /v1/threads/{thread_id}/run on a thread that ends on a user message; null when the thread could not be readied. */
export function run(ctx: AnswerContext, threadId: string): Answer | null {
  if (!readyForRun(ctx.client, threadId, ctx.policy)) return null;
  const res = ctx.client.send({ op: 'createRun', path: { thread_id: threadId }, body: runBody(ctx.data) });
  noteRun(threadId, res.status);
  const cls = observe('createRun', res, ctx.policy);
  if (cls.outcome === 'success') metrics.runTtfb.add(res.timings.waiting);
  return { cls, res };
}

/** POST /v1/threads/{thread_id}/run/stream; records time to the headers, total time and line count. */
export function runStream(ctx: AnswerContext, threadId: string): Answer | null {
  if (!readyForRun(ctx.client, threadId, ctx.policy)) return null;
  const res = ctx.client.send({ op: 'createRunStream', path: { thread_id: threadId }, body: runBody(ctx.data) });
  noteRun(threadId, res.status);
  const cls = observe('createRunStream', res, ctx.policy);
  if (cls.outcome === 'success') {
    metrics.streamHeaders.add(res.timings.waiting);
    metrics.streamTotal.add(res.timings.duration);
    metrics.streamChunks.add(ndjsonLines(res.body ?? '').length);
  }
  return { cls, res };
}

/** POST /v1/chat/completions: the same budget, without server-side thread state. */
export function chatCompletion(ctx: AnswerContext): Answer {
  const body: Record<string, unknown> = {
    assistant_id: ctx.data.assistantId,
    messages: [{ role: 'user', content: 'Load test question: what notice period applies to a residential lease?' }],
  };
  if (ctx.data.metaData !== null) body.meta_data = ctx.data.metaData;
  const res = ctx.client.send({ op: 'createChatCompletion', body });
  return { cls: observe('createChatCompletion', res, ctx.policy), res };
}
