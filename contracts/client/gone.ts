// What clean-up takes as "already gone": deleting what a test or a step created meets a thread or a
// file that is not there any more (deleted by the test itself, or never finished). The pages print
// no statuses, so a 404, or a refusal under a code they give for it.
import { errorCodeOf, parseJson } from '../check/body-text.ts';
import { isRefusal } from '../check/status-class.ts';

/** The codes the pages give a thread that is gone: unknown, or deleted (the newer pages' soft delete). */
export const THREAD_GONE: readonly string[] = ['thread_not_found', 'thread_is_deactivated'];

/** The code the pages give a file that is not (or no longer) there. */
export const FILE_GONE: readonly string[] = ['attachment_document_does_not_exist'];

/** The error code of a body, when it has one. */
export function codeOf(body: string): string | undefined {
  const parsed = parseJson(body);
  return parsed.ok ? errorCodeOf(parsed.value) : undefined;
}

/** The answer says the thing is already gone: a 404, or a refusal under one of `codes`. */
export function gone(status: number, code: string | undefined, codes: readonly string[]): boolean {
  return status === 404 || (isRefusal(status) && code !== undefined && codes.includes(code));
}
