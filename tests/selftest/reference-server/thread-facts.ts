// What the message and run rules read about a thread's live messages (oldest first), under the
// readings: which messages call tools, which tool messages answer what, and where they stand.
import type { Readings } from './readings.ts';
import type { MessageRecord } from './store.ts';

/** The tool call ids a message makes: an assistant's, and under `count-at-run` any role's stored ones. */
export function callIds(message: MessageRecord, readings: Readings): string[] {
  if (message.role !== 'assistant' && readings.offRoleToolCalls !== 'count-at-run') return [];
  return (message.tool_calls ?? []).map((call) => call.id);
}

/** Whether some message of `messages` makes the call `id`. */
export function isCalled(messages: readonly MessageRecord[], id: string | null, readings: Readings): boolean {
  return id !== null && messages.some((m) => callIds(m, readings).includes(id));
}

/** The tool messages answering `id`. */
function answersTo(messages: readonly MessageRecord[], id: string): MessageRecord[] {
  return messages.filter((m) => m.role === 'tool' && m.tool_call_id === id);
}

/** The calls of the thread that no tool message answers. */
export function unansweredCalls(messages: readonly MessageRecord[], readings: Readings): string[] {
  const answered = new Set(messages.filter((m) => m.role === 'tool').map((m) => m.tool_call_id));
  return messages.flatMap((m) => callIds(m, readings)).filter((id) => !answered.has(id));
}

/** Tool messages without an earlier message making their call. */
export function orphanTools(messages: readonly MessageRecord[], readings: Readings): MessageRecord[] {
  return messages.filter((m, i) => m.role === 'tool' && !isCalled(messages.slice(0, i), m.tool_call_id, readings));
}

/** Whether the call `id` already has a tool message. */
export function isAnswered(messages: readonly MessageRecord[], id: string | null): boolean {
  return id !== null && answersTo(messages, id).length > 0;
}

/** Calls that have more than one tool message. */
export function answeredTwice(messages: readonly MessageRecord[], readings: Readings): string[] {
  const calls = new Set(messages.flatMap((m) => callIds(m, readings)));
  return [...calls].filter((id) => answersTo(messages, id).length > 1);
}

/** Non-tool messages that carry a tool_call_id (stored under `offRoleToolCallId: refuse-at-run`). */
export function strayCallIds(messages: readonly MessageRecord[]): MessageRecord[] {
  return messages.filter((m) => m.role !== 'tool' && m.tool_call_id !== null);
}

/** Whether a system message follows a message of another role. */
export function systemMisplaced(messages: readonly MessageRecord[]): boolean {
  const firstOther = messages.findIndex((m) => m.role !== 'system');
  return firstOther >= 0 && messages.slice(firstOther).some((m) => m.role === 'system');
}

function assistantCalls(message: MessageRecord): string[] {
  return message.role === 'assistant' ? (message.tool_calls ?? []).map((call) => call.id) : [];
}

/**
 * Adjacency on add: the calls of the last non-tool message (an assistant's) are its open block;
 * while one of them is unanswered only tool messages may follow, and a tool message may answer
 * only a call of that block.
 */
export function breaksAdjacency(
  messages: readonly MessageRecord[],
  role: MessageRecord['role'],
  toolCallId: string | null,
): boolean {
  const lastIndex = messages.findLastIndex((m) => m.role !== 'tool');
  const last = messages[lastIndex];
  const block = last ? assistantCalls(last) : [];
  if (role !== 'tool') {
    const after = messages.slice(lastIndex + 1);
    return block.some((id) => answersTo(after, id).length === 0);
  }
  if (toolCallId === null || block.includes(toolCallId)) return false;
  return messages.some((m) => assistantCalls(m).includes(toolCallId));
}

/** Adjacency at the run: a tool message with a non-tool message between it and the assistant message it answers. */
export function answersNotAdjacent(messages: readonly MessageRecord[]): boolean {
  return messages.some((m, i) => {
    if (m.role !== 'tool' || m.tool_call_id === null) return false;
    const id = m.tool_call_id;
    const caller = messages.slice(0, i).findLastIndex((earlier) => assistantCalls(earlier).includes(id));
    return caller >= 0 && messages.slice(caller + 1, i).some((between) => between.role !== 'tool');
  });
}
