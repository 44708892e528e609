// Message input models and the rules of the Message Validation guide, applied to stacks sent to
// /chat/completions and to stacks built in a thread (per message when it is added, and as a
// whole when a run starts). Rule violations answer 422 {"error_code","detail"}; the tool-call
// pairing rules answer 400, the status the Create-a-message page's tab order gives them.
import { type ApiError, appError, type Json } from './errors.ts';
import { type AttachmentRef, type Message, ROLES, type Role, sorted, type ToolCall } from './store.ts';
import { dict, enumOf, type Issues, type Loc, list, obj, opt, optStr, req, str } from './validate.ts';

export interface StackMsg {
  role: Role;
  content: string;
  toolCalls?: ToolCall[] | undefined;
  toolCallId?: string | undefined;
  attachments?: AttachmentRef[] | undefined;
}
export interface MessageInput extends StackMsg {
  sources?: Json[] | undefined;
}

export const MAX_CONTENT_CHARS = 30_000;

export function parseMessage(v: unknown, loc: Loc, iss: Issues): MessageInput | undefined {
  const o = obj(v, loc, iss);
  if (!o) return undefined;
  const before = iss.items.length;
  const role = req(o, 'role', loc, iss, (x, l, i) => enumOf(x, ROLES, l, i));
  // content defaults to "" so that an assistant tool-call message may leave it out; an empty
  // content elsewhere is then refused by the non-empty rule, not by a "missing" error.
  const content = opt(o, 'content', loc, iss, str) ?? '';
  const toolCalls = opt(o, 'tool_calls', loc, iss, parseToolCalls);
  const toolCallId = role === 'tool' ? req(o, 'tool_call_id', loc, iss, str) : undefined;
  const sources = opt(o, 'sources', loc, iss, (x, l, i) => list(x, l, i)?.map((s, n) => dict(s, [...l, n], i) as Json));
  const attachments = opt(o, 'attachments', loc, iss, (x, l, i) =>
    list(x, l, i)?.map((a, n) => parseAttachment(a, [...l, n], i)),
  );
  if (iss.items.length > before || !role) return undefined;
  // Fields that do not belong to the role are ignored, like any unknown field.
  const m: MessageInput = { role, content };
  if (role === 'assistant') {
    if (toolCalls && toolCalls.length > 0) m.toolCalls = toolCalls;
    m.sources = sources ?? [];
  }
  if (role === 'tool') m.toolCallId = toolCallId;
  if (role === 'user' && attachments && attachments.length > 0) m.attachments = attachments as AttachmentRef[];
  return m;
}

function parseToolCalls(v: unknown, loc: Loc, iss: Issues): ToolCall[] | undefined {
  const items = list(v, loc, iss);
  if (!items) return undefined;
  const out: ToolCall[] = [];
  items.forEach((item, n) => {
    const l = [...loc, n];
    const o = obj(item, l, iss);
    if (!o) return;
    const id = req(o, 'id', l, iss, str);
    opt(o, 'type', l, iss, (x, xl, i) => enumOf(x, ['function'] as const, xl, i));
    const fn = req(o, 'function', l, iss, obj);
    const fl = [...l, 'function'];
    const name = fn ? req(fn, 'name', fl, iss, str) : undefined;
    const args = fn ? opt(fn, 'arguments', fl, iss, str) : undefined;
    if (id !== undefined && name !== undefined && args !== undefined)
      out.push({ id, type: 'function', function: { name, arguments: args ?? '{}' } });
  });
  return out;
}

function parseAttachment(v: unknown, loc: Loc, iss: Issues): AttachmentRef | undefined {
  const o = obj(v, loc, iss);
  if (!o) return undefined;
  const file_id = req(o, 'file_id', loc, iss, str);
  const user_id = opt(o, 'user_id', loc, iss, optStr);
  const base_url = opt(o, 'base_url', loc, iss, optStr);
  if (file_id === undefined || user_id === undefined || base_url === undefined) return undefined;
  return { file_id, user_id: user_id ?? null, base_url: base_url ?? null };
}

const rule = (code: string, detail: string): ApiError => appError(422, code, detail);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function checkContent(m: StackMsg): void {
  const c = m.content;
  // Broken UTF-8 in the request body arrives here as lone surrogates (see http.ts).
  if (LONE_SURROGATE.test(c)) throw rule('message_content_invalid_unicode', 'Message content must be valid UTF-8.');
  if ([...c].length > MAX_CONTENT_CHARS)
    throw rule('message_content_too_long', `Message content must not exceed ${MAX_CONTENT_CHARS} characters.`);
  const blank = c.trim() === '';
  if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length > 0) {
    if (!blank)
      throw rule(
        'assistant_content_with_tool_calls',
        'Assistant message content must be empty when tool_calls is present.',
      );
  } else if (blank) {
    throw appError(422, 'message_content_empty', 'Message content cannot be empty.');
  }
}

