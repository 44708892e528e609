// What the documented rules need to know about a list of messages, kept up to date message by
// message: a run then checks its rules in constant time however long the thread is. The mock
// keeps one per thread, and the generated tests' model keeps one per thread it created, so both
// read the rules from this one encoding. It holds references to the messages, not copies, and
// its sets only once a tool call appears: a load run keeps thousands of these alive.
// No Node imports (k6-safe).
import type { components } from '../generated/api.ts';
import { RULES, type RuleBreak, type RuleId } from './rule-catalog.ts';

type Role = components['schemas']['Role'];
type ToolCall = components['schemas']['ToolCall'];

/** The fields of a message the rules and the answer read. */
export interface Turn {
  role: Role;
  content: string;
  tool_calls?: ToolCall[] | null | undefined;
  tool_call_id?: string | null | undefined;
}

export type { RuleBreak } from './rule-catalog.ts';

const NONE: readonly RuleBreak[] = Object.freeze([]);

function broken(rule: RuleId, detail: string): RuleBreak {
  return { rule, code: RULES[rule].code, detail };
}

/** The rules the mock enforces when a message is added: every documented one and its readings of the open ones. */
const MOCK_REFUSES_ON_ADD: ReadonlySet<RuleId> = new Set<RuleId>([
  'message-content-empty',
  'message-content-blank',
  'tool-call-unknown',
  'system-after-start',
]);

/** The state of a conversation, as far as the rules and the answer need it. */
export class Conversation {
  userMessages = 0;
  nonSystemSeen = false;
  /** Every tool call id an assistant message made (undefined until the first). */
  calls: Set<string> | undefined;
  /** The calls no tool message has answered yet. */
  unanswered: Set<string> | undefined;
  /** Tool messages stored without a matching earlier call (an API that checks this at the run). */
  orphanTools = 0;
  /** A system message was stored after the conversation began (an API that checks this at the run). */
  misplacedSystem = false;
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
    const copy = new Conversation();
    copy.userMessages = this.userMessages;
    copy.nonSystemSeen = this.nonSystemSeen;
    if (this.calls) copy.calls = new Set(this.calls);
    if (this.unanswered) copy.unanswered = new Set(this.unanswered);
    copy.orphanTools = this.orphanTools;
    copy.misplacedSystem = this.misplacedSystem;
    copy.last = this.last;
    copy.lastKey = this.lastKey;
    copy.lastUser = this.lastUser;
    return copy;
  }

  add(turn: Turn, key: string): void {
    if (turn.role === 'system' && this.nonSystemSeen) this.misplacedSystem = true;
    if (turn.role !== 'system') this.nonSystemSeen = true;
    if (turn.role === 'user') {
      this.userMessages += 1;
      this.lastUser = turn;
    } else if (turn.role === 'assistant' && turn.tool_calls && turn.tool_calls.length > 0) {
      this.calls ??= new Set();
      this.unanswered ??= new Set();
      for (const call of turn.tool_calls) {
        this.calls.add(call.id);
        this.unanswered.add(call.id);
      }
    } else if (turn.role === 'tool') {
      if (typeof turn.tool_call_id === 'string' && this.calls?.has(turn.tool_call_id))
        this.unanswered?.delete(turn.tool_call_id);
      else this.orphanTools += 1;
    }
    this.last = turn;
    this.lastKey = key;
  }

  /**
   * Every rule that adding this message breaks, in the documented order: empty content, then a
   * tool message that answers no earlier call, then a system message after the conversation
   * began. Open readings are included (see RULES); the caller decides which it enforces.
   */
  messageBreaks(turn: Turn, checkEmpty = true): readonly RuleBreak[] {
    let out: RuleBreak[] | undefined;
    const callsOnly = turn.role === 'assistant' && (turn.tool_calls?.length ?? 0) > 0;
    if (checkEmpty && turn.content.trim() === '') {
      const rule: RuleId = turn.content === '' && !callsOnly ? 'message-content-empty' : 'message-content-blank';
      (out ??= []).push(
        broken(rule, `Message content must not be empty (role ${turn.role}). Send the text of the message in content.`),
      );
    }
    if (turn.role === 'tool') {
      const id = turn.tool_call_id;
      if (typeof id !== 'string' || !this.calls?.has(id)) {
        const got = typeof id === 'string' ? `"${id.slice(0, 80)}"` : 'no tool_call_id';
        (out ??= []).push(
          broken(
            'tool-call-unknown',
            `A tool message must answer an earlier assistant tool call with the same tool_call_id. Got ${got}.`,
          ),
        );
      } else if (!this.unanswered?.has(id)) {
        (out ??= []).push(
          broken('tool-call-answered-twice', `Tool call "${id.slice(0, 80)}" has already been answered.`),
        );
      }
    }
    if (turn.role === 'system' && this.nonSystemSeen) {
      (out ??= []).push(
        broken('system-after-start', 'System messages must come before all other messages of the thread.'),
      );
    }
    return out ?? NONE;
  }

  /**
   * The first rule the mock enforces on adding this message. An assistant message that only calls
   * tools has empty content by nature, so the mock allows it (docs/decisions/0002).
   */
  admits(turn: Turn, checkEmpty = true): RuleBreak | undefined {
    const callsOnly = turn.role === 'assistant' && (turn.tool_calls?.length ?? 0) > 0;
    for (const found of this.messageBreaks(turn, checkEmpty && !callsOnly))
      if (MOCK_REFUSES_ON_ADD.has(found.rule)) return found;
    return undefined;
  }

  /** Every run rule the thread breaks (after the request's own), in the documented order. */
  runBreaks(): readonly RuleBreak[] {
    let out: RuleBreak[] | undefined;
    if (this.userMessages === 0) {
      (out ??= []).push(
        broken('no-user-message', 'The thread must contain at least one user message. Add one, then run again.'),
      );
    }
    if (this.unanswered && this.unanswered.size > 0) {
      const ids = [...this.unanswered].slice(0, 3).join(', ');
      (out ??= []).push(
        broken(
          'tool-call-unanswered',
          `Every assistant tool call must be followed by its tool message. Unanswered: ${ids}.`,
        ),
      );
    }
    if (this.orphanTools > 0)
      (out ??= []).push(
        broken('tool-message-orphan', 'Every tool message needs an earlier assistant tool call with its tool_call_id.'),
      );
    if (this.misplacedSystem)
      (out ??= []).push(
        broken('system-misplaced', 'System messages must come before all other messages of the thread.'),
      );
    if (this.last?.role !== 'user' && this.last?.role !== 'tool') {
      (out ??= []).push(
        broken(
          'stack-ending',
          `The thread must end with a user or tool message. Got ${this.last?.role ?? 'no'} message last.`,
        ),
      );
    }
    return out ?? NONE;
  }

  /** The first run rule the thread breaks: what the mock answers. */
  runBreak(): RuleBreak | undefined {
    return this.runBreaks()[0];
  }
}
