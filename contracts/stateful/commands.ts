// The commands of a generated sequence: each plans one step (and perhaps a listing after it) from
// the model's state, so that ids are symbolic (`{ ref }`) and the same command list plans the
// same requests whether or not a target answers them.

import { ndjsonLines } from '../check/body-text.ts';
import type { Verdict } from '../check/step-verdict.ts';
import { statusOf } from '../error-status.ts';
import type { components } from '../generated/api.ts';
import type { OperationId } from '../generated/validators.js';
import { satisfyingMetaData } from '../request-meta-data.ts';
import { offRoleBreaks, ownMessageBreaks, type Turn } from '../rules/conversation.ts';
import type { RuleBreak } from '../rules/rule-catalog.ts';
import { runBodyBreaks, runRequestBreaks } from '../rules/run-request.ts';
import type { Body } from './bodies.ts';
import type { Model, ModelThread } from './model.ts';
import { bodyStep, listingStep, type PlannedStep } from './planned-step.ts';
import { refusedAnyway, ruleVerdict, threadMissing, validationRefusal } from './verdict.ts';

type ToolCall = components['schemas']['ToolCall'];

/** At most this many threads and messages per sequence: a listing's default page holds them all. */
export const MAX_THREADS = 3;
const MAX_MESSAGES = 60;

const ACCEPT: Verdict = { mayAccept: true, refusals: [] };

/** The data of each kind of command, as the arbitraries generate it. */
export type CommandData =
  | { kind: 'create-thread'; assistant: number; unknownAssistant: boolean; body: Body }
  | {
      kind: 'add-message';
      thread: number;
      role: 'user' | 'system' | 'assistant' | 'tool-open' | 'tool-answered' | 'tool-unknown';
      calls: ToolCall[];
      body: Body;
      replies?: string[];
    }
  | { kind: 'run'; thread: number; stream: boolean; licence: string | undefined; body: Body }
  | { kind: 'list-messages'; thread: number }
  | {
      kind: 'delete-message';
      thread: number;
      message: number;
      unknownId: string | undefined;
      invalidId: string | undefined;
    }
  | { kind: 'delete-thread'; thread: number }
  | {
      kind: 'bad-thread-id';
      op: 'listMessages' | 'createMessage' | 'createRun';
      id: string;
      valid: boolean;
      body: Body;
    }
  | {
      kind: 'other-tenant';
      thread: number;
      op:
        | 'listMessages'
        | 'createMessage'
        | 'createRun'
        | 'createRunStream'
        | 'deleteMessage'
        | 'deleteThread'
        | 'createThread';
      body: Body;
    };

/** Whether the command can be taken in this state (fast-check skips it otherwise). */
export function applicable(data: CommandData, model: Model): boolean {
  const runs =
    data.kind === 'run' ||
    (data.kind === 'bad-thread-id' && data.op === 'createRun') ||
    (data.kind === 'other-tenant' && (data.op === 'createRun' || data.op === 'createRunStream'));
  if (runs && model.world.runCallsLeft <= 0) return false;
  switch (data.kind) {
    case 'create-thread':
      return model.threads.filter((t) => !t.deleted).length < MAX_THREADS && model.threads.length < 2 * MAX_THREADS;
    case 'bad-thread-id':
      return true;
    case 'other-tenant':
      return model.world.otherTenant && (data.op === 'createThread' || model.thread(data.thread) !== undefined);
    case 'add-message': {
      const thread = messageThread(data, model);
      return thread !== undefined && thread.messages.length < MAX_MESSAGES;
    }
    default:
      return model.thread(data.thread, true) !== undefined;
  }
}

/** A tool message answering the `index`th of `calls`, then (when stored) the next one. */
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
    step: {
      operationId: 'createMessage',
      path: { thread_id: { ref: thread.label } },
      ...(built.body ? { body: built.body } : {}),
      label,
    },
    verdict: built.verdict,
    onAccept(m, body) {
      m.addMessage(thread, { label, id: (body as { id?: string } | undefined)?.id, turn });
      return undefined;
    },
    next: (m) =>
      thread.messages.some((message) => message.label === label)
        ? replyStep(m, thread, calls, replies, index + 1)
        : undefined,
  };
}

