// What clean-up reads in the answer to deleting what a test or a step created: the thread or file is
// gone already (deleted by the test itself, or never finished), or the file is still being processed.
// The pages print no statuses, so each is its own status, or any refusal under a code they give for it.
import { isRefusal } from '../check/status-class.ts';

/** One thing an answer can say: under this status, or under any refusal with one of these codes. */
export interface CleanUpAnswer {
  status: number;
  codes: readonly string[];
}

/** A thread that is gone: unknown, or deleted (the newer pages' soft delete). */
export const THREAD_GONE: CleanUpAnswer = { status: 404, codes: ['thread_not_found', 'thread_is_deactivated'] };

/** A file that is not (or no longer) there. */
export const FILE_GONE: CleanUpAnswer = { status: 404, codes: ['attachment_document_does_not_exist'] };

/** A file an API will not delete while it is processed; once it is done, it may. */
export const FILE_BUSY: CleanUpAnswer = { status: 409, codes: ['conflict'] };

/** Whether the answer (its status and error code) says `what`. */
export function says(status: number, code: string | undefined, what: CleanUpAnswer): boolean {
  return status === what.status || (isRefusal(status) && code !== undefined && what.codes.includes(code));
}
