// A thread of the main tenant with distinctive values (title, user, message text and id), so
// that any answer to somebody else can be searched for them, and the owner's view of it, so that
// a refused request can be shown to have changed nothing.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { SampleContext } from '../../contracts/authz/request-samples.ts';
import type { ApiClient } from '../../contracts/client/api-client.ts';
import type { components } from '../../contracts/generated/api.ts';
import type { ThreadFactory } from './fixtures.ts';

type Assistant = components['schemas']['Assistant'];
type Thread = components['schemas']['Thread'];
type Message = components['schemas']['Message'];

/** A value of the thread that no answer to another caller may carry, and how a report names it. */
export interface Secret {
  label: string;
  value: string;
}

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
  if (created.status !== 200 && created.status !== 201)
    throw new Error(
      `Expected 200 or 201 adding the private thread's message. Got ${created.status}.\nReproduce: ${created.curl}`,
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

/** The labels of the secrets in `text`, leaving out values the request itself carried. */
export function leaksIn(text: string, secrets: Secret[], request: string): string[] {
  const found = secrets
    .filter((s) => s.value !== '' && !request.includes(s.value) && text.includes(s.value))
    .map((s) => s.label);
  return [...new Set(found)];
}

/** What the owner sees of a thread: the thread and its messages, each as status and parsed body. */
export interface OwnerView {
  thread: { status: number; body: unknown };
  messages: { status: number; body: unknown };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
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

function itemsOf(body: unknown): Array<{ id?: unknown }> {
  const items = (body as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? (items as Array<{ id?: unknown }>) : [];
}

/**
 * How the owner's view changed, without quoting any value (live content stays out of reports):
 * statuses, the names of changed thread fields, and the ids of added, removed or changed messages.
 */
export function viewChanges(before: OwnerView, after: OwnerView): string[] {
  const out: string[] = [];
  if (before.thread.status !== after.thread.status)
    out.push(`the owner's GET of the thread answers ${after.thread.status} (it answered ${before.thread.status})`);
  else if (!isDeepStrictEqual(before.thread.body, after.thread.body)) {
    const b = (before.thread.body ?? {}) as Record<string, unknown>;
    const a = (after.thread.body ?? {}) as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !isDeepStrictEqual(b[k], a[k]));
    out.push(`the thread's ${fields.join(', ')} changed`);
  }
  if (before.messages.status !== after.messages.status)
    out.push(`the owner's list of messages answers ${after.messages.status} (it answered ${before.messages.status})`);
  else if (!isDeepStrictEqual(before.messages.body, after.messages.body)) {
    const was = new Map(itemsOf(before.messages.body).map((m) => [String(m.id), m]));
    const now = new Map(itemsOf(after.messages.body).map((m) => [String(m.id), m]));
    const added = [...now.keys()].filter((id) => !was.has(id));
    const removed = [...was.keys()].filter((id) => !now.has(id));
    const changed = [...now.keys()].filter((id) => was.has(id) && !isDeepStrictEqual(was.get(id), now.get(id)));
    if (added.length) out.push(`messages added: ${added.join(', ')}`);
    if (removed.length) out.push(`messages removed: ${removed.join(', ')}`);
    if (changed.length) out.push(`messages changed: ${changed.join(', ')}`);
    if (!added.length && !removed.length && !changed.length) out.push('the list of messages changed (order or paging)');
  }
  return out;
}

/** What sampled requests need to aim at the private thread: its ids and user, and an assistant. */
export function sampleContextOf(owned: PrivateThread, assistant: Assistant): SampleContext {
  return { assistant, threadId: owned.thread.id, messageId: owned.message.id, userId: owned.userId };
}