/** The thread a message goes to: a tool message answering a call goes where such a call is, when there is one. */
function messageThread(data: Extract<CommandData, { kind: 'add-message' }>, model: Model): ModelThread | undefined {
  const picked = model.thread(data.thread, true);
  if (data.role !== 'tool-open' && data.role !== 'tool-answered') return picked;
  const answered = data.role === 'tool-answered';
  if (picked && model.writtenCalls(picked, answered).length > 0) return picked;
  return model.threads.find((t) => !t.deleted && model.writtenCalls(t, answered).length > 0) ?? picked;
}

/**
 * The verdict of a message's rules on this thread. A deleted thread must refuse it, with 404 or
 * (an API that checks the rules before the deletion) any of the rules' answers.
 */
function messageVerdict(thread: ModelThread, breaks: readonly RuleBreak[]): Verdict {
  if (!thread.deleted) return ruleVerdict('createMessage', breaks);
  return refusedAnyway('createMessage', { mayAccept: false, refusals: threadMissing('createMessage') }, breaks);
}

const ROLES: ReadonlySet<unknown> = new Set(['user', 'system', 'assistant', 'tool']);

/** The message as sent: its tool fields whatever its role (the rules say what each means on which role). */
function messageTurn(value: Record<string, unknown>): Turn {
  return {
    role: value.role as Turn['role'],
    content: String(value.content ?? ''),
    ...(Array.isArray(value.tool_calls) ? { tool_calls: value.tool_calls as ToolCall[] } : {}),
    ...(typeof value.tool_call_id === 'string' ? { tool_call_id: value.tool_call_id } : {}),
  };
}

/** The open points of an invalid message body's own fields, when its role can still be read. */
function rawMessageBreaks(raw: unknown): RuleBreak[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const value = raw as Record<string, unknown>;
  if (!ROLES.has(value.role)) return [];
  return offRoleBreaks({
    role: value.role as Turn['role'],
    content: '',
    ...(value.tool_calls !== undefined ? { tool_calls: value.tool_calls as ToolCall[] } : {}),
    ...(value.tool_call_id !== undefined ? { tool_call_id: value.tool_call_id as string } : {}),
  });
}

/** The assistant message a successful run stored, read from its answer (JSON or NDJSON). */
function answerTurn(raw: string, stream: boolean): { id: string | undefined; turn: Turn } {
  if (!stream) {
    const answer = JSON.parse(raw) as { id?: string; content?: string; tool_calls?: ToolCall[] };
    return {
      id: answer.id,
      turn: {
        role: 'assistant',
        content: answer.content ?? '',
        ...(answer.tool_calls?.length ? { tool_calls: answer.tool_calls } : {}),
      },
    };
  }
  const lines = ndjsonLines(raw).map(
    (line) => JSON.parse(line) as { message_id?: string; delta?: { content?: string } },
  );
  return {
    id: lines[0]?.message_id,
    turn: { role: 'assistant', content: lines.map((l) => l.delta?.content ?? '').join('') },
  };
}

