// The attachments of user messages, for Create a message and chat completions: the rules of
// Message Validation (contracts/rules/attachments.ts, 422), then each file as the Files API knows
// it: available to its user (404 attachment_document_does_not_exist), processed (409 conflict
// while it is still processing), and of a supported type (400 attachment_document_raised_an_error).
import type { components } from '../../generated/api.ts';
import { ATTACHMENT_NOT_UNIQUE, attachmentBreak } from '../../rules/attachments.ts';
import { ApiError, validationError } from '../http/api-error.ts';
import { issue } from '../http/validation-issues.ts';
import type { Call, MockState } from './call.ts';
import { canonicalUser } from './files.ts';

type Attachment = components['schemas']['Attachment'];

function httpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Throws the documented refusal of a message's attachments. `owner` is the user files default to
 * (the thread's, or the chat request's user_id); `earlier` the identities the thread holds;
 * `where` the message's place in the body (["messages", 2] for a chat completion).
 */
export function checkAttachments(
  call: Call,
  state: MockState,
  message: { role: string; attachments?: Attachment[] | null },
  earlier: ReadonlySet<string>,
  owner: string | null,
  where: Array<string | number> = [],
): void {
  const broken = attachmentBreak(message.role, message.attachments, earlier, owner);
  if (broken?.rule === 'off-user-message')
    throw validationError([issue(['body', ...where, 'attachments'], broken.detail, 'value_error')]);
  if (broken) throw new ApiError(ATTACHMENT_NOT_UNIQUE, broken.detail);
  const now = state.clock.now();
  for (const [i, a] of (message.attachments ?? []).entries()) {
    if (a.base_url !== undefined && a.base_url !== null && !httpUrl(a.base_url))
      throw validationError([
        issue(['body', ...where, 'attachments', i, 'base_url'], 'Expected an http(s) URL.', 'url_parsing'),
      ]);
    const named = a.user_id ?? owner;
    const user = named === null ? null : canonicalUser(named);
    const file = state.files.get(a.file_id);
    if (
      !file ||
      file.tenantId !== call.tenant.id ||
      (user !== null && file.userId !== user) ||
      !state.files.isLive(file, now)
    )
      throw new ApiError(
        'attachment_document_does_not_exist',
        `File ${a.file_id} is not available for the user ${user ?? '(none given)'}. Upload it with GET /v1/files/signed-url first.`,
      );
    const status = state.files.status(file, now);
    if (status === 'PROCESSING')
      throw new ApiError(
        'conflict',
        `File ${a.file_id} is still being processed. Poll GET /v1/files/${a.file_id}/status.`,
      );
    if (status === 'FAILED')
      throw new ApiError('attachment_document_raised_an_error', `File ${a.file_id} could not be processed.`);
  }
}
