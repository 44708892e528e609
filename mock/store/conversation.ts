// What the documented rules need to know about a list of messages, kept up to date message by
// message: a run then checks its rules in constant time however long the thread is. It holds
// references to the messages, not copies, and its sets only once a tool call appears: a load
// run keeps thousands of these alive.
import type { components } from '../../contracts/generated/api.ts';

type Role = components['schemas']['Role'];
type ToolCall = components['schemas']['ToolCall'];

/** The fields of a message the rules and the answer read. */
export interface Turn {
  role: Role;
  content: string;
  tool_calls?: ToolCall[] | null | undefined;
  tool_call_id?: string | null | undefined;
}

/** A broken rule: the documented error code and a detail for people. */
export interface RuleBreak {
  code: string;
  detail: string;
}

/** The state of a conversation, as far as the rules and the answer need it. */
export class Conversation {
  userMessages = 0;
  nonSystemSeen = false;
  /** Every tool call id an assistant message made (undefined until the first). */
  calls: Set<string> | undefined;
  /** The calls no tool message has answered yet. */
  unanswered: Set<string> | undefined;
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
    copy.last = this.last;
    copy.lastKey = this.lastKey;
    copy.lastUser = this.lastUser;
    return copy;
  }

  add(turn: Turn, key: string): void {
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
    } else if (turn.role === 'tool' && typeof turn.tool_call_id === 'string') {
      this.unanswered?.delete(turn.tool_call_id);
    }
    this.last = turn;
    this.lastKey = key;
  }

  /**
   * The rules on adding a message, in the documented order: empty content, then a tool message
   * that answers no earlier call, then a system message after the conversation began. An
   * assistant message that only calls tools has empty content by nature, so it is allowed.
   */
  admits(turn: Turn, checkEmpty = true): RuleBreak | undefined {
    const callsOnly = turn.role === 'assistant' && (turn.tool_calls?.length ?? 0) > 0;
    if (checkEmpty && turn.content.trim() === '' && !callsOnly) {
      return { code: 'message_content_empty', detail: `Message content must not be empty (role ${turn.role}). Send the text of the message in content.` };
    }
    if (turn.role === 'tool' && (typeof turn.tool_call_id !== 'string' || !this.calls?.has(turn.tool_call_id))) {
      const got = typeof turn.tool_call_id === 'string' ? `"${turn.tool_call_id.slice(0, 80)}"` : 'no tool_call_id';
      return { code: 'tool_message_has_no_matching_tool_call', detail: `A tool message must answer an earlier assistant tool call with the same tool_call_id. Got ${got}.` };
    }
    if (turn.role === 'system' && this.nonSystemSeen) {
      return { code: 'bad_request', detail: 'System messages must come before all other messages of the thread.' };
    }
    return undefined;
  }

  /** The run rules after the metadata check, in the documented order. */
  runBreak(): RuleBreak | undefined {
    if (this.userMessages === 0) {
      return { code: 'bad_request', detail: 'The thread must contain at least one user message. Add one, then run again.' };
    }
    if (this.unanswered && this.unanswered.size > 0) {
      const ids = [...this.unanswered].slice(0, 3).join(', ');
      return { code: 'bad_request', detail: `Every assistant tool call must be followed by its tool message. Unanswered: ${ids}.` };
    }
    if (this.last?.role !== 'user' && this.last?.role !== 'tool') {
      return { code: 'incorrect_stack_ending', detail: `The thread must end with a user or tool message. Got ${this.last?.role ?? 'no'} message last.` };
    }
    return undefined;
  }
}
