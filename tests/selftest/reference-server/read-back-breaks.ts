// The read-back and paging breaks (issue 21): each changes what a read shows of what was written,
// the way a real store or serializer might, so that the self-test can show the generated tests'
// read-back and paging checks notice it and name it.
import type { BreakName } from './breaks.ts';
import type { MessageRecord, ThreadRecord, ToolCall } from './store.ts';

type Breaks = ReadonlySet<BreakName>;

/** Where a break's store cuts content off: a VARCHAR(10000) column. */
const TRUNCATED_AT = 10_000;
const HTML_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#x27;' };

/**
 * Content as a break stores it: NFC-normalized (a store that normalizes Unicode), cut off at 10,000
 * characters, HTML-escaped (a sanitizer on the way in), or with astral characters replaced by
 * U+FFFD (a database in a three-byte UTF-8).
 */
export function storedContent(content: string, breaks: Breaks): string {
  let stored = breaks.has('generated-content-nfc-normalized') ? content.normalize('NFC') : content;
  if (breaks.has('generated-content-truncated')) stored = stored.slice(0, TRUNCATED_AT);
  if (breaks.has('generated-content-html-escaped')) stored = stored.replace(/[<>&"']/g, (c) => HTML_ESCAPES[c] ?? c);
  if (breaks.has('generated-astral-mangled')) stored = stored.replace(/[\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
  return stored;
}

/** Tool calls as a break stores them: JSON arguments re-serialized as Python's json.dumps writes them. */
export function storedCalls(calls: ToolCall[], breaks: Breaks): ToolCall[] {
  if (!breaks.has('generated-tool-arguments-reserialized')) return calls;
  return calls.map((call) => {
    try {
      const value: unknown = JSON.parse(call.function.arguments);
      const python = JSON.stringify(value, null, 1)
        .replace(/\n\s*/g, ' ')
        .replace(/\[ /g, '[')
        .replace(/ \]/g, ']')
        .replace(/\{ /g, '{')
        .replace(/ \}/g, '}');
      return { ...call, function: { ...call.function, arguments: python } };
    } catch {
      return call;
    }
  });
}

/** A message id a break hands out: from a per-thread counter, so that every thread's nth message has the same id. */
export function messageId(thread: ThreadRecord, breaks: Breaks): string | undefined {
  if (!breaks.has('generated-message-id-reused')) return undefined;
  return `00000000-0000-4000-8000-${String(thread.messages.length + 1).padStart(12, '0')}`;
}

/** After a message was stored: a clock an hour behind (local time written as UTC), or a thread whose last_updated_at never moves. */
export function afterStored(thread: ThreadRecord, message: MessageRecord, before: string, breaks: Breaks): void {
  if (breaks.has('generated-clock-hour-off'))
    message.created_at = new Date(Date.parse(message.created_at) - 3_600_000).toISOString().replace('Z', '000Z');
  if (breaks.has('generated-last-updated-frozen')) thread.last_updated_at = before;
}

/** The end of a page as a break computes it: one item too many, and a next cursor that repeats the last item. */
export function pageEnd(offset: number, limit: number, breaks: Breaks): { end: number; next: number } {
  if (breaks.has('generated-limit-off-by-one')) return { end: offset + limit + 1, next: offset + limit + 1 };
  // The limit is ignored: every page is as long as the default's 100.
  if (breaks.has('generated-limit-ignored')) return { end: offset + 100, next: offset + 100 };
  // The cursor names the page's last item, inclusive: the next page starts on it again.
  if (breaks.has('generated-cursor-repeats')) return { end: offset + limit, next: offset + limit - 1 };
  return { end: offset + limit, next: offset + limit };
}
