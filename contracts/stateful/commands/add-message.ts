// Adding a message of any role: a user or system message, an assistant message (perhaps with tool
// calls, then perhaps answered right away), and a tool message that answers an open call, answers
// one a second time, or answers no call at all. Most contents are plain text (an assistant message
// that calls tools: empty), which every reading of the Message Validation rules accepts; some keep
// the body's drawn text, some sit at the page's 30,000 characters or one past it.
import fc from 'fast-check';
import type { SchemaNode } from '../../arbitraries/schema-node.ts';
import { plainText } from '../../arbitraries/text.ts';
import { validValue } from '../../arbitraries/valid-values.ts';
import type { Verdict } from '../../check/step-verdict.ts';
import type { components } from '../../generated/api.ts';
import { requestSchemas } from '../../generated/request-schemas.js';
import type { Turn } from '../../rules/conversation.ts';
import { MAX_CONTENT_CHARACTERS } from '../../rules/message-content.ts';
import type { RuleBreak } from '../../rules/rule-catalog.ts';
import { answerId } from '../answers.ts';
import { anyBody, type Body, shapeBody } from '../bodies.ts';
import type { Model, ModelThread } from '../model.ts';
import { bodyStep, listingStep, onDeletedThread, type PlannedStep, threadStep } from '../planned-step.ts';
import { noteWrite } from '../read-back-model.ts';
import { refusedAnyway, ruleVerdict, threadDeleted } from '../verdict.ts';
import { messageTurn, rawMessageBreaks } from './body-rules.ts';
import { checkedThread, describeBody, type GeneratedCommand, MAX_MESSAGES, pick } from './command.ts';

type ToolCall = components['schemas']['ToolCall'];

/**
 * What a message's content is: as the body drew it, plain text, plain words at or one past the
 * limit, or text a store could change on its way back (read-back: markup, quotes, combining marks,
 * astral characters, surrounding whitespace; an assistant's tool calls then carry JSON arguments).
 */
export type ContentChoice = 'as-drawn' | 'plain' | 'at-limit' | 'over-limit' | 'tricky';

/** The role of the message, and for a tool message which call it answers. */
export type MessageRole = 'user' | 'system' | 'assistant' | 'tool-open' | 'tool-answered' | 'tool-unknown';

/** What an add-message command draws. */
export interface AddMessageData {
  /** Which thread, cycled (a tool message goes where a call of its kind is, when there is one). */
  thread: number;
  role: MessageRole;
  /** An assistant message's tool calls (their ids made unique to the sequence). */
  calls: ToolCall[];
  body: Body;
  /** What its content is (as drawn when absent); `text` is the plain text. */
  content?: ContentChoice;
  text?: string;
  /** Tool answers sent right after an assistant message's calls, one per call; none: not answered. */
  replies?: string[];
}

/** Plain words of `length` characters. */
function filler(length: number): string {
  const words = 'Kündigungsfrist in der Probezeit ';
  return words.repeat(Math.ceil(length / words.length)).slice(0, length);
}

/** The content the drawn choice gives a message of this role (undefined: keep the body's). */
function contentOf(data: AddMessageData, callsTools: boolean): string | undefined {
  switch (data.content ?? 'as-drawn') {
    case 'as-drawn':
      return undefined;
    case 'plain':
      return callsTools ? '' : (data.text ?? 'Frage');
    case 'at-limit':
      return filler(MAX_CONTENT_CHARACTERS);
    case 'over-limit':
      return filler(MAX_CONTENT_CHARACTERS + 1);
    case 'tricky':
      return callsTools ? '' : trickyText(data.text ?? 'Frage');
  }
}

/** Text whose every part some store changes: whitespace around, `<&>"'`, e + U+0301 (NFC: é), astral characters. */
function trickyText(text: string): string {
  return ` \t<p class="q">${text} & 'mehr'</p> Cafe\u0301 \u{1F600}\u{1D11E}\n`;
}

/** Arguments as JSON text, in JavaScript's compact form (a store that re-serializes them changes the bytes). */
function jsonArguments(call: ToolCall, text: string): ToolCall {
  return { ...call, function: { ...call.function, arguments: JSON.stringify({ query: text, page: 1 }) } };
}

