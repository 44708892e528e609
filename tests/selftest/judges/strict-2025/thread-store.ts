// Threads of all tenants. Deletion is soft (Delete a thread: "Soft-deletes a thread"): the
// record stays, marked deleted, so `include_deleted=true` can still list it, but its tenant
// and user are shown as a placeholder (Data Deletion guide) and it can no longer be used.
import { randomUUID } from 'node:crypto';
import { stamp } from './clock.ts';

export type ThreadOrigin = 'threads' | 'chat';

export interface ThreadRecord {
  id: string;
  seq: number;
  tenantId: string;
  assistantId: string;
  userId: string | null;
  title: string | null;
  createdAt: string;
  lastUpdatedAt: string;
  deleted: boolean;
  /** Threads made by Chat Completions refuse POST .../messages (Create a message page). */
  origin: ThreadOrigin;
}

export const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';

export class ThreadStore {
  private readonly byId = new Map<string, ThreadRecord>();
  private seq = 0;

  create(fields: Pick<ThreadRecord, 'tenantId' | 'assistantId' | 'userId' | 'title' | 'origin'>): ThreadRecord {
    const now = stamp().iso;
    const record: ThreadRecord = {
      ...fields,
      id: randomUUID(),
      seq: ++this.seq,
      createdAt: now,
      lastUpdatedAt: now,
      deleted: false,
    };
    this.byId.set(record.id, record);
    return record;
  }

  get(id: string): ThreadRecord | undefined {
    return this.byId.get(id);
  }

  /** Newest first (by creation), the same order the docs give for messages. */
  listFor(tenantId: string, userId: string | null, includeDeleted: boolean): ThreadRecord[] {
    return [...this.byId.values()]
      .filter(
        (t) => t.tenantId === tenantId && (includeDeleted || !t.deleted) && (userId === null || t.userId === userId),
      )
      .sort((a, b) => b.seq - a.seq);
  }

  touch(record: ThreadRecord): void {
    record.lastUpdatedAt = stamp().iso;
  }

  softDelete(record: ThreadRecord): void {
    record.deleted = true;
    this.touch(record);
  }
}

/** The documented thread body; deleted threads carry placeholders instead of tenant/user. */
export function threadView(t: ThreadRecord): Record<string, unknown> {
  return {
    assistant_id: t.assistantId,
    created_at: t.createdAt,
    id: t.id,
    last_updated_at: t.lastUpdatedAt,
    tenant_id: t.deleted ? PLACEHOLDER_ID : t.tenantId,
    title: t.title,
    user_id: t.deleted && t.userId !== null ? PLACEHOLDER_ID : t.userId,
  };
}
