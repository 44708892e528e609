// How a read differs from what was written (issue 21): every read (get a thread, list threads,
// list messages, each page of each) compared with what the sequence wrote, and every cursor walk
// held to the paging the docs describe. The model (contracts/stateful/) says what was written and
// when; these functions say how a read differs; the checks that name it, read-back and paging,
// are in model-checks.ts. Decision 0071 says which points the docs leave open.
import { isDeepStrictEqual } from 'node:util';
import { contentDiffers } from './read-back-content.ts';

/** When a write was sent and answered, by the client's clock (ms). */
export interface Window {
  from: number;
  to: number;
}

/**
 * How far the API's clock may be from the client's: the docs give times in UTC (`Z`) and say
 * nothing of clock accuracy, so a skew is allowed; an hour (a zone mistaken for UTC) is not.
 */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/** The documented default page size (List threads, List messages: `limit` Default 100). */
export const DEFAULT_LIMIT = 100;

/** Undefined when `value` is a time inside the window (give or take the tolerance); else what is wrong. */
export function timeOutside(field: string, value: unknown, window: Window | undefined): string | undefined {
  if (window === undefined) return undefined;
  const at = Date.parse(String(value));
  if (Number.isNaN(at)) return `${field} ${JSON.stringify(value)} is not a time`;
  const early = window.from - CLOCK_TOLERANCE_MS - at;
  const late = at - (window.to + CLOCK_TOLERANCE_MS);
  if (early <= 0 && late <= 0) return undefined;
  const minutes = Math.round((early > 0 ? early : late) / 60_000 + CLOCK_TOLERANCE_MS / 60_000);
  return `${field} ${String(value)} is about ${minutes} min ${early > 0 ? 'before' : 'after'} the write (sent ${new Date(window.from).toISOString()}, answered ${new Date(window.to).toISOString()}; ${CLOCK_TOLERANCE_MS / 60_000} min are allowed for clock skew)`;
}

/** Each property sent comes back as the same JSON value (the API may add properties of its own). */
function keeps(sent: unknown, got: unknown): boolean {
  if (typeof sent !== 'object' || sent === null || Array.isArray(sent)) return isDeepStrictEqual(sent, got);
  if (typeof got !== 'object' || got === null) return false;
  return Object.entries(sent).every(([k, v]) => keeps(v, (got as Record<string, unknown>)[k]));
}

/** A tool call's named properties (List messages names no others; an API may drop an unnamed one). */
function namedCall(call: unknown): unknown {
  if (typeof call !== 'object' || call === null) return call;
  const { id, type, function: fn } = call as { id?: unknown; type?: unknown; function?: unknown };
  const named = typeof fn === 'object' && fn !== null ? (fn as { name?: unknown; arguments?: unknown }) : undefined;
  return { id, type, function: named ? { name: named.name, arguments: named.arguments } : fn };
}