export const attachmentKey = (a: AttachmentRef): string => `${a.file_id}|${a.user_id ?? ''}|${a.base_url ?? ''}`;

// Rules for stack[i] given the messages before it. Used when a message is added to a thread
// (i = last) and, for every i, when a whole stack is validated.
export function checkMessageAt(stack: StackMsg[], i: number): void {
  const m = stack[i];
  if (!m) return;
  checkContent(m);
  const earlier = stack.slice(0, i);
  if (m.role === 'system' && earlier.some((x) => x.role === 'system'))
    throw rule('multiple_system_messages', 'At most one system message is allowed.');
  if (m.role === 'assistant') {
    const prev = earlier.at(-1)?.role;
    // A tool message may also precede it: that is how the tool-call loop continues.
    if (prev !== 'user' && prev !== 'tool')
      throw rule(
        'assistant_message_not_preceded_by_user',
        'An assistant message must be directly preceded by a user message.',
      );
  }
  if (m.role === 'tool') {
    let j = i - 1;
    while (j >= 0 && stack[j]?.role === 'tool') j--;
    const caller = stack[j];
    if (caller?.role !== 'assistant' || !caller.toolCalls?.some((c) => c.id === m.toolCallId))
      throw appError(
        400,
        'tool_message_has_no_matching_tool_call',
        "Tool message id not found in an preceding assistant message's tool calls in the thread",
      );
  }
  if (m.attachments && m.attachments.length > 0) {
    if (m.attachments.length > 1)
      throw rule('too_many_attachments', 'At most 1 attachment per user message is allowed.');
    const seen = new Set(earlier.flatMap((x) => (x.attachments ?? []).map(attachmentKey)));
    if (m.attachments.some((a) => seen.has(attachmentKey(a))))
      throw rule('attachment_not_unique', 'The same attachment must not appear more than once in a thread.');
  }
}

// The whole-stack rules, checked before an answer is generated.
export function checkStack(stack: StackMsg[], mode: 'run' | 'chat'): void {
  if (stack.length === 0) throw rule('message_stack_empty', 'The messages array must contain at least one message.');
  for (let i = 0; i < stack.length; i++) checkMessageAt(stack, i);
  stack.forEach((m, i) => {
    if (m.role !== 'assistant' || !m.toolCalls) return;
    const answered = new Set<string>();
    for (let j = i + 1; stack[j]?.role === 'tool'; j++) answered.add(stack[j]?.toolCallId ?? '');
    if (m.toolCalls.some((c) => !answered.has(c.id)))
      throw appError(
        400,
        'tool_call_has_no_matching_tool_message',
        'An assistant message requesting tool calls must be followed by the corresponding tool messages.',
      );
  });
  if (!stack.some((m) => m.role === 'user'))
    throw rule('user_message_missing', 'The message stack must contain at least one user message.');
  const last = stack.at(-1)?.role;
  if (mode === 'chat' && last !== 'user' && last !== 'tool' && last !== 'system')
    throw rule('incorrect_stack_ending', 'The last message in the stack must be a user, tool, or system message.');
  if (mode === 'run' && last !== 'user' && last !== 'tool')
    throw rule('incorrect_stack_ending', 'The last message in the stack must be a user or tool message.');
}

export function messageJson(m: Message): Json {
  const o: Record<string, Json | undefined> = {
    content: m.content,
    created_at: m.createdAt,
    id: m.id,
    role: m.role,
    thread_id: m.threadId,
  };
  if (m.role === 'assistant') {
    o.sources = m.sources ?? [];
    o.meta_data = m.metaData;
    if (m.toolCalls) o.tool_calls = toolCallsJson(m.toolCalls);
  }
  if (m.role === 'tool') o.tool_call_id = m.toolCallId ?? null;
  if (m.attachments)
    o.attachments = m.attachments.map((a) => sorted({ base_url: a.base_url, file_id: a.file_id, user_id: a.user_id }));
  return sorted(o);
}

export function toolCallsJson(calls: ToolCall[]): Json {
  return calls.map((c) => ({
    function: { arguments: c.function.arguments, name: c.function.name },
    id: c.id,
    type: c.type,
  }));
}
