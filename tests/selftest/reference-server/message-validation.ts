// The Message Validation page (/docs/validation/messages), as this server keeps it: "All
// violations return an HTTP 422". Its content rules (not blank, at most 30,000 characters, valid
// UTF-8; an assistant message's content empty exactly when it calls tools) and its list rules (at
// most one system message, an assistant message directly preceded by a user message) hold for the
// stack a run answers, whenever its messages were added; `messageValidation: on-add` also refuses
// a message that breaks one as it is added. The non-empty list and the last message are the run
// rules' (run-rules.ts). Written from the page, not from the suite's rules.
import { ApiError } from './http-io.ts';
import type { Readings } from './readings.ts';
import type { MessageRecord } from './store.ts';

/** "content must not exceed 30,000 characters": characters as code points. */
const MAX_CHARACTERS = 30_000;

// What each language's own trim removes: JavaScript's String.prototype.trim, Python's str.strip.
const JS_BLANK = /^[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*$/;
const PY_BLANK = /^[\t\n\v\f\r \u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** A message as the rules read it. */
export interface Checked {
  role: MessageRecord['role'];
  content: string;
  /** The tool calls it makes (an assistant's; empty when it makes none). */
  callCount: number;
}

function isBlank(text: string, readings: Readings): boolean {
  return (readings.blankContent === 'python' ? PY_BLANK : JS_BLANK).test(text);
}

/** The content rule a message breaks, in words; `empty` for the non-empty rule (its own code). */
export function contentBreak(message: Checked, readings: Readings): { empty: boolean; detail: string } | undefined {
  const { content } = message;
  if (message.role === 'assistant' && message.callCount > 0) {
    // "content must be empty when tool_calls is present": whitespace is empty once trimmed, or not.
    const empty = content === '' || (readings.callsOnlyContent === 'trim' && isBlank(content, readings));
    if (!empty) return { empty: false, detail: 'content must be empty when tool_calls is present' };
  } else if (isBlank(content, readings)) {
    return { empty: true, detail: 'content must not be blank or whitespace-only' };
  }
  if ([...content].length > MAX_CHARACTERS)
    return { empty: false, detail: `content must not exceed ${MAX_CHARACTERS} characters` };
  // A lone surrogate (a surrogate code point in a Unicode regex) has no UTF-8 encoding.
  if (/\p{Cs}/u.test(content)) return { empty: false, detail: 'content must be valid UTF-8' };
  return undefined;
}

/** The list rule a message breaks at its place after `before` (the stack's earlier messages), in words. */
export function placeBreak(before: readonly Checked[], message: Checked): string | undefined {
  if (message.role === 'system' && before.some((m) => m.role === 'system'))
    return 'At most one system message is allowed';
  // Read as the run pages' tool round trip needs it: a tool message before the answer counts as the user's turn.
  const previous = before[before.length - 1]?.role;
  if (message.role === 'assistant' && previous !== 'user' && previous !== 'tool')
    return 'An assistant message must be directly preceded by a user message';
  return undefined;
}

/** Refuses a message being added, under `messageValidation: on-add`: 422 message_content_empty, or a validation_error. */
export function checkOnAdd(message: Checked, before: readonly Checked[], readings: Readings): void {
  if (readings.messageValidation !== 'on-add') return;
  const content = contentBreak(message, readings);
  if (content?.empty) throw new ApiError('message_content_empty', { detail: content.detail });
  const place = content === undefined ? placeBreak(before, message) : undefined;
  const at = content === undefined ? 'role' : 'content';
  const detail = content?.detail ?? place;
  if (detail !== undefined)
    throw new ApiError('validation_error', { issues: [{ loc: ['body', at], message: detail, type: 'value_error' }] });
}

/** The first Message Validation rule the stack breaks (every message, wherever it came from), in words. */
export function stackBreak(messages: readonly Checked[], readings: Readings): string | undefined {
  for (const [i, message] of messages.entries()) {
    const found = contentBreak(message, readings)?.detail ?? placeBreak(messages.slice(0, i), message);
    if (found !== undefined) return `messages[${i}]: ${found}`;
  }
  return undefined;
}

/** A stored message as the rules read it. */
export function checked(message: MessageRecord): Checked {
  return {
    role: message.role,
    content: message.content,
    callCount: message.role === 'assistant' ? (message.tool_calls ?? []).length : 0,
  };
}
