// Threads and their messages, in memory and bounded: past `maxThreads` the least recently used
// thread is forgotten, and a thread keeps its `maxMessagesPerThread` newest messages, so that a
// load run of any length keeps the mock's memory flat.
import type { components } from '../../generated/api.ts';
import { Conversation } from '../../rules/conversation.ts';

type Thread = components['schemas']['Thread'];
type Message = components['schemas']['Message'];

/** A message with its place in the order of creation (cursors point at it). */
export interface StoredMessage {
  seq: number;
  message: Message;
}

/** A thread with its messages and the state the rules read. */
export interface StoredThread {
  seq: number;
  thread: Thread;
  deleted: boolean;
  messages: StoredMessage[];
  conversation: Conversation;
}

/** One page of a listing, and the sequence number to continue below (null on the last page). */
export interface Page<T> {
  items: T[];
  next: number | null;
}

export interface ThreadStoreLimits {
  maxThreads: number;
  maxMessagesPerThread: number;
}

function replay(messages: StoredMessage[]): Conversation {
  return Conversation.of(messages.map((m): [Message, string] => [m.message, m.message.id]));
}

/** The store. A Map keeps insertion order, so re-inserting on access makes it an LRU list. */
export class ThreadStore {
  private readonly threads = new Map<string, StoredThread>();
  private seq = 0;
  /** The most recently used thread, which a run after a message need not move again. */
  private newest: string | undefined;

  readonly limits: ThreadStoreLimits;
  constructor(limits: ThreadStoreLimits) {
    this.limits = limits;
  }

  get size(): number {
    return this.threads.size;
  }

  add(thread: Thread): StoredThread {
    const stored: StoredThread = {
      seq: ++this.seq,
      thread,
      deleted: false,
      messages: [],
      conversation: new Conversation(),
    };
    this.threads.set(thread.id, stored);
    this.newest = thread.id;
    while (this.threads.size > this.limits.maxThreads) {
      const oldest = this.threads.keys().next();
      if (oldest.done) break;
      this.threads.delete(oldest.value);
    }
    return stored;
  }

  /** The thread, marked as just used. */
  get(id: string): StoredThread | undefined {
    const stored = this.threads.get(id);
    if (stored && id !== this.newest) {
      this.threads.delete(id);
      this.threads.set(id, stored);
      this.newest = id;
    }
    return stored;
  }

  append(stored: StoredThread, message: Message): void {
    stored.messages.push({ seq: ++this.seq, message });
    stored.thread.last_updated_at = message.created_at;
    const excess = stored.messages.length - this.limits.maxMessagesPerThread;
    if (excess > 0) {
      stored.messages.splice(0, excess);
      stored.conversation = replay(stored.messages);
    } else {
      stored.conversation.add(message, message.id);
    }
  }

  /** Removes a message; false when the thread has no such message. */
  removeMessage(stored: StoredThread, messageId: string): boolean {
    const index = stored.messages.findIndex((m) => m.message.id === messageId);
    if (index < 0) return false;
    stored.messages.splice(index, 1);
    stored.conversation = replay(stored.messages);
    return true;
  }

  /** A tenant's threads, newest first, below the cursor `before` (a sequence number). */
  list(
    tenantId: string,
    filter: { userId?: string; includeDeleted: boolean; before?: number; limit: number },
  ): Page<Thread> {
    const matching: StoredThread[] = [];
    for (const stored of this.threads.values()) {
      if (stored.thread.tenant_id !== tenantId) continue;
      if (stored.deleted && !filter.includeDeleted) continue;
      if (filter.userId !== undefined && stored.thread.user_id !== filter.userId) continue;
      if (filter.before !== undefined && stored.seq >= filter.before) continue;
      matching.push(stored);
    }
    matching.sort((a, b) => b.seq - a.seq);
    const page = matching.slice(0, filter.limit);
    const last = page.at(-1);
    return { items: page.map((s) => s.thread), next: matching.length > filter.limit && last ? last.seq : null };
  }

  /** A thread's messages, newest first, below the cursor `before`. */
  listMessages(stored: StoredThread, filter: { before?: number; limit: number }): Page<Message> {
    const items: Message[] = [];
    let next: number | null = null;
    for (let i = stored.messages.length - 1; i >= 0; i -= 1) {
      const entry = stored.messages[i];
      if (!entry || (filter.before !== undefined && entry.seq >= filter.before)) continue;
      if (items.length === filter.limit) {
        next = stored.messages[i + 1]?.seq ?? null;
        break;
      }
      items.push(entry.message);
    }
    return { items, next };
  }
}
