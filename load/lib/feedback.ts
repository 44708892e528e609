// Feedback under load (issue 22): create-or-update and delete feedback on an assistant message,
// and the negative reasons, are calls of the other budget (60 RPS / 180 RPM), not the answers
// budget. A run answered in setup() gives the message: feedback goes on an API's answer, as an
// integrator's does, and the probe never has to wait for an answer while the answer budget is spent.
import { parseJson } from '../contracts/check/body-text.ts';
import type { Classification } from './classify.ts';
import type { Client } from './client.ts';
import { sendPatiently } from './client.ts';
import type { Policy } from './observe.ts';
import { observe } from './observe.ts';
import { failSetup } from './setup-failure.ts';
import { createThreads, deleteThreads } from './threads.ts';

/** The assistant message feedback goes on, and its thread (deleted in teardown()). */
export interface FeedbackTarget {
  threadId: string;
  messageId: string;
}

/** Calls of the other budget that setup() spends on the feedback thread: thread, message, messages listed. */
export const FEEDBACK_SETUP_CALLS = 3;

/** setup(): a thread of its own, one run answered on it, and the id of the assistant message it stored. */
export function prepareFeedback(
  client: Client,
  assistantId: string,
  metaData: Record<string, unknown> | null,
  title: string,
): FeedbackTarget {
  const [threadId] = createThreads(client, assistantId, 1, title);
  if (threadId === undefined) return failSetup('no thread for the feedback probe.');
  const give = (message: string): never => {
    deleteThreads(client, [threadId]);
    return failSetup(message);
  };
  const run = sendPatiently(client, {
    op: 'createRun',
    path: { thread_id: threadId },
    body: metaData === null ? {} : { meta_data: metaData },
  });
  if (run.status !== 200)
    give(
      `POST /v1/threads/{thread_id}/run answered ${run.status} for the feedback thread; expected 200 (set RUN_META_DATA if the assistant needs real values).`,
    );
  // The stored answer, read back: feedback names the message the thread holds, whatever id the run answered with.
  const listed = sendPatiently(client, { op: 'listMessages', path: { thread_id: threadId } });
  const parsed = listed.status === 200 ? parseJson(listed.body ?? '') : { ok: false as const };
  const items = parsed.ok ? (parsed.value as { items?: unknown } | null)?.items : undefined;
  const answer = Array.isArray(items)
    ? (items as Array<{ id?: unknown; role?: unknown }>).find((m) => m.role === 'assistant' && typeof m.id === 'string')
    : undefined;
  if (answer === undefined)
    return give(
      `GET /v1/threads/{thread_id}/messages answered ${listed.status} without an assistant message after an answered run; expected the run's answer there.`,
    );
  return { threadId, messageId: String(answer.id) };
}

/** Gives positive feedback, reads the negative reasons and deletes the feedback again; each call observed. */
export function feedbackCalls(client: Client, target: FeedbackTarget, policy: Policy): Classification[] {
  const path = { thread_id: target.threadId, message_id: target.messageId };
  return [
    observe('upsertFeedback', client.send({ op: 'upsertFeedback', path, body: { feedback: 'positive' } }), policy),
    observe('listNegativeFeedbackReasons', client.send({ op: 'listNegativeFeedbackReasons' }), policy),
    observe('deleteFeedback', client.send({ op: 'deleteFeedback', path }), policy),
  ];
}
