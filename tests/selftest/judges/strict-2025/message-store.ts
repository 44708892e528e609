// Messages per thread, kept oldest first (the stack order runs are validated in); lists are
// served newest first as the List messages page says.
import { randomUUID } from 'node:crypto';
import { stamp } from './clock.ts';

export type Role = 'user' | 'system' | 'assistant' | 'tool';
export const ROLES: readonly Role[] = ['user', 'system', 'assistant', 'tool'];

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}
export interface Source {
  content: string;
  meta_data?: Record<string, unknown>;
}

/** An attachment as the client named it, plus a snapshot of the file taken when attached:
 *  "Files already attached to a thread stay available within that thread" (Delete a file). */
export interface AttachmentRecord {
  file_id: string;
  user_id?: string | null;
  base_url?: string | null;
  fileName: string;
  text: string;
}

/** A message as the stack rules and the answer engine see it, stored or not. */
export interface MessageData {
  role: Role;
  content: string | null;
  toolCalls?: ToolCall[];
  toolCallId?: string;
  attachments?: AttachmentRecord[];
  sources?: Source[];
  metaData?: Record<string, unknown> | null;
}

export interface MessageRecord extends MessageData {
  id: string;
  seq: number;
  threadId: string;
  createdAt: string;
}

export class MessageStore {
  private readonly byThread = new Map<string, MessageRecord[]>();
  private seq = 0;

  stack(threadId: string): MessageRecord[] {
    return [...(this.byThread.get(threadId) ?? [])];
  }

  add(threadId: string, data: MessageData): MessageRecord {
    const record: MessageRecord = { ...data, id: randomUUID(), seq: ++this.seq, threadId, createdAt: stamp().iso };
    const list = this.byThread.get(threadId) ?? [];
    list.push(record);
    this.byThread.set(threadId, list);
    return record;
  }

  find(threadId: string, messageId: string): MessageRecord | undefined {
    return this.byThread.get(threadId)?.find((m) => m.id === messageId);
  }

  remove(threadId: string, messageId: string): boolean {
    const list = this.byThread.get(threadId) ?? [];
    const index = list.findIndex((m) => m.id === messageId);
    if (index < 0) return false;
    list.splice(index, 1);
    return true;
  }

  /** Drops the messages after the first `keep` ones (chat threads whose history diverged). */
  truncate(threadId: string, keep: number): MessageRecord[] {
    const list = this.byThread.get(threadId) ?? [];
    return list.splice(keep);
  }

  /** Applies fn to every stored text of a thread (the anonymization pass of Data Deletion). */
  rewrite(threadId: string, fn: (text: string) => string): void {
    for (const m of this.byThread.get(threadId) ?? []) {
      if (m.content !== null) m.content = fn(m.content);
    }
  }
}

/** The documented message body plus the role-specific fields a client needs back. */
export function messageView(m: MessageRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    content: m.content,
    created_at: m.createdAt,
    id: m.id,
    role: m.role,
    thread_id: m.threadId,
  };
  if (m.role === 'user' && m.attachments) {
    view.attachments = m.attachments.map((a) => ({
      file_id: a.file_id,
      ...(a.user_id !== undefined ? { user_id: a.user_id } : {}),
      ...(a.base_url !== undefined ? { base_url: a.base_url } : {}),
    }));
  }
  if (m.role === 'assistant') {
    view.meta_data = m.metaData ?? null;
    view.sources = m.sources ?? [];
    if (m.toolCalls) view.tool_calls = m.toolCalls;
  }
  if (m.role === 'tool') view.tool_call_id = m.toolCallId;
  return view;
}