/** A tool_calls list with every call's id made unique to the sequence (a call without a string id as it is). */
function uniqueCalls(model: Model, calls: unknown): unknown {
  if (!Array.isArray(calls)) return calls;
  return calls.map((call: unknown) => {
    const id = typeof call === 'object' && call !== null ? (call as { id?: unknown }).id : undefined;
    return typeof id === 'string' && id !== '' ? { ...(call as object), id: model.callId(id) } : call;
  });
}

/**
 * The verdict of a message's rules on this thread. A deleted thread must refuse it, with its own
 * answers or (an API that checks the rules before the deletion) any of the rules' answers.
 */
function messageVerdict(thread: ModelThread, breaks: readonly RuleBreak[]): Verdict {
  if (!thread.deleted) return ruleVerdict('createMessage', breaks);
  return refusedAnyway('createMessage', { mayAccept: false, refusals: threadDeleted('createMessage') }, breaks);
}

/** A listing right after an assistant message's tool calls (and their answers) were stored: they must read back as sent. */
function callsReadBack(thread: ModelThread): PlannedStep {
  return listingStep(thread, 'own-steps', "An assistant message's tool calls must read back as they were sent.");
}

/** A tool message answering the `index`th of `calls`, then (when stored) the next one, then a listing. */
function replyStep(
  model: Model,
  thread: ModelThread,
  calls: string[],
  replies: string[],
  index: number,
): PlannedStep | undefined {
  const id = calls[index];
  if (id === undefined) return undefined;
  const label = model.label('m');
  const turn: Turn = { role: 'tool', content: replies[index % replies.length] ?? '', tool_call_id: id };
  const built = bodyStep('createMessage', { kind: 'valid', value: { ...turn } }, () =>
    messageVerdict(thread, thread.conversation.messageBreaks(turn)),
  );
  return {
    step: threadStep('createMessage', thread, built.body, label),
    verdict: built.verdict,
    onAccept(m, body, _raw, window) {
      m.addMessage(thread, { label, id: answerId(body), turn, exact: true, ...(window ? { window } : {}) });
      return noteWrite(m, label, body, window, thread);
    },
    next: (m) =>
      thread.messages.some((message) => message.label === label)
        ? (replyStep(m, thread, calls, replies, index + 1) ?? callsReadBack(thread))
        : undefined,
  };
}

export class AddMessage implements GeneratedCommand {
  readonly data: AddMessageData;
  constructor(data: AddMessageData) {
    this.data = data;
  }

