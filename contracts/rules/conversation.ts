// What the documented rules need to know about a list of messages, kept up to date message by
// message: a run then checks its rules in constant time however long the thread is. The mock
// keeps one per thread, and the generated tests' model keeps one per thread it created, so both
// read the rules from this one encoding. It holds references to the messages, not copies, and
// its sets and counts only once a tool call or a broken rule appears: a load run keeps thousands
// of these alive. No Node imports (k6-safe).
import type { components } from '../generated/api.ts';
import { contentBreaks } from './message-content.ts';
import { broken, mockRefuses, RULES, type RuleBreak, type RuleId } from './rule-catalog.ts';

type Role = components['schemas']['Role'];
type ToolCall = components['schemas']['ToolCall'];

/** The fields of a message the rules and the answer read (as sent: tool fields on any role). */
export interface Turn {
  role: Role;
  content: string;
  tool_calls?: ToolCall[] | null | undefined;
  tool_call_id?: string | null | undefined;
  /** The API's own answer, stored by a run: its content is the API's to keep, not a rule the client broke. */
  answer?: boolean;
}

export type { RuleBreak } from './rule-catalog.ts';

const NONE: readonly RuleBreak[] = Object.freeze([]);

function callsOf(turn: Turn): unknown[] {
  return Array.isArray(turn.tool_calls) ? turn.tool_calls : [];
}

