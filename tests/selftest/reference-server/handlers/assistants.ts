// GET /v1/assistants and GET /v1/assistants/{assistant_id}.
import type { Context } from '../context.ts';
import { ApiError, sendJson } from '../http-io.ts';

/** listAssistants: the tenant's assistants. */
export function listAssistants(ctx: Context): void {
  sendJson(ctx.res, 200, ctx.tenant.assistants);
}

/** getAssistant: one of the tenant's assistants, else 404 assistant_not_found. */
export function getAssistant(ctx: Context): void {
  const assistant = ctx.store.assistantOf(ctx.tenant, ctx.params.assistant_id ?? '');
  if (!assistant) throw new ApiError('assistant_not_found');
  sendJson(ctx.res, 200, assistant);
}