/** A value in a finding: its JSON, cut short. */
export function shown(value: unknown, max = 240): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}... (${text.length} characters)` : text;
}

/** A message as the sequence wrote it. */
export interface WrittenMessage {
  /** Its id, from the create answer ('?' when unknown). */
  id: string;
  role: string;
  /** The content sent; undefined for the API's own answer (a run's), whose content is the API's. */
  content?: string;
  /** An assistant message's tool calls as sent (undefined: not a message the client wrote). */
  toolCalls?: unknown[];
  /** A tool message's tool_call_id as sent. */
  toolCallId?: string;
  window?: Window;
}

/** Undefined when a listed message reads back as it was written; else what differs. */
export function messageDiffers(
  item: Record<string, unknown>,
  written: WrittenMessage,
  threadId: string | undefined,
): string | undefined {
  const faults: string[] = [];
  if (threadId !== undefined && item.thread_id !== threadId)
    faults.push(`thread_id is ${JSON.stringify(item.thread_id)}, not the thread listed (${threadId})`);
  if (item.role !== written.role) faults.push(`role is ${JSON.stringify(item.role)}, sent ${written.role}`);
  if (written.content !== undefined) {
    const content = contentDiffers(written.content, item.content);
    if (content) faults.push(content);
  }
  if (written.toolCalls !== undefined) {
    const got = item.tool_calls;
    const none = got === undefined || got === null || (Array.isArray(got) && got.length === 0);
    if (
      written.toolCalls.length === 0
        ? !none
        : !(
            Array.isArray(got) &&
            got.length === written.toolCalls.length &&
            written.toolCalls.every((c, i) => keeps(namedCall(c), got[i]))
          )
    )
      faults.push(`tool_calls are ${shown(got)}, sent ${shown(written.toolCalls.map(namedCall))}`);
  }
  if (written.toolCallId !== undefined && item.tool_call_id !== written.toolCallId)
    faults.push(`tool_call_id is ${JSON.stringify(item.tool_call_id)}, sent ${written.toolCallId}`);
  const time = timeOutside('created_at', item.created_at, written.window);
  if (time) faults.push(time);
  return faults.length === 0 ? undefined : `Message ${written.id}: ${faults.join('; ')}`;
}

/** A thread as the sequence wrote it, and what it saw of its clock since. */
export interface WrittenThread {
  id: string;
  assistantId: string;
  /** The title sent (undefined: none sent, so null or absent reads back). */
  title?: string | null;
  /** The user_id sent, lower-cased (undefined: none sent). */
  userId?: string | null;
  deleted: boolean;
  window?: Window;
  /** The newest created_at (ms, the API's clock) of a message the thread was given. */
  newestWrite?: number;
  /** The latest last_updated_at (ms) a read showed. */
  lastUpdatedSeen?: number;
}

/** Undefined when a thread read back (get, or a list's item) holds what was written; else what differs. */
export function threadDiffers(item: Record<string, unknown>, written: WrittenThread): string | undefined {
  const faults: string[] = [];
  if (item.id !== written.id) faults.push(`id is ${JSON.stringify(item.id)}`);
  if (item.assistant_id !== written.assistantId)
    faults.push(`assistant_id is ${JSON.stringify(item.assistant_id)}, sent ${written.assistantId}`);
  if (
    written.title !== undefined &&
    item.title !== written.title &&
    !(written.title === null && item.title === undefined)
  )
    faults.push(`title is ${JSON.stringify(item.title)}, sent ${JSON.stringify(written.title)}`);
  // A deleted thread's user information is replaced by a placeholder (Data Deletion).
  if (!written.deleted && typeof written.userId === 'string' && String(item.user_id).toLowerCase() !== written.userId)
    faults.push(`user_id is ${JSON.stringify(item.user_id)}, sent ${written.userId}`);
  const created = timeOutside('created_at', item.created_at, written.window);
  if (created) faults.push(created);
  const updated = Date.parse(String(item.last_updated_at));
  if (!Number.isNaN(updated)) {
    const createdAt = Date.parse(String(item.created_at));
    if (updated < createdAt)
      faults.push(`last_updated_at ${String(item.last_updated_at)} is before created_at ${String(item.created_at)}`);
    if (written.newestWrite !== undefined && updated < written.newestWrite)
      faults.push(
        `last_updated_at ${String(item.last_updated_at)} did not move with the writes: a message was added at ${new Date(written.newestWrite).toISOString()}`,
      );
    if (written.lastUpdatedSeen !== undefined && updated < written.lastUpdatedSeen)
      faults.push(
        `last_updated_at went back from ${new Date(written.lastUpdatedSeen).toISOString()} to ${String(item.last_updated_at)}`,
      );
  }
  return faults.length === 0 ? undefined : `Thread ${written.id}: ${faults.join('; ')}`;
}

/** One page of a cursor walk. */
export interface Page {
  items: unknown[];
  cursor: unknown;
}

/** Whether a page's cursor ends the walk: null, absent or empty (the docs leave the last cursor's form open). */
export function lastCursor(cursor: unknown): boolean {
  return cursor === null || cursor === undefined || cursor === '';
}

/** The id of a listed item, as a string. */
export const itemId = (item: unknown) => String((item as { id?: unknown } | null)?.id);

/** Undefined when the pages keep the documented walk (each at most `limit` long, no item twice); else what breaks it. */
export function pagesDiffer(pages: Page[], limit: number | undefined): string | undefined {
  const most = limit ?? DEFAULT_LIMIT;
  const seen = new Map<string, number>();
  for (const [n, page] of pages.entries()) {
    if (page.items.length > most)
      return `page ${n + 1} holds ${page.items.length} items; limit=${limit ?? `absent (default ${DEFAULT_LIMIT})`} allows at most ${most}`;
    for (const item of page.items) {
      const id = itemId(item);
      const before = seen.get(id);
      if (before !== undefined) return `item ${id} came twice, on page ${before + 1} and page ${n + 1}`;
      seen.set(id, n);
    }
  }
  return undefined;
}

/** How a walk is described in a finding: its limit and its pages' sizes. */
export function describeWalk(pages: Page[], limit: number | undefined): string {
  return `(limit=${limit ?? 'absent'}; ${pages.length} page(s) of ${pages.map((p) => p.items.length).join(', ')} item(s))`;
}