/** Plans the command's step from the model's state. */
export function plan(data: CommandData, model: Model): PlannedStep {
  switch (data.kind) {
    case 'create-thread': {
      const label = model.label('t');
      const assistant = model.world.assistants[data.assistant % model.world.assistants.length];
      if (!assistant) throw new Error('The target lists no assistants; the generated tests need one.');
      const shaped = shapeBody(data.body, (value) =>
        data.unknownAssistant ? value : { ...value, assistant_id: assistant.id },
      );
      const unavailable = {
        status: statusOf('createThread', 'assistant_not_available') ?? 403,
        code: 'assistant_not_available',
        why: "the assistant is not one of the tenant's",
      };
      const built = bodyStep('createThread', shaped, () =>
        data.unknownAssistant || shaped.kind === 'invalid' ? { mayAccept: false, refusals: [unavailable] } : ACCEPT,
      );
      return {
        step: { operationId: 'createThread', ...(built.body ? { body: built.body } : {}), label },
        verdict: built.verdict,
        onAccept(m, body) {
          m.addThread({ label, id: (body as { id?: string } | undefined)?.id, assistant });
          return undefined;
        },
      };
    }
    case 'add-message': {
      const thread = messageThread(data, model);
      if (!thread) throw new Error('planned without a thread');
      const label = model.label('m');
      const shaped = shapeBody(data.body, (value) => {
        const out: Record<string, unknown> = { ...value, role: data.role.startsWith('tool') ? 'tool' : data.role };
        if (data.role === 'assistant') {
          if (data.calls.length > 0 || out.tool_calls !== undefined)
            out.tool_calls = data.calls.map((call) => ({ ...call, id: model.callId(call.id) }));
        }
        // Without such a call yet, the tool message keeps its generated (unknown) tool_call_id.
        const ids =
          data.role === 'tool-open' || data.role === 'tool-answered'
            ? model.writtenCalls(thread, data.role === 'tool-answered')
            : [];
        if (ids.length > 0) out.tool_call_id = ids[ids.length - 1 - (data.calls.length % ids.length)];
        return out;
      });
      let turn: Turn | undefined;
      const built = bodyStep('createMessage', shaped, (value, raw) => {
        if (!value) return messageVerdict(thread, rawMessageBreaks(raw));
        turn = messageTurn(value);
        return messageVerdict(thread, thread.conversation.messageBreaks(turn));
      });
      if (thread.deleted)
        built.verdict = {
          ...built.verdict,
          mayAccept: false,
          refusals: [...built.verdict.refusals, ...threadMissing('createMessage')],
        };
      return {
        step: {
          operationId: 'createMessage',
          path: { thread_id: { ref: thread.label } },
          ...(built.body ? { body: built.body } : {}),
          label,
        },
        verdict: built.verdict,
        onAccept(m, body) {
          if (turn) m.addMessage(thread, { label, id: (body as { id?: string } | undefined)?.id, turn });
          return undefined;
        },
        // An assistant message whose calls are answered right away, one tool message each.
        next: (m) => {
          const calls = turn?.tool_calls?.map((call) => call.id) ?? [];
          const stored = thread.messages.some((message) => message.label === label);
          return stored && data.replies && data.replies.length > 0
            ? replyStep(m, thread, calls, data.replies, 0)
            : undefined;
        },
      };
    }
    case 'run': {
      const thread = model.thread(data.thread, true);
      if (!thread) throw new Error('planned without a thread');
      model.world.runCallsLeft -= 1;
      const op: OperationId = data.stream ? 'createRunStream' : 'createRun';
      const label = model.label('a');
      const shaped = shapeBody(data.body, (value) => {
        if (data.licence === undefined) return value;
        const base =
          typeof value.meta_data === 'object' && value.meta_data !== null
            ? (value.meta_data as Record<string, unknown>)
            : undefined;
        const meta = satisfyingMetaData(thread.assistant.request_required_fields, data.licence, base);
        return meta === undefined ? value : { ...value, meta_data: meta };
      });
      const built = bodyStep(op, shaped, (value, raw) => {
        const request = value ?? (shaped.kind === 'none' ? undefined : {});
        const breaks = [
          ...runRequestBreaks(thread.assistant, request, data.stream),
          ...thread.conversation.runBreaks(),
        ];
        // A body the server could not read has no metadata: that rule's answer is allowed too; so
        // are the request rules of what it could read of an invalid one.
        if (raw !== undefined) breaks.push(...runRequestBreaks(thread.assistant, raw, data.stream));
        // A deleted thread must refuse, with 404 or (rules checked first) any rule's answer.
        if (thread.deleted) return refusedAnyway(op, { mayAccept: false, refusals: threadMissing(op) }, breaks);
        return ruleVerdict(op, breaks);
      });
      if (thread.deleted)
        built.verdict = {
          ...built.verdict,
          mayAccept: false,
          refusals: [...built.verdict.refusals, ...threadMissing(op)],
        };
      return {
        step: {
          operationId: op,
          path: { thread_id: { ref: thread.label } },
          ...(built.body ? { body: built.body } : {}),
          label,
        },
        verdict: built.verdict,
        onAccept(m, _body, raw) {
          const { id, turn } = m.world.planning
            ? { id: undefined, turn: { role: 'assistant' as const, content: 'planned' } }
            : answerTurn(raw, data.stream);
          m.addMessage(thread, { label, id, turn });
          return undefined;
        },
        next: () => listingStep(thread, 'own-steps', "The run's answer must be stored as the newest message."),
      };
    }
    case 'list-messages': {
      const thread = model.thread(data.thread, true);
      if (!thread) throw new Error('planned without a thread');
      return listingStep(thread, 'own-steps', 'The listing must hold what the API accepted, newest first.');
    }
    case 'delete-message': {
      const thread = model.thread(data.thread, true);
      if (!thread) throw new Error('planned without a thread');
      const target = thread.messages[data.message % Math.max(1, thread.messages.length)];
      const id =
        data.invalidId ??
        (target && data.unknownId === undefined
          ? { ref: target.label }
          : (data.unknownId ?? '00000000-0000-4000-8000-000000000000'));
      let verdict: Verdict = thread.deleted
        ? { mayAccept: false, refusals: threadMissing('deleteMessage') }
        : target && typeof id !== 'string'
          ? ACCEPT
          : { mayAccept: false, refusals: threadMissing('deleteMessage') };
      if (data.invalidId !== undefined)
        verdict = {
          mayAccept: false,
          refusals: [
            ...verdict.refusals,
            validationRefusal('deleteMessage', ['message_id'], 'the message id is not a uuid'),
          ],
          invalid: { kind: 'bad-format', field: ['message_id'] },
        };
      return {
        step: { operationId: 'deleteMessage', path: { thread_id: { ref: thread.label }, message_id: id } },
        verdict,
        onAccept(m) {
          if (target && typeof id !== 'string') m.removeMessage(thread, target.label);
          return undefined;
        },
      };
    }
    case 'delete-thread': {
      const thread = model.thread(data.thread, true);
      if (!thread) throw new Error('planned without a thread');
      return {
        step: { operationId: 'deleteThread', path: { thread_id: { ref: thread.label } } },
        verdict: thread.deleted ? { mayAccept: false, refusals: threadMissing('deleteThread') } : ACCEPT,
        onAccept() {
          thread.deleted = true;
          return undefined;
        },
      };
    }
    case 'bad-thread-id': {
      if (data.op === 'createRun') model.world.runCallsLeft -= 1;
      const refusals = threadMissing(data.op);
      if (!data.valid) refusals.push(validationRefusal(data.op, ['thread_id'], 'the thread id is not a uuid'));
      // Rules of the body alone may be answered before the lookup: they say nothing of the thread.
      const built =
        data.op === 'listMessages'
          ? { verdict: ACCEPT }
          : bodyStep(data.op, data.body, (value) => ownBodyVerdict(data.op as BodyOperation, value));
      const verdict: Verdict = {
        mayAccept: false,
        refusals: [...refusals, ...built.verdict.refusals],
        ...(data.valid ? {} : { invalid: { kind: 'bad-format', field: ['thread_id'] } }),
      };
      return {
        step: {
          operationId: data.op,
          path: { thread_id: data.id },
          ...('body' in built && built.body ? { body: built.body } : {}),
        },
        verdict,
        onAccept: () => undefined,
      };
    }
    case 'other-tenant':
      return otherTenantStep(data, model);
  }
}

