// In-memory state of the reference server: two tenants, their assistants, threads and messages.
import { randomUUID } from 'node:crypto';

/** An assistant as GET /v1/assistants lists it. */
export interface Assistant {
  id: string;
  name: string;
  streaming: boolean;
  meta_data_response_schema: Record<string, unknown>;
  request_required_fields: Record<string, string[]>;
}

/** A tool call in the Chat Completions shape. */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A stored message. */
export interface MessageRecord {
  id: string;
  thread_id: string;
  role: 'user' | 'system' | 'tool' | 'assistant';
  content: string;
  created_at: string;
  tool_calls: ToolCall[] | null;
  tool_call_id: string | null;
  /** A user message's attachments, as sent (absent when it had none). */
  attachments?: Array<{ file_id: string; user_id: string | null; base_url: string | null }>;
  deleted: boolean;
}

/** A stored thread; `deleted` is the soft delete. */
export interface ThreadRecord {
  id: string;
  assistant_id: string;
  tenant_id: string;
  user_id: string | null;
  title: string | null;
  created_at: string;
  last_updated_at: string;
  deleted: boolean;
  messages: MessageRecord[];
}

/** A tenant and the assistants available to it. */
export interface Tenant {
  id: string;
  assistants: Assistant[];
}

const metaDataResponseSchema = {
  type: 'object',
  required: ['legal_advice', 'intent'],
  properties: { legal_advice: { type: 'boolean' }, intent: { type: 'string' }, type: { type: 'string' } },
};

/** The keys the server accepts: the main tenant's and another tenant's. */
export const referenceKeys = {
  main: 'reference-api-key',
  otherTenant: 'reference-api-key-other-tenant',
} as const;

let lastMicros = 0;

/** Now as RFC 3339 with microseconds and a zone, strictly increasing so that ordering is stable. */
export function timestamp(): string {
  let micros = Date.now() * 1000;
  if (micros <= lastMicros) micros = lastMicros + 1;
  lastMicros = micros;
  const iso = new Date(Math.floor(micros / 1000)).toISOString(); // 2025-03-15T09:13:02.654Z
  return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
}

/** An end user's file (Use Your Own Documents), by id. */
export interface FileRecord {
  id: string;
  tenantId: string;
  userId: string;
  fileName: string;
  /** The secret part of its upload URL. */
  token: string;
  /** When its bytes arrived; the file exists for the Files API from then on. */
  uploadedAt?: number;
  text: string;
  deleted: boolean;
}

/** The state of one server instance. */
export class Store {
  readonly tenants = new Map<string, Tenant>();
  readonly threads = new Map<string, ThreadRecord>();
  readonly files = new Map<string, FileRecord>();
  /** Feedback by message id. */
  readonly feedback = new Map<string, { feedback: string; created_at: string }>();

  constructor() {
    const streaming: Assistant = {
      id: randomUUID(),
      name: 'Reference HR assistant',
      streaming: true,
      meta_data_response_schema: metaDataResponseSchema,
      request_required_fields: {},
    };
    const withMetadata: Assistant = {
      id: randomUUID(),
      name: 'Reference licensed assistant',
      streaming: false,
      meta_data_response_schema: metaDataResponseSchema,
      request_required_fields: { __root__: ['user_data'], user_data: ['licence'] },
    };
    this.tenants.set(referenceKeys.main, { id: 'reference-tenant-main', assistants: [streaming, withMetadata] });
    // The other tenant has an assistant of its own, so that only the thread stands between it and
    // the main tenant's messages when it names one in a chat completion's ?thread_id=.
    const othersOwn: Assistant = { ...streaming, id: randomUUID(), name: 'Reference assistant of the other tenant' };
    this.tenants.set(referenceKeys.otherTenant, { id: 'reference-tenant-other', assistants: [othersOwn] });
  }

  /** The assistant with this id among the tenant's, if any. */
  assistantOf(tenant: Tenant, id: string): Assistant | undefined {
    return tenant.assistants.find((a) => a.id === id);
  }

  /** Any tenant's assistant with this id. */
  anyAssistant(id: string): Assistant | undefined {
    for (const tenant of this.tenants.values()) {
      const found = tenant.assistants.find((a) => a.id === id);
      if (found) return found;
    }
    return undefined;
  }

  createThread(tenant: Tenant, assistantId: string, userId: string | null, title: string | null): ThreadRecord {
    const now = timestamp();
    const thread: ThreadRecord = {
      id: randomUUID(),
      assistant_id: assistantId,
      tenant_id: tenant.id,
      user_id: userId,
      title,
      created_at: now,
      last_updated_at: now,
      deleted: false,
      messages: [],
    };
    this.threads.set(thread.id, thread);
    return thread;
  }

  addMessage(
    thread: ThreadRecord,
    fields: Pick<MessageRecord, 'role' | 'content'> &
      Partial<Pick<MessageRecord, 'id' | 'tool_calls' | 'tool_call_id'>>,
  ): MessageRecord {
    const message: MessageRecord = {
      id: fields.id ?? randomUUID(),
      thread_id: thread.id,
      role: fields.role,
      content: fields.content,
      created_at: timestamp(),
      tool_calls: fields.tool_calls ?? null,
      tool_call_id: fields.tool_call_id ?? null,
      deleted: false,
    };
    thread.messages.push(message);
    thread.last_updated_at = message.created_at;
    return message;
  }
}

/** The public shape of a thread. */
export function threadBody(thread: ThreadRecord): Record<string, unknown> {
  const { deleted: _deleted, messages: _messages, ...body } = thread;
  return body;
}

/** The public shape of a message. */
export function messageBody(message: MessageRecord): Record<string, unknown> {
  const { deleted: _deleted, ...body } = message;
  return body;
}

/** The messages of a thread that are not deleted, oldest first. */
export function liveMessages(thread: ThreadRecord): MessageRecord[] {
  return thread.messages.filter((m) => !m.deleted);
}
