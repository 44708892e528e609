// Read-only operations over fixed data: assistants, negative feedback reasons, API keys.
import { availableAssistant } from './access.ts';
import { ASSISTANTS, assistantView, NEGATIVE_REASONS } from './catalog.ts';
import type { Ctx, Reply } from './context.ts';

export function listAssistants(ctx: Ctx): Reply {
  return { status: 200, json: ASSISTANTS.filter((a) => a.tenantId === ctx.tenant.id).map(assistantView) };
}

export function getAssistant(ctx: Ctx): Reply {
  return { status: 200, json: assistantView(availableAssistant(ctx, ctx.path.assistant_id ?? '')) };
}

export function listNegativeReasons(): Reply {
  return { status: 200, json: NEGATIVE_REASONS };
}

/** GET /v1/tenants/my-api-keys: the caller's tenant and its (single) key. */
export function myApiKeys(ctx: Ctx): Reply {
  const t = ctx.tenant;
  return {
    status: 200,
    json: {
      id: t.id,
      name: t.name,
      api_keys: [{ api_key: t.apiKey, created_at: t.keyCreatedAt, id: t.apiKeyId, last_updated_at: t.keyCreatedAt }],
    },
  };
}