/** A step with the other tenant's key: refused, and (checked by a listing with the main key) changing nothing. */
function otherTenantStep(data: Extract<CommandData, { kind: 'other-tenant' }>, model: Model): PlannedStep {
  const op = data.op;
  if (op === 'createRun' || op === 'createRunStream') model.world.runCallsLeft -= 1;
  if (op === 'createThread') {
    const assistant = model.world.assistants[data.thread % model.world.assistants.length];
    return {
      step: {
        operationId: 'createThread',
        key: 'other',
        body: { text: JSON.stringify({ assistant_id: assistant?.id }) },
      },
      verdict: {
        mayAccept: false,
        tenant: true,
        refusals: [
          {
            status: statusOf('createThread', 'assistant_not_available') ?? 403,
            code: 'assistant_not_available',
            why: 'the assistant belongs to another tenant',
          },
        ],
      },
      onAccept: () => undefined,
    };
  }
  const thread = model.thread(data.thread);
  if (!thread) throw new Error('planned without a thread');
  const path: Record<string, string | { ref: string }> = { thread_id: { ref: thread.label } };
  if (op === 'deleteMessage')
    path.message_id = thread.messages[0] ? { ref: thread.messages[0].label } : '00000000-0000-4000-8000-000000000000';
  const built =
    op === 'createMessage' || op === 'createRun' || op === 'createRunStream'
      ? bodyStep(op, data.body.kind === 'valid' ? data.body : { kind: 'none' }, (value) => ownBodyVerdict(op, value))
      : undefined;
  const body = built?.body;
  return {
    step: { operationId: op, key: 'other', path, ...(body ? { body } : {}) },
    // A refusal of the body alone is allowed too (a 422, or a rule of the body): checking the body
    // before looking up the thread reveals nothing of it.
    verdict: {
      mayAccept: false,
      tenant: true,
      refusals: [
        ...threadMissing(op, true),
        ...(body ? [validationRefusal(op, [], 'the body was validated first')] : []),
        ...(built?.verdict.refusals ?? []),
      ],
    },
    onAccept: () => undefined,
    next: () => listingStep(thread, 'other-tenant', "A step with another tenant's key must change nothing."),
  };
}

