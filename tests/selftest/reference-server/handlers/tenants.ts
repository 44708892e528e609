// GET /v1/tenants/my-api-keys: the caller's tenant and its keys, each shown masked (the page
// documents the shape; a self-test server has no reason to echo a key in full).
import type { Context } from '../context.ts';
import { sendJson } from '../http-io.ts';
import { referenceKeys, timestamp } from '../store.ts';

const created = timestamp();

/** listApiKeys: the tenant's id and name, and one entry per key of the tenant. */
export function listApiKeys(ctx: Context): void {
  const keys = Object.values(referenceKeys).filter((key) => ctx.store.tenants.get(key)?.id === ctx.tenant.id);
  sendJson(ctx.res, 200, {
    id: ctx.tenant.id,
    name: `Reference tenant ${ctx.tenant.id}`,
    api_keys: keys.map((key, i) => ({
      api_key: `${key.slice(0, 4)}…${key.slice(-4)}`,
      created_at: created,
      id: `key-${i + 1}`,
      last_updated_at: created,
    })),
  });
}
