// How each operation of the generated index meets another tenant's data, derived from its path
// template and request validator, so that a new endpoint is covered without a code change.

import type { OperationId } from '../generated/validators.js';
import { operations, validators } from '../generated/validators.js';
import { pathParams } from './operation-path.ts';

/**
 * - `thread`: the path names a thread; another tenant's key must be refused on ours.
 * - `assistant`: the path or the required body names an assistant; another tenant must be
 *   refused one of ours that it does not have.
 * - `listing`: a read without path parameters; what it shows another tenant must hold nothing of ours.
 * - `none`: a write that names neither; nothing of ours is in reach (a new kind needs a new check).
 */
export type TenantScope = 'thread' | 'assistant' | 'listing' | 'none';

/** Whether the request body must carry `assistant_id` (the validator refuses `{}` for lacking it). */
function bodyNamesAssistant(operationId: OperationId): boolean {
  const name = operations[operationId].requestBody?.validator;
  if (name === undefined) return false;
  const validate = validators[name];
  return (
    !validate({}) &&
    (validate.errors ?? []).some((e) => e.keyword === 'required' && e.params.missingProperty === 'assistant_id')
  );
}

/** The scope of an operation (see TenantScope). */
export function tenantScope(operationId: OperationId): TenantScope {
  const params = pathParams(operationId);
  if (params.includes('thread_id')) return 'thread';
  if (params.includes('assistant_id') || bodyNamesAssistant(operationId)) return 'assistant';
  if (params.length === 0 && operations[operationId].method === 'GET') return 'listing';
  return 'none';
}