type BodyOperation = 'createMessage' | 'createRun' | 'createRunStream';

/** The verdict of the rules a body breaks on its own, whatever thread it is sent to. */
function ownBodyVerdict(op: BodyOperation, value: Record<string, unknown> | undefined): Verdict {
  if (value === undefined) return ACCEPT;
  if (op === 'createMessage') return ruleVerdict(op, ROLES.has(value.role) ? ownMessageBreaks(messageTurn(value)) : []);
  return ruleVerdict(op, runBodyBreaks(value, op === 'createRunStream'));
}

function shapeBody(body: Body, shape: (value: Record<string, unknown>) => Record<string, unknown>): Body {
  if (body.kind === 'valid') return { kind: 'valid', value: shape(body.value) };
  if (body.kind === 'wrong-content-type') return { ...body, value: shape(body.value) };
  return body;
}

/** A short account of a command for fast-check's report and the shrunk path. */
export function describeCommand(data: CommandData): string {
  const body =
    'body' in data
      ? ` body=${data.body.kind === 'invalid' ? `invalid(${data.body.invalid.kind}@${data.body.invalid.field.join('.') || 'root'})` : data.body.kind}`
      : '';
  switch (data.kind) {
    case 'add-message':
      return `add-message(thread ${data.thread}, ${data.role}${data.role === 'assistant' ? `, ${data.calls.length} calls${data.replies?.length ? ', answered' : ''}` : ''}${body})`;
    case 'run':
      return `${data.stream ? 'run/stream' : 'run'}(thread ${data.thread}${data.licence === undefined ? '' : ', required metadata'}${body})`;
    case 'other-tenant':
      return `other-tenant ${data.op}(thread ${data.thread})`;
    case 'bad-thread-id':
      return `${data.op}(${data.valid ? 'unknown' : 'malformed'} thread id)`;
    default:
      return `${data.kind}(${['thread' in data ? `thread ${data.thread}` : '', body.trim()].filter(Boolean).join(',')})`;
  }
}
