// Finding the thread a call names, with the documented answers for a thread that is missing,
// deleted, or another tenant's (docs/decisions/0001: 403 where the caller's tenant lacks the
// thread's assistant and the operation documents 403, else 404).
import { canonicalUuid } from '../config/tenant-directory.ts';
import { ApiError } from '../http/api-error.ts';
import type { StoredThread } from '../store/thread-store.ts';
import type { Call, MockState } from './call.ts';

/** The caller's live thread named by the `thread_id` path parameter, or the documented error. */
export function threadOf(call: Call, state: MockState): StoredThread {
  const id = canonicalUuid(String(call.path.thread_id));
  const stored = state.store.get(id);
  if (!stored || stored.deleted)
    throw new ApiError('thread_not_found', `Thread ${id} not found. Create one with POST /v1/threads.`);
  if (stored.thread.tenant_id !== call.tenant.id) {
    const documents403 = call.spec.responses['403']?.errorCodes.includes('assistant_not_available') === true;
    if (documents403 && !call.tenant.assistant(stored.thread.assistant_id)) {
      throw new ApiError(
        'assistant_not_available',
        `Assistant ${stored.thread.assistant_id} is not available to your tenant.`,
      );
    }
    throw new ApiError('thread_not_found', `Thread ${id} not found. Create one with POST /v1/threads.`);
  }
  return stored;
}