/** The id of a tool call that has one (a string, never empty), else undefined: a call no tool message can answer. */
function idOf(call: unknown): string | undefined {
  const id = typeof call === 'object' && call !== null ? (call as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Marks the Message Validation breaks of a message being added: the API may refuse the run instead. */
function deferrable(found: RuleBreak): RuleBreak {
  return RULES[found.rule].when === 'stack' ? { ...found, deferrable: true } : found;
}

/**
 * The open points of a message's own fields, whatever the thread: `tool_calls` on a message that
 * is not the assistant's, `tool_call_id` on one that is not a tool message (the docs give each a
 * meaning on that one role only), and a tool message without `tool_call_id` (optional in the
 * schema, required in Chat Completions: an API may refuse it before it looks the thread up).
 */
export function offRoleBreaks(turn: Turn): RuleBreak[] {
  const out: RuleBreak[] = [];
  if (turn.role !== 'assistant' && turn.tool_calls !== undefined && turn.tool_calls !== null)
    out.push(broken('tool-calls-off-assistant', `A ${turn.role} message carries tool_calls.`, ['tool_calls']));
  if (turn.role !== 'tool' && turn.tool_call_id !== undefined && turn.tool_call_id !== null)
    out.push(broken('tool-call-id-off-tool', `A ${turn.role} message carries a tool_call_id.`, ['tool_call_id']));
  // "" names no call either (a call's id is never empty), and an API may refuse it as a missing id.
  if (turn.role === 'tool' && (typeof turn.tool_call_id !== 'string' || turn.tool_call_id === ''))
    out.push(
      broken(
        'tool-call-id-missing',
        'A tool message must answer an earlier assistant tool call with the same tool_call_id. Got no tool_call_id.',
        ['tool_call_id'],
      ),
    );
  return out;
}

/**
 * The rules a message breaks on its own, whatever the thread: the Message Validation content
 * rules and tool fields off their role. An API may check them before it looks the thread up.
 */
export function ownMessageBreaks(turn: Turn): RuleBreak[] {
  return [...contentBreaks(turn).map(deferrable), ...offRoleBreaks(turn)];
}

/** The state of a conversation, as far as the rules and the answer need it. */
export class Conversation {
  messages = 0;
  userMessages = 0;
  systemMessages = 0;
  nonSystemSeen = false;
  /** Every tool call id an assistant message made (undefined until the first). */
  calls: Set<string> | undefined;
  /** The calls no tool message has answered yet. */
  unanswered: Set<string> | undefined;
  /** Tool call ids that non-assistant messages carried (an API may count them as calls). */
  offRoleCalls: Set<string> | undefined;
  /** Tool calls stored without an id of their own (an API that accepted their assumed shape). */
  malformedCalls = 0;
  /** Tool messages stored without a matching earlier call (an API that checks this at the run). */
  orphanTools = 0;
  /** Tool messages that answer only a non-assistant message's tool call. */
  offRoleAnswers = 0;
  /** Non-tool messages stored with a tool_call_id. */
  strayCallIds = 0;
  /** Tool messages stored for a call that already had one. */
  secondAnswers = 0;
  /** A system message was stored after the conversation began (an API that checks this at the run). */
  misplacedSystem = false;
  /** Message Validation rules the stored messages break, by rule (an API that validates the stack at the run). */
  stackBreaks: Map<RuleId, number> | undefined;
  /**
   * The calls of the latest assistant message that called tools, while only tool messages follow
   * it, and those of them still unanswered: what "must be followed by" reads as in Chat Completions.
   */
  block: Set<string> | undefined;
  blockOpen: Set<string> | undefined;
  /** Some tool call's answers did not directly follow it. */
  interleaved = false;
  last: Turn | undefined;
  /** The key of the last message (its id in a thread), from which a tool call id is derived. */
  lastKey = '';
  lastUser: Turn | undefined;

  /** The state after these turns, in order. */
  static of(turns: Iterable<[Turn, string]>): Conversation {
    const state = new Conversation();
    for (const [turn, key] of turns) state.add(turn, key);
    return state;
  }

  clone(): Conversation {
    const copy = Object.assign(new Conversation(), this);
    for (const name of ['calls', 'unanswered', 'offRoleCalls', 'block', 'blockOpen'] as const) {
      const set = this[name];
      if (set) copy[name] = new Set(set);
    }
    if (this.stackBreaks) copy.stackBreaks = new Map(this.stackBreaks);
    return copy;
  }

  /** Whether adding this turn leaves a tool call's answers not directly after it. */
  #breaksAdjacency(turn: Turn): boolean {
    if (turn.role !== 'tool') return (this.blockOpen?.size ?? 0) > 0;
    const id = turn.tool_call_id;
    return typeof id === 'string' && this.calls?.has(id) === true && this.block?.has(id) !== true;
  }

  /** The Message Validation rules of a message's place in the stack: one system message, an assistant right after a user. */
  #placeBreaks(turn: Turn): RuleBreak[] {
    const out: RuleBreak[] = [];
    if (turn.role === 'system' && this.systemMessages > 0)
      out.push(broken('system-message-duplicate', 'At most one system message is allowed in a thread.', ['role']));
    if (turn.role === 'assistant') {
      const before = this.last?.role;
      if (before === 'tool')
        out.push(broken('assistant-after-tool', 'An assistant message directly follows a tool message.', ['role']));
      else if (before !== 'user')
        out.push(
          broken(
            'assistant-not-after-user',
            `An assistant message must be directly preceded by a user message. Got ${before ?? 'no'} message before it.`,
            ['role'],
          ),
        );
    }
    return out;
  }

  #count(rule: RuleId): void {
    this.stackBreaks ??= new Map();
    this.stackBreaks.set(rule, (this.stackBreaks.get(rule) ?? 0) + 1);
  }

  add(turn: Turn, key: string): void {
    if (!turn.answer) for (const found of contentBreaks(turn)) this.#count(found.rule);
    for (const found of this.#placeBreaks(turn)) this.#count(found.rule);
    if (this.#breaksAdjacency(turn)) this.interleaved = true;
    if (turn.role === 'system' && this.nonSystemSeen) this.misplacedSystem = true;
    if (turn.role === 'system') this.systemMessages += 1;
    if (turn.role !== 'system') this.nonSystemSeen = true;
    if (turn.role !== 'tool') {
      this.block = undefined;
      this.blockOpen = undefined;
    }
    if (turn.role !== 'tool' && typeof turn.tool_call_id === 'string') this.strayCallIds += 1;
    const calls = callsOf(turn);
    if (turn.role === 'user') {
      this.userMessages += 1;
      this.lastUser = turn;
    }
    if (turn.role === 'assistant' && calls.length > 0) {
      this.calls ??= new Set();
      this.unanswered ??= new Set();
      this.block = new Set();
      this.blockOpen = new Set();
      for (const call of calls) {
        const id = idOf(call);
        if (id === undefined) {
          this.malformedCalls += 1;
          continue;
        }
        this.calls.add(id);
        this.unanswered.add(id);
        this.block.add(id);
        this.blockOpen.add(id);
      }
    } else if (turn.role !== 'assistant' && calls.length > 0) {
      this.offRoleCalls ??= new Set();
      for (const call of calls) {
        const id = idOf(call);
        if (id !== undefined) this.offRoleCalls.add(id);
      }
    }
    if (turn.role === 'tool') {
      const id = turn.tool_call_id;
      if (typeof id === 'string' && this.calls?.has(id)) {
        if (this.unanswered?.has(id)) this.unanswered.delete(id);
        else this.secondAnswers += 1;
        this.blockOpen?.delete(id);
      } else if (typeof id === 'string' && this.offRoleCalls?.has(id)) this.offRoleAnswers += 1;
      else this.orphanTools += 1;
    }
    this.messages += 1;
    this.last = turn;
    this.lastKey = key;
  }

  /**
   * Every rule that adding this message breaks, in the documented order: its content, its tool
   * fields, the tool rules, then its place in the stack. Open readings are included (see RULES);
   * the caller decides which it enforces. A Message Validation break is `deferrable`: the API may
   * accept the message and refuse the run.
   */
  messageBreaks(turn: Turn): readonly RuleBreak[] {
    const own = ownMessageBreaks(turn);
    let out: RuleBreak[] | undefined = own.length > 0 ? own : undefined;
    // A tool message without an id (or with "") is among the message's own breaks (offRoleBreaks): it needs no thread.
    if (turn.role === 'tool' && typeof turn.tool_call_id === 'string' && turn.tool_call_id !== '') {
      const id = turn.tool_call_id;
      if (!this.calls?.has(id)) {
        (out ??= []).push(
          broken(
            'tool-call-unknown',
            `A tool message must answer an earlier assistant tool call with the same tool_call_id. Got "${id.slice(0, 80)}".`,
          ),
        );
      } else if (!this.unanswered?.has(id)) {
        (out ??= []).push(
          broken('tool-call-answered-twice', `Tool call "${id.slice(0, 80)}" has already been answered.`),
        );
      }
    }
    if (this.#breaksAdjacency(turn)) {
      (out ??= []).push(
        broken(
          'tool-answer-not-adjacent',
          'Tool messages must directly follow the assistant message whose tool calls they answer.',
        ),
      );
    }
    const place = this.#placeBreaks(turn);
    if (place.length > 0) (out ??= []).push(...place.map(deferrable));
    if (turn.role === 'system' && this.nonSystemSeen) {
      (out ??= []).push(
        broken('system-after-start', 'System messages must come before all other messages of the thread.'),
      );
    }
    return out ?? NONE;
  }

  /** The first rule the mock enforces on adding this message. */
  admits(turn: Turn): RuleBreak | undefined {
    for (const found of this.messageBreaks(turn)) if (mockRefuses(found.rule)) return found;
    return undefined;
  }

  /**
   * Every run rule the thread breaks (after the request's own), in the documented order. On a
   * chat completion (`chat`), a stack that ends on a system message is the open reading of the
   * newer chat page.
   */
  runBreaks(chat = false): readonly RuleBreak[] {
    let out: RuleBreak[] | undefined;
    const add = (found: RuleBreak) => (out ??= []).push(found);
    if (this.messages === 0)
      add(broken('stack-empty', 'The thread holds no message. Add a user message, then run again.'));
    if (this.userMessages === 0)
      add(broken('no-user-message', 'The thread must contain at least one user message. Add one, then run again.'));
    if (this.unanswered && this.unanswered.size > 0) {
      const ids = [...this.unanswered].slice(0, 3).join(', ');
      add(
        broken(
          'tool-call-unanswered',
          `Every assistant tool call must be followed by its tool message. Unanswered: ${ids}.`,
        ),
      );
    }
    if (this.orphanTools > 0)
      add(
        broken('tool-message-orphan', 'Every tool message needs an earlier assistant tool call with its tool_call_id.'),
      );
    if (this.malformedCalls > 0)
      add(
        broken('tool-call-malformed-stored', 'A tool call of the thread has no id, so no tool message can answer it.'),
      );
    if (this.offRoleAnswers > 0)
      add(
        broken(
          'tool-message-answers-off-assistant',
          'A tool message answers a tool call that only a non-assistant message made.',
        ),
      );
    if (this.offRoleCalls && this.offRoleCalls.size > 0)
      add(broken('tool-calls-off-assistant-stored', 'A non-assistant message of the thread carries tool_calls.'));
    if (this.strayCallIds > 0)
      add(broken('tool-call-id-off-tool-stored', 'A non-tool message of the thread carries a tool_call_id.'));
    if (this.secondAnswers > 0)
      add(broken('tool-call-answered-twice-stored', 'A tool call of the thread has more than one tool message.'));
    if (this.interleaved)
      add(broken('tool-answers-not-adjacent', 'Tool messages of the thread do not directly follow their tool calls.'));
    for (const [rule, count] of this.stackBreaks ?? []) {
      // At the run, a rule without a documented code is the guide's generic 422 (the mock's answer).
      const code = rule === 'message-content-empty' ? 'message_content_empty' : 'unprocessable_entity';
      add(
        broken(rule, `${count} message(s) of the thread break a message rule: ${RULES[rule].says}.`, undefined, code),
      );
    }
    if (this.misplacedSystem)
      add(broken('system-misplaced', 'System messages must come before all other messages of the thread.'));
    const last = this.last?.role;
    if (chat && last === 'system')
      add(broken('stack-ending-system', 'The last message of the stack is a system message.'));
    else if (last !== 'user' && last !== 'tool')
      add(broken('stack-ending', `The thread must end with a user or tool message. Got ${last ?? 'no'} message last.`));
    return out ?? NONE;
  }

  /** The first run rule the thread breaks that the mock enforces: what the mock answers. */
  runBreak(chat = false): RuleBreak | undefined {
    return this.runBreaks(chat).find((found) => mockRefuses(found.rule));
  }
}
