// Assistants and tenants: read-only views of the fixed world, always scoped to the caller.
import { json, pathUuid, type Route } from './context.ts';
import { errors } from './errors.ts';
import { type Assistant, assistantJson, type Tenant } from './fixtures.ts';
import { Issues } from './validate.ts';

// Another tenant's assistant is indistinguishable from one that does not exist.
export function assistantOf(tenant: Tenant, id: string): Assistant {
  const a = tenant.assistants.find((x) => x.id === id);
  if (!a) throw errors.assistantNotFound();
  return a;
}

export const assistantRoutes: Route[] = [
  { method: 'GET', path: '/v1/assistants', handler: (ctx) => json(200, ctx.tenant.assistants.map(assistantJson)) },
  {
    method: 'GET',
    path: '/v1/assistants/{assistant_id}',
    handler: (ctx) => {
      const iss = new Issues();
      const id = pathUuid(ctx, 'assistant_id', iss);
      iss.throwIfAny();
      return json(200, assistantJson(assistantOf(ctx.tenant, id ?? '')));
    },
  },
  {
    method: 'GET',
    path: '/v1/tenants/my-api-keys',
    handler: (ctx) => json(200, { id: ctx.tenant.id, name: ctx.tenant.name, api_keys: ctx.tenant.apiKeys }),
  },
];
