// GET /v1/tenants/my-api-keys: the caller's tenant and its keys, as the documented example shows
// them (in full: the caller holds one of them already). A key's id is derived from the key, so it
// is stable and reveals nothing of it.
import { createHash } from 'node:crypto';
import type { Handler } from './call.ts';

/** The mock's keys have no history: every one was created and last changed at the docs' example time. */
const KEY_TIME = '2025-01-15T10:30:00.000000Z';

function keyId(key: string): string {
  const hex = createHash('sha256').update(`agents-api-suite mock key ${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const listApiKeys: Handler = (call) => ({
  status: 200,
  json: {
    id: call.tenant.id,
    name: call.tenant.id,
    api_keys: call.tenant.keys.map((key) => ({
      api_key: key,
      created_at: KEY_TIME,
      id: keyId(key),
      last_updated_at: KEY_TIME,
    })),
  },
});
