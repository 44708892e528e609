// Every refusal the server can give, in one place, so statuses and codes stay consistent.
// Bodies follow the Error Handling guide ({error_code, detail}); validation errors carry the
// older pages' list detail. Statuses are not printed on the stored pages: see DECISIONS.md.
import type { Issue, Loc } from './schema.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | Issue[];
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, detail: string | Issue[], headers: Record<string, string> = {}) {
    super(`${status} ${code}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.headers = headers;
  }
  body(): { error_code: string; detail: string | Issue[] } {
    return { error_code: this.code, detail: this.detail };
  }
}

export const validationError = (issues: Issue[]): ApiError => new ApiError(422, 'validation_error', issues);
export const invalidAt = (loc: Loc, message: string, type = 'value_error'): ApiError =>
  validationError([{ loc, message, type }]);

const SERVICE_DOWN =
  'An internal service required for processing the request is currently unavailable. Please try again later.';

export const refuse = {
  unauthorized: () => new ApiError(401, 'unauthorized', 'Missing or invalid API key'),
  routeNotFound: () => new ApiError(404, 'resource_not_found', 'Resource not found'),
  methodNotAllowed: (allow: string[]) =>
    new ApiError(405, 'method_not_allowed', 'Method Not Allowed', { allow: allow.join(', ') }),
  payloadTooLarge: () => new ApiError(413, 'request_entity_too_large', 'Request body is too large'),
  rateLimited: (headers: Record<string, string>) =>
    new ApiError(429, 'rate_limit_gateway', 'Rate limit exceeded', headers),
  internal: () => new ApiError(503, 'internal_service_error', SERVICE_DOWN),

  assistantNotFound: () => new ApiError(404, 'assistant_not_found', 'Assistant not found'),
  assistantNotAvailable: () => new ApiError(403, 'assistant_not_available', 'Assistant not available to your tenant'),
  noStreaming: () =>
    new ApiError(
      422,
      'engine_does_not_support_streaming',
      'The selected engine does not support streaming responses. Please use the non-streaming endpoint.',
    ),
  metadataMissing: () =>
    new ApiError(422, 'request_metadata_missing_or_incomplete', 'Request lacks required request metadata'),

  threadNotFound: () => new ApiError(404, 'thread_not_found', 'Thread not found'),
  threadOfOtherTenant: () =>
    new ApiError(403, 'permission_denied', 'You do not have permission to access this thread.'),
  chatThreadIsClosed: () =>
    new ApiError(409, 'conflict_error', 'Cannot add messages to threads created via Chat Completions.'),
  notAChatThread: () =>
    new ApiError(
      409,
      'conflict_error',
      'Only threads created via Chat Completions can be continued with Chat Completions.',
    ),
  chatThreadAssistantMismatch: () =>
    invalidAt(['body', 'assistant_id'], 'assistant_id must match the assistant of the thread given as thread_id'),

  messageNotFound: () => new ApiError(404, 'message_not_found', 'Message not found'),
  contentEmpty: () => new ApiError(422, 'message_content_empty', 'Message content cannot be empty.'),
  toolMessageUnmatched: () =>
    new ApiError(
      422,
      'tool_message_has_no_matching_tool_call',
      "Tool message id not found in an preceding assistant message's tool calls in the thread",
    ),
  stackEnding: () =>
    new ApiError(422, 'incorrect_stack_ending', 'The last message in the stack must be a user or tool message.'),
  attachmentNotUnique: () =>
    new ApiError(422, 'attachment_not_unique', 'The same attachment must not appear more than once in a thread.'),

  feedbackInvalid: (why: string) => new ApiError(400, 'invalid_input', `invalid input: ${why}`),
  feedbackNotFound: () => new ApiError(404, 'resource_not_found', 'Feedback not found'),

  fileForbidden: () =>
    new ApiError(403, 'attachment_access_forbidden', 'You do not have permission to access this attachment.'),
  fileMissing: () =>
    new ApiError(
      404,
      'attachment_document_does_not_exist',
      'Document with `file_id` is not available for the user with `user_id` on the document server.',
    ),
  fileBusy: () =>
    new ApiError(409, 'conflict', "Conflict - File is infected with a virus or it's still being processed"),
  attachmentUrlInvalid: () => new ApiError(422, 'attachment_url_invalid', 'The provided base_url is not valid.'),
};
