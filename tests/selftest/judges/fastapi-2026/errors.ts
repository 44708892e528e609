// The error catalogue. Application errors use the body shape of the Error Handling guide
// ({"error_code","detail"}); the texts are the ones printed on the (newer) reference pages.
// Statuses follow the order of the response tabs on the reference pages (the renderer sorts
// tabs by status code), see DECISIONS.md.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class ApiError extends Error {
  readonly status: number;
  readonly body: Json;
  readonly headers: Record<string, string>;
  constructor(status: number, body: Json, headers: Record<string, string> = {}) {
    super(`HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export function appError(status: number, error_code: string, detail: string): ApiError {
  return new ApiError(status, { error_code, detail });
}

export const errors = {
  // FastAPI/Starlette defaults for things that never reach a handler.
  notFoundRoute: () => new ApiError(404, { detail: 'Not Found' }),
  methodNotAllowed: (allow: string) => new ApiError(405, { detail: 'Method Not Allowed' }, { allow }),
  bodyTooLarge: () => new ApiError(413, { detail: 'Request Entity Too Large' }),
  unauthorized: () => appError(401, 'unauthorized', 'Missing or invalid API key'),
  // The gateway's body of the newer pages; a real gateway also says when to come back.
  rateLimited: (retryAfterSeconds: number) =>
    new ApiError(429, { message: 'Rate limit exceeded!' }, { 'retry-after': String(retryAfterSeconds) }),
  internal: () => appError(500, 'internal_server_error', 'Internal Server Error'),

  assistantNotFound: () => appError(404, 'assistant_not_found', 'Assistant not found'),
  threadNotFound: () => appError(404, 'thread_not_found', 'Thread not found'),
  threadDeactivated: () => appError(400, 'thread_is_deactivated', 'Thread is deactivated'),
  messageNotFound: () => appError(404, 'message_not_found', 'Message not found'),
  badRequest: (detail: string) => appError(400, 'bad_request', detail),
  invalidInput: (detail: string) => appError(400, 'invalid_input', detail),
  engineNoStreaming: () =>
    appError(
      422,
      'engine_does_not_support_streaming',
      'The selected engine does not support streaming responses. Please use the non-streaming endpoint.',
    ),
  metadataMissing: () =>
    appError(422, 'request_metadata_missing_or_incomplete', 'Request lacks required request metadata'),

  // Files / attachments (tab order of the Files pages: 400, 401, 403, 404, 409, 422, 429, 500, 503).
  fileServiceError: () =>
    appError(
      400,
      'attachment_document_raised_an_error',
      'The file attachment service has raised an error. Please try again later',
    ),
  attachmentForbidden: () =>
    appError(403, 'attachment_access_forbidden', 'You do not have permission to access this attachment.'),
  fileNotFound: () =>
    appError(
      404,
      'attachment_document_does_not_exist',
      'Document with `file_id` is not available for the user with `user_id` on the document server.',
    ),
  fileConflict: () =>
    appError(409, 'conflict', "Conflict - File is infected with a virus or it's still being processed"),
  attachmentUrlInvalid: () => appError(422, 'attachment_url_invalid', 'The provided base_url is not valid.'),
};
