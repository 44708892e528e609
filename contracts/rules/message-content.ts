// The Message Validation page's content rules of one message, whatever the thread: not blank,
// at most 30,000 characters, valid Unicode; an assistant message's content empty exactly when it
// calls tools. Where the page's words allow two readings (which characters are whitespace, what a
// character is, whether `tool_calls: []` is present), the break is the catalog's open entry.
// No Node imports (k6-safe).
import type { components } from '../generated/api.ts';
import { broken, type RuleBreak } from './rule-catalog.ts';

type Role = components['schemas']['Role'];

/** "content must not exceed 30,000 characters". */
export const MAX_CONTENT_CHARACTERS = 30_000;

// Whitespace to every reading: JavaScript's trim, Python's str.strip and Unicode's White_Space.
const BLANK = /^[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;
// Whitespace to some readings only: Python counts U+001C to U+001F and U+0085, JavaScript U+FEFF.
const MAYBE_BLANK = /^[\t\n\v\f\r \u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*$/;

/** How blank a text is: empty, whitespace to every reading, whitespace to some, or text. */
export function blankness(text: string): 'empty' | 'blank' | 'maybe-blank' | 'text' {
  if (text === '') return 'empty';
  if (BLANK.test(text)) return 'blank';
  return MAYBE_BLANK.test(text) ? 'maybe-blank' : 'text';
}

/** Whether a text holds a lone surrogate, which no UTF-8 encoder can write ("broken Unicode characters are rejected"). */
export function hasBrokenUnicode(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff) return true;
    if (unit < 0xd800 || unit > 0xdbff) continue;
    const next = text.charCodeAt(i + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
    i += 1;
  }
  return false;
}

/** The fields of a message the content rules read. */
export interface ContentOf {
  role: Role;
  content: string;
  tool_calls?: unknown;
}

/** Whether an assistant message's tool_calls is absent, an empty list (present to some readings), or calls tools. */
function callsState(message: ContentOf): 'absent' | 'empty' | 'calls' {
  const calls = message.tool_calls;
  if (!Array.isArray(calls)) return 'absent';
  return calls.length === 0 ? 'empty' : 'calls';
}

const EMPTY_DETAIL = 'Message content must not be empty or whitespace only. Send the text of the message in content.';

/** The content rules this message breaks, documented and open (the caller's verdict says which demand a refusal). */
export function contentBreaks(message: ContentOf): RuleBreak[] {
  const out: RuleBreak[] = [];
  const kind = blankness(message.content);
  const at = ['content'];
  if (message.role !== 'assistant') {
    if (kind === 'empty' || kind === 'blank') out.push(broken('message-content-empty', EMPTY_DETAIL, at));
    else if (kind === 'maybe-blank') out.push(broken('message-content-blank', EMPTY_DETAIL, at));
  } else {
    const calls = callsState(message);
    if (calls === 'empty')
      out.push(
        broken(
          'assistant-empty-tool-calls',
          'An assistant message with an empty tool_calls list: leave tool_calls out, or call a tool with empty content.',
          ['tool_calls'],
        ),
      );
    else if (calls === 'calls' && kind === 'text')
      out.push(
        broken(
          'assistant-content-with-tool-calls',
          'An assistant message that calls tools must have empty content. Send content "" with tool_calls.',
          at,
        ),
      );
    else if (calls === 'calls' && kind !== 'empty')
      out.push(
        broken(
          'assistant-calls-blank-content',
          'An assistant message that calls tools has whitespace-only content; send "".',
          at,
        ),
      );
    else if (calls === 'absent' && kind === 'empty') out.push(broken('message-content-empty', EMPTY_DETAIL, at));
    else if (calls === 'absent' && kind !== 'text') out.push(broken('message-content-blank', EMPTY_DETAIL, at));
  }
  if (message.content.length > MAX_CONTENT_CHARACTERS) {
    const characters = [...message.content].length;
    const detail = `Message content must not exceed ${MAX_CONTENT_CHARACTERS} characters. Got ${characters}.`;
    out.push(
      characters > MAX_CONTENT_CHARACTERS
        ? broken('message-content-too-long', detail, at)
        : broken('message-content-length-units', detail, at),
    );
  }
  if (hasBrokenUnicode(message.content))
    out.push(
      broken(
        'message-content-broken-unicode',
        'Message content must be valid UTF-8; it holds a lone surrogate (broken Unicode). Send well-formed text.',
        at,
      ),
    );
  return out;
}
