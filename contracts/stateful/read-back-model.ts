// What the model wrote, as the read-back judges take it (contracts/check/read-back.ts), and what a
// write's answer teaches the model about ids and the API's clock.
import { type Finding, readBack } from '../check/model-checks.ts';
import { threadDiffers, type Window, type WrittenMessage, type WrittenThread } from '../check/read-back.ts';
import type { Model, ModelMessage, ModelThread } from './model.ts';

/** A message as the judges compare it: what was sent when its body was valid, else only its id, role and time. */
export function writtenMessage(message: ModelMessage): WrittenMessage {
  const { turn } = message;
  const sent = message.exact === true && turn.answer !== true;
  return {
    id: message.id ?? '?',
    role: turn.role,
    ...(sent ? { content: turn.content } : {}),
    ...(sent && turn.role === 'assistant'
      ? { toolCalls: Array.isArray(turn.tool_calls) ? (turn.tool_calls as unknown[]) : [] }
      : {}),
    ...(sent && turn.role === 'tool' && typeof turn.tool_call_id === 'string' ? { toolCallId: turn.tool_call_id } : {}),
    ...(message.window ? { window: message.window } : {}),
  };
}

/** A thread as the judges compare it. */
export function writtenThread(thread: ModelThread): WrittenThread {
  return {
    id: thread.id ?? '?',
    assistantId: thread.assistant.id,
    ...(thread.title !== undefined ? { title: thread.title } : {}),
    ...(thread.userId !== undefined ? { userId: thread.userId } : {}),
    deleted: thread.deleted,
    ...(thread.window ? { window: thread.window } : {}),
    ...(thread.newestWrite !== undefined ? { newestWrite: thread.newestWrite } : {}),
    ...(thread.lastUpdatedSeen !== undefined ? { lastUpdatedSeen: thread.lastUpdatedSeen } : {}),
  };
}

/** A thread read back (get, or a list's item): what differs as a read-back finding; the model notes its last_updated_at. */
export function judgeThreadRead(thread: ModelThread, item: Record<string, unknown>, why: string): Finding | undefined {
  const message = readBack.judgeRead(threadDiffers(item, writtenThread(thread)), why);
  const updated = Date.parse(String(item.last_updated_at));
  if (!Number.isNaN(updated)) thread.lastUpdatedSeen = Math.max(thread.lastUpdatedSeen ?? updated, updated);
  return message === undefined ? undefined : { check: readBack.id, message };
}

/**
 * A write's answer handed `id` to `label`: a finding when another thread or message of the
 * sequence holds it already (ids are unique across threads). For a message, the thread's newest
 * write moves to its created_at.
 */
export function noteWrite(
  model: Model,
  label: string,
  body: unknown,
  window: Window | undefined,
  thread?: ModelThread,
): Finding | undefined {
  const answer = (body ?? {}) as { id?: unknown; created_at?: unknown };
  const id = typeof answer.id === 'string' ? answer.id : undefined;
  if (thread && window) {
    const at = Date.parse(String(answer.created_at));
    if (!Number.isNaN(at)) thread.newestWrite = Math.max(thread.newestWrite ?? at, at);
  }
  const holder = model.claim(id, label);
  if (holder === undefined) return undefined;
  const kind = (l: string) => (l.startsWith('t') ? 'thread' : 'message');
  const where = holder.model === model ? 'of this sequence' : 'of an earlier sequence of this run';
  const fault = `The answer handed out id ${id} for a new ${kind(label)}, which ${kind(holder.label)} ${holder.label} ${where} holds already`;
  return { check: readBack.id, message: readBack.judgeRead(fault, 'Ids must be unique across threads.') ?? fault };
}
