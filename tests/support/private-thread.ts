// A thread of the main tenant with distinctive values (title, user, message text and id), so
// that any answer to somebody else can be searched for them, and the owner's view of it, so that
// a refused request can be shown to have changed nothing (the checks that judge both are in
// contracts/check/auth-checks.ts).
import { randomUUID } from 'node:crypto';
import type { SampleContext } from '../../contracts/authz/request-samples.ts';
import type { OwnerView, Secret } from '../../contracts/check/auth-checks.ts';
import { parseJson } from '../../contracts/check/body-text.ts';
import { isSuccess } from '../../contracts/check/status-class.ts';
import type { ApiClient } from '../../contracts/client/api-client.ts';
import type { components } from '../../contracts/generated/api.ts';
import type { ThreadFactory } from './fixtures.ts';

type Assistant = components['schemas']['Assistant'];
type Thread = components['schemas']['Thread'];
type Message = components['schemas']['Message'];

/** The thread, its one message, and its secrets. */
export interface PrivateThread {
  thread: Thread;
  message: Message;
  userId: string;
  secrets: Secret[];
}

/** Creates a thread (deleted after the test by the factory) holding one user message. */
export async function createPrivateThread(
  api: ApiClient,
  threads: ThreadFactory,
  assistant?: Assistant,
): Promise<PrivateThread> {
  const userId = randomUUID();
  const thread = await threads.create(assistant, {
    title: `agents-api-suite private title ${randomUUID()}`,
    user_id: userId,
  });
  const content = `agents-api-suite private note ${randomUUID()}`;
  const created = await api.call('createMessage', { path: { thread_id: thread.id }, body: { role: 'user', content } });
  if (!isSuccess(created.status))
    throw new Error(
      `Expected a 2xx adding the private thread's message. Got ${created.status}.\nReproduce: ${created.curl}`,
    );
  const message = created.json<Message>();
  const secrets: Secret[] = [
    { label: 'the thread id', value: thread.id },
    { label: 'the thread title', value: thread.title ?? '' },
    { label: "the thread's user_id", value: userId },
    { label: 'a message id', value: message.id },
    { label: 'message content', value: content },
  ];
  return { thread, message, userId, secrets };
}

/** The body as JSON, or its text when it is not JSON (a change of either is a change of the view). */
function parsed(text: string): unknown {
  const body = parseJson(text);
  return body.ok ? body.value : text;
}

/** Reads the thread and its messages with the main key. */
export async function ownerView(api: ApiClient, threadId: string): Promise<OwnerView> {
  const thread = await api.call('getThread', { path: { thread_id: threadId } });
  const messages = await api.call('listMessages', { path: { thread_id: threadId } });
  return {
    thread: { status: thread.status, body: parsed(thread.text) },
    messages: { status: messages.status, body: parsed(messages.text) },
  };
}

/** What sampled requests need to aim at the private thread: its ids and user, and an assistant. */
export function sampleContextOf(owned: PrivateThread, assistant: Assistant): SampleContext {
  return { assistant, threadId: owned.thread.id, messageId: owned.message.id, userId: owned.userId };
}
