// Message Validation rules for message stacks, shared by Create a message (rules that only
// look at the new message and what precedes it), runs (the whole thread) and chat
// completions (the request's messages). Each returns the first violation as an ApiError.
import { type ApiError, invalidAt, refuse } from './errors.ts';
import type { MessageData } from './message-store.ts';
import type { Loc } from './schema.ts';

/** Where message i of the stack is, for error locations. */
export type Locate = (index: number) => Loc;

const blank = (text: string | null | undefined): boolean => text === null || text === undefined || text.trim() === '';

/** Content rules of a single message. */
export function contentProblem(m: MessageData, at: Loc): ApiError | null {
  if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length > 0) {
    // "content must be empty when tool_calls is present"
    if (!blank(m.content))
      return invalidAt([...at, 'content'], 'Assistant message content must be empty when tool_calls is present');
    const ids = m.toolCalls.map((c) => c.id);
    const dup = ids.findIndex((id, i) => ids.indexOf(id) !== i);
    if (dup >= 0) return invalidAt([...at, 'tool_calls', dup, 'id'], 'Tool call ids must be unique within a message');
    return null;
  }
  // "content must not be blank or whitespace-only"; for assistants "when tool_calls is absent".
  return blank(m.content) ? refuse.contentEmpty() : null;
}

/** Tool call ids of the latest assistant tool request not yet answered before `index`. */
function pendingBefore(stack: MessageData[], index: number): Set<string> {
  let pending = new Set<string>();
  for (const m of stack.slice(0, index)) {
    if (m.role === 'assistant') pending = new Set((m.toolCalls ?? []).map((c) => c.id));
    else if (m.role === 'tool' && m.toolCallId !== undefined) pending.delete(m.toolCallId);
  }
  return pending;
}

/** Ordering rules for message `index` given the messages before it. */
export function orderProblem(stack: MessageData[], index: number, at: Locate): ApiError | null {
  const m = stack[index];
  if (!m) return null;
  const previous = stack[index - 1];
  const pending = pendingBefore(stack, index);
  if (m.role === 'tool') {
    // Create a message: "Tool messages must follow an assistant message whose tool_call_id matches".
    return m.toolCallId !== undefined && pending.has(m.toolCallId) ? null : refuse.toolMessageUnmatched();
  }
  if (pending.size > 0) {
    // Create a run: "An assistant message requesting tool calls must be followed by the corresponding tool messages".
    return invalidAt(
      [...at(index), 'role'],
      `The tool calls of the preceding assistant message must be answered by tool messages first (missing: ${[...pending].join(', ')})`,
    );
  }
  if (m.role === 'system' && index !== 0) {
    // "At most one system message"; Create a message: "System messages should be the first message in a thread".
    return invalidAt(
      [...at(index), 'role'],
      'A system message must be the first message of the stack, and there can be only one',
    );
  }
  if (m.role === 'assistant' && previous?.role !== 'user' && previous?.role !== 'tool') {
    // "An assistant message must be directly preceded by a user message" (or by the tool
    // messages answering its tool calls, else no tool round could ever be completed).
    return invalidAt([...at(index), 'role'], 'An assistant message must be directly preceded by a user message');
  }
  return null;
}

/** Attachment rule: the same attachment (file_id, user_id, base_url) only once in a stack. */
export function attachmentProblem(stack: MessageData[], ownerUser: string | null): ApiError | null {
  const seen = new Set<string>();
  for (const m of stack) {
    for (const a of m.attachments ?? []) {
      const key = `${a.file_id}\n${a.user_id ?? ownerUser ?? ''}\n${a.base_url ?? ''}`;
      if (seen.has(key)) return refuse.attachmentNotUnique();
      seen.add(key);
    }
  }
  return null;
}

/** All rules, for a stack about to be answered (runs and chat completions). */
export function stackProblem(stack: MessageData[], at: Locate, whole: Loc, ownerUser: string | null): ApiError | null {
  for (const [i, m] of stack.entries()) {
    const problem = contentProblem(m, at(i));
    if (problem) return problem;
  }
  // Create a run: "The thread must contain at least one user message".
  if (!stack.some((m) => m.role === 'user'))
    return invalidAt(whole, 'The message stack must contain at least one user message', 'too_short');
  for (let i = 0; i < stack.length; i++) {
    const problem = orderProblem(stack, i, at);
    if (problem) return problem;
  }
  const last = stack[stack.length - 1];
  // "The last message must have role user or tool" (Message Validation; Stream a run).
  if (last?.role !== 'user' && last?.role !== 'tool') return refuse.stackEnding();
  const unanswered = pendingBefore(stack, stack.length);
  if (unanswered.size > 0) {
    return invalidAt(
      whole,
      `Every tool call must be answered by a tool message before a run (missing: ${[...unanswered].join(', ')})`,
    );
  }
  return attachmentProblem(stack, ownerUser);
}
