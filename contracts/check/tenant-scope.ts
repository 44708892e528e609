// How each operation of the generated index meets another tenant's data, derived from its path
// template, its header parameters and its request validator, so that a new endpoint is covered
// without a code change.

import type { OperationId } from '../generated/validators.js';
import { operations, paramValidators, validators } from '../generated/validators.js';
import { pathParams } from './operation-path.ts';

/**
 * - `thread`: the path names a thread; another tenant's key must be refused on ours.
 * - `assistant`: the path or the required body names an assistant; another tenant must be
 *   refused one of ours that it does not have.
 * - `file`: the path names a file of an end user (the `user-id` header); another tenant's key, and
 *   another user of the same tenant, must be refused it.
 * - `user-listing`: a read without path parameters for an end user; what it shows another tenant
 *   or another user must hold nothing of this user's.
 * - `listing`: a read without path parameters; what it shows another tenant must hold nothing of ours.
 * - `none`: a write that names neither; nothing of ours is in reach (a new kind needs a new check).
 */
export type TenantScope = 'thread' | 'assistant' | 'file' | 'user-listing' | 'listing' | 'none';

/** The header that names the end user of a request (the Files pages'). */
export const USER_HEADER = 'user-id';

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

/** Whether the operation requires the end user's header (its header validator refuses a request without one). */
export function namesUser(operationId: OperationId): boolean {
  const name = operations[operationId].headerValidator;
  if (name === undefined) return false;
  const validate = paramValidators[name];
  return (
    !validate({}) &&
    (validate.errors ?? []).some((e) => e.keyword === 'required' && e.params.missingProperty === USER_HEADER)
  );
}

/** The scope of an operation (see TenantScope). */
export function tenantScope(operationId: OperationId): TenantScope {
  const params = pathParams(operationId);
  if (params.includes('thread_id')) return 'thread';
  if (params.includes('assistant_id') || bodyNamesAssistant(operationId)) return 'assistant';
  if (params.includes('file_id') && namesUser(operationId)) return 'file';
  const read = params.length === 0 && operations[operationId].method === 'GET';
  if (read && namesUser(operationId)) return 'user-listing';
  if (read) return 'listing';
  return 'none';
}
