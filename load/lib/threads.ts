// Threads for the run endpoint. A run needs a thread that ends on a user message, and a run that is
// answered appends the assistant's message, so each VU owns its own thread and posts a new user
// message only after an answer. A refused call (429) leaves the thread as it was, which keeps
// message calls well under their own budget even when runs are offered far above theirs.
import exec from 'k6/execution';
import type { Client } from './client.ts';
import { sendPatiently } from './client.ts';
import type { FeedbackTarget } from './feedback.ts';
import { metrics } from './metrics.ts';
import type { Policy } from './observe.ts';
import { observe } from './observe.ts';
import { failSetup } from './setup-failure.ts';

/** What setup() hands to every VU: plain JSON, as k6 requires. */
export interface SetupData {
  assistantId: string;
  metaData: Record<string, unknown> | null;
  threads: string[];
  title: string;
  /** The answered message the feedback probe gives feedback on (rate-limit script). */
  feedback?: FeedbackTarget;
}

// Per VU: threads whose last run may have been answered, so they need a new user message.
const needsUserMessage: Record<string, boolean> = {};
let questions = 0;

function question(): string {
  questions += 1;
  return `Load test question ${questions}: what notice period applies to a residential lease?`;
}

/** Deletes threads, honouring Retry-After; returns how many are gone. */
export function deleteThreads(client: Client, ids: string[]): number {
  let deleted = 0;
  for (const id of ids) {
    const res = sendPatiently(client, { op: 'deleteThread', path: { thread_id: id } });
    if (res.status === 200 || res.status === 204 || res.status === 404) deleted += 1;
  }
  return deleted;
}

/**
 * Creates `count` threads, each holding one user message. On failure it removes what it made, and
 * the threads of `owned` that setup() made before, and stops the test.
 */
export function createThreads(
  client: Client,
  assistantId: string,
  count: number,
  title: string,
  owned: string[] = [],
): string[] {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const created = sendPatiently(client, { op: 'createThread', body: { assistant_id: assistantId, title } });
    const id =
      created.status === 200 || created.status === 201
        ? (JSON.parse(created.body ?? '{}') as { id?: string }).id
        : undefined;
    if (id === undefined) {
      deleteThreads(client, [...owned, ...ids]);
      failSetup(
        `POST /v1/threads answered ${created.status} for thread ${index + 1} of ${count}; expected 201 with an id.`,
      );
    }
    ids.push(id);
    const message = sendPatiently(client, {
      op: 'createMessage',
      path: { thread_id: id },
      body: { role: 'user', content: question() },
    });
    if (message.status !== 200 && message.status !== 201) {
      deleteThreads(client, [...owned, ...ids]);
      failSetup(`POST /v1/threads/{thread_id}/messages answered ${message.status}; expected 201.`);
    }
  }
  return ids;
}

/**
 * The thread of the current VU. `reserved` threads at the start of the pool belong to a batch
 * (the burst) and are skipped.
 */
export function vuThread(data: SetupData, reserved = 0): string {
  const own = data.threads.length - reserved;
  if (own <= 0)
    throw new Error(`The pool of ${data.threads.length} threads has none left after ${reserved} reserved ones.`);
  const id = data.threads[reserved + ((exec.vu.idInInstance - 1) % own)];
  if (id === undefined) throw new Error('No thread for this VU.');
  return id;
}

/** Makes the thread end on a user message again if its last run was answered; false when that failed. */
export function readyForRun(client: Client, threadId: string, policy: Policy): boolean {
  if (needsUserMessage[threadId] !== true) return true;
  const res = client.send({
    op: 'createMessage',
    path: { thread_id: threadId },
    body: { role: 'user', content: question() },
  });
  const cls = observe('createMessage', res, policy);
  if (cls.outcome !== 'success') {
    metrics.threadNotReady.add(1);
    return false;
  }
  needsUserMessage[threadId] = false;
  return true;
}

/** Records what a run did to its thread: anything but a refusal may have appended an answer. */
export function noteRun(threadId: string, status: number): void {
  if (status !== 429) needsUserMessage[threadId] = true;
}
