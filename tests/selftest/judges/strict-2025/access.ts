// Tenant isolation in one place: every handler reaches threads and assistants through here.
import { type Assistant, assistantById } from './catalog.ts';
import type { Ctx } from './context.ts';
import { refuse } from './errors.ts';
import type { ThreadRecord } from './thread-store.ts';

/** A usable thread of the caller: unknown → 404, another tenant's → 403, soft-deleted → 404. */
export function ownThread(ctx: Ctx, threadId: string): ThreadRecord {
  const thread = ctx.app.threads.get(threadId);
  if (!thread) throw refuse.threadNotFound();
  if (thread.tenantId !== ctx.tenant.id) throw refuse.threadOfOtherTenant();
  if (thread.deleted) throw refuse.threadNotFound();
  return thread;
}

/** An assistant the caller may use: unknown → 404, another tenant's → 403. */
export function availableAssistant(ctx: Ctx, assistantId: string): Assistant {
  const assistant = assistantById(assistantId);
  if (!assistant) throw refuse.assistantNotFound();
  if (assistant.tenantId !== ctx.tenant.id) throw refuse.assistantNotAvailable();
  return assistant;
}

/** The assistant of a stored thread (always in the catalog: checked when the thread was made). */
export function assistantOf(thread: ThreadRecord): Assistant {
  const assistant = assistantById(thread.assistantId);
  if (!assistant) throw refuse.internal();
  return assistant;
}
