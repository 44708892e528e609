// The reference model of the generated tests: what the documented rules say about the threads a
// sequence created, kept in step with what the API answered. The rules themselves live once in
// contracts/rules/ (shared with the mock); this file keeps the state they read.
import type { Window } from '../check/read-back.ts';
import type { components } from '../generated/api.ts';
import { Conversation, type Turn } from '../rules/conversation.ts';
import type { RuleAssistant } from '../rules/run-request.ts';

type ToolCall = components['schemas']['ToolCall'];

/** An assistant of the main tenant, as the model needs it. */
export type ModelAssistant = RuleAssistant;

/** What every sequence of one run shares: the target's assistants and the budgets. */
export interface World {
  assistants: ModelAssistant[];
  /** The other tenant's key is configured: its commands are generated. */
  otherTenant: boolean;
  /** Run and run/stream calls left for the whole test (live budget; Infinity against the mock). */
  runCallsLeft: number;
  /** Planning without a target (the drift report): answers are assumed to be the mock's reading. */
  planning: boolean;
}

/** A message the API stored, as far as the model knows it. */
export interface ModelMessage {
  /** The label its step's answer id is stored under (`{ ref }`). */
  label: string;
  /** Its id, once an answer gave it (undefined while planning). */
  id: string | undefined;
  turn: Turn;
  /** When its write was sent and answered (client clock): its created_at must fall inside. */
  window?: Window;
  /** Its body was valid as sent, so a read must show its content (and tool fields) as sent. */
  exact?: boolean;
}

/** A thread the sequence created. */
export interface ModelThread {
  label: string;
  id: string | undefined;
  assistant: ModelAssistant;
  deleted: boolean;
  /** Oldest first. */
  messages: ModelMessage[];
  conversation: Conversation;
  /** The end user the API stored with the thread (its answer's user_id), when the model saw it. */
  userId?: string | null;
  /** The title the create body sent (undefined: none sent); a read must show it. */
  title?: string | null;
  /** When the create was sent and answered (client clock). */
  window?: Window;
  /** The newest created_at (ms, the API's clock) of a message the thread was given: last_updated_at is not older. */
  newestWrite?: number;
  /** The latest last_updated_at (ms) a read showed: it never goes back. */
  lastUpdatedSeen?: number;
}

/** The thread and message ids each run (its World, which every sequence of it shares) was handed, with their holders. */
const idsOfRun = new WeakMap<World, Map<string, { model: Model; label: string }>>();

/** The model of one sequence. */
export class Model {
  readonly threads: ModelThread[] = [];
  #labels = 0;
  #calls = 0;

  readonly world: World;
  constructor(world: World) {
    this.world = world;
  }

  /** A fresh label for a step's answer. */
  label(prefix: string): string {
    this.#labels += 1;
    return `${prefix}${this.#labels}`;
  }

  /** A tool call id no other call of this sequence has. */
  callId(generated: string): string {
    this.#calls += 1;
    return `${generated}-${this.#calls}`;
  }

  /**
   * The nth live thread, cycling; with `includeDeleted`, now and then a deleted one (steps on it
   * must be refused, but most steps should reach the rules). Undefined when there is none.
   */
  thread(pick: number, includeDeleted = false): ModelThread | undefined {
    const live = this.threads.filter((t) => !t.deleted);
    const deleted = this.threads.filter((t) => t.deleted);
    if (includeDeleted && deleted.length > 0 && (pick % 6 === 0 || live.length === 0))
      return deleted[Math.floor(pick / 6) % deleted.length];
    return live.length === 0 ? undefined : live[pick % live.length];
  }

  addThread(thread: Omit<ModelThread, 'messages' | 'conversation' | 'deleted'>): ModelThread {
    const stored: ModelThread = { ...thread, deleted: false, messages: [], conversation: new Conversation() };
    this.threads.push(stored);
    return stored;
  }

  /**
   * Records an id an answer handed to `label`; the holder (a sequence's model and label) when
   * another holds it already. Ids are unique across threads, so across every sequence of a run.
   */
  claim(id: string | undefined, label: string): { model: Model; label: string } | undefined {
    if (id === undefined) return undefined;
    let ids = idsOfRun.get(this.world);
    if (ids === undefined) idsOfRun.set(this.world, (ids = new Map()));
    const holder = ids.get(id);
    if (holder !== undefined && (holder.model !== this || holder.label !== label)) return holder;
    ids.set(id, { model: this, label });
    return undefined;
  }

  addMessage(thread: ModelThread, message: ModelMessage): void {
    thread.messages.push(message);
    thread.conversation.add(message.turn, message.label);
  }

  removeMessage(thread: ModelThread, label: string): void {
    thread.messages = thread.messages.filter((m) => m.label !== label);
    thread.conversation = Conversation.of(thread.messages.map((m): [Turn, string] => [m.turn, m.label]));
  }

  /** Tool call ids of assistant messages the sequence itself wrote (their ids are in its bodies). */
  writtenCalls(thread: ModelThread, answered: boolean): string[] {
    const calls = thread.conversation.calls ?? new Set<string>();
    const open = thread.conversation.unanswered ?? new Set<string>();
    return thread.messages
      .filter((m) => m.label.startsWith('m') && m.turn.role === 'assistant')
      .flatMap((m) => (Array.isArray(m.turn.tool_calls) ? m.turn.tool_calls : []))
      .map((c: ToolCall | null) => c?.id)
      .filter((id): id is string => typeof id === 'string' && calls.has(id) && open.has(id) !== answered);
  }
}