  /** The thread the message goes to: a tool message answering a call goes where such a call is, when there is one. */
  #thread(model: Readonly<Model>): ModelThread | undefined {
    const { role } = this.data;
    const picked = model.thread(this.data.thread, true);
    if (role !== 'tool-open' && role !== 'tool-answered') return picked;
    const answered = role === 'tool-answered';
    if (picked && model.writtenCalls(picked, answered).length > 0) return picked;
    return model.threads.find((t) => !t.deleted && model.writtenCalls(t, answered).length > 0) ?? picked;
  }

  check(model: Readonly<Model>): boolean {
    const thread = this.#thread(model);
    return thread !== undefined && thread.messages.length < MAX_MESSAGES;
  }

  plan(model: Model): PlannedStep {
    const { data } = this;
    const thread = checkedThread(this.#thread(model));
    const label = model.label('m');
    const shaped = shapeBody(
      data.body,
      (value) => {
        const out: Record<string, unknown> = { ...value, role: data.role.startsWith('tool') ? 'tool' : data.role };
        if (data.role === 'assistant') {
          if (data.calls.length > 0 || out.tool_calls !== undefined)
            out.tool_calls = data.calls.map((call) => {
              const unique = { ...call, id: model.callId(call.id) };
              // Plain and tricky calls carry JSON arguments, as a client's do; as drawn, the schema's any string.
              const json = data.content === 'tricky' || data.content === 'plain';
              return json ? jsonArguments(unique, data.text ?? 'Frage') : unique;
            });
        }
        const content = contentOf(data, data.role === 'assistant' && data.calls.length > 0);
        if (content !== undefined) out.content = content;
        // Without such a call yet, the tool message keeps its generated (unknown) tool_call_id.
        const ids =
          data.role === 'tool-open' || data.role === 'tool-answered'
            ? model.writtenCalls(thread, data.role === 'tool-answered')
            : [];
        if (ids.length > 0) out.tool_call_id = ids[ids.length - 1 - (data.calls.length % ids.length)];
        return out;
      },
      // An invalid body keeps its break; its calls' ids are made unique all the same, in case it is taken.
      (value) => ('tool_calls' in value ? { ...value, tool_calls: uniqueCalls(model, value.tool_calls) } : value),
    );
    let turn: Turn | undefined;
    const built = bodyStep('createMessage', shaped, (value, raw) => {
      if (!value) return messageVerdict(thread, rawMessageBreaks(raw));
      turn = messageTurn(value);
      return messageVerdict(thread, thread.conversation.messageBreaks(turn));
    });
    return {
      step: threadStep('createMessage', thread, built.body, label),
      verdict: thread.deleted ? onDeletedThread('createMessage', built.verdict) : built.verdict,
      onAccept(m, body, _raw, window) {
        if (!turn) return undefined;
        m.addMessage(thread, {
          label,
          id: answerId(body),
          turn,
          exact: shaped.kind === 'valid',
          ...(window ? { window } : {}),
        });
        return noteWrite(m, label, body, window, thread);
      },
      // An assistant message whose calls are answered right away, one tool message each.
      next: (m) => {
        const stored = thread.messages.some((message) => message.label === label);
        if (!stored) return undefined;
        if (!data.replies || data.replies.length === 0)
          return turn?.role === 'assistant' && Array.isArray(turn.tool_calls) && turn.tool_calls.length > 0
            ? callsReadBack(thread)
            : undefined;
        // Only the calls a tool message can name (an accepted call of an assumed shape may have no id).
        const calls = (turn?.tool_calls ?? []).flatMap((call: unknown) => {
          const id = typeof call === 'object' && call !== null ? (call as { id?: unknown }).id : undefined;
          return typeof id === 'string' && id !== '' ? [id] : [];
        });
        return replyStep(m, thread, calls, data.replies, 0);
      },
    };
  }

  toString(): string {
    const { data } = this;
    const calls =
      data.role === 'assistant' ? `, ${data.calls.length} calls${data.replies?.length ? ', answered' : ''}` : '';
    const content = data.content === undefined || data.content === 'as-drawn' ? '' : `, ${data.content} content`;
    return `add-message(thread ${data.thread}, ${data.role}${calls}${content} ${describeBody(data.body)})`;
  }
}

/** Tool calls as the contract's assistant message schema shapes them (its `tool_calls` items). */
function toolCallItems(): fc.Arbitrary<ToolCall> {
  const message = requestSchemas.defs.CreateMessageRequest as { properties: { tool_calls: { items: SchemaNode } } };
  return validValue(message.properties.tool_calls.items) as fc.Arbitrary<ToolCall>;
}

/** A message of any role, weighted towards users and tool messages that answer a call, with any kind of body. */
export function addMessage(): fc.Arbitrary<AddMessage> {
  return fc
    .record({
      thread: pick,
      role: fc.constantFrom<MessageRole>(
        'user',
        'user',
        'user',
        'system',
        'assistant',
        'assistant',
        'tool-open',
        'tool-open',
        'tool-open',
        'tool-answered',
        'tool-unknown',
        'tool-unknown',
      ),
      calls: fc.array(toolCallItems(), { maxLength: 3, size: 'max' }),
      body: anyBody('createMessage'),
      content: fc.constantFrom<ContentChoice>(
        'plain',
        'plain',
        'plain',
        'plain',
        'plain',
        'plain',
        'as-drawn',
        'as-drawn',
        'as-drawn',
        'at-limit',
        'over-limit',
        'tricky',
        'tricky',
      ),
      text: plainText(),
      // Tool answers right after an assistant message's calls, half of the time.
      replies: fc.oneof(fc.constant<string[]>([]), fc.array(plainText(), { minLength: 1, maxLength: 3 })),
    })
    .map((data) => new AddMessage(data));
}
