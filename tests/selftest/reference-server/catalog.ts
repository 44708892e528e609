// The error catalog of the reference server, written by hand from docs/api-facts.md and the
// decisions doc (not from contracts/generated), so that the suite's validators judge it independently.

/** An error this server can answer: its status and a human detail. */
export interface CatalogEntry {
  status: number;
  detail: string;
}

/** Every error code the docs list, with the status the docs (or our documented reading) give it. */
export const errorCatalog = {
  unauthorized: { status: 401, detail: 'Invalid or missing API key' },
  permission_denied: { status: 403, detail: 'Permission denied' },
  assistant_not_available: { status: 403, detail: 'Assistant not available to your tenant' },
  thread_not_found: { status: 404, detail: 'Thread not found' },
  assistant_not_found: { status: 404, detail: 'Assistant not found' },
  resource_not_found: { status: 404, detail: 'Resource not found' },
  method_not_allowed: { status: 405, detail: 'Method not allowed' },
  bad_request: { status: 400, detail: 'Bad request' },
  incorrect_stack_ending: { status: 400, detail: 'The thread must end with a user or tool message' },
  content_filter_error: { status: 400, detail: 'The answer was filtered' },
  length_finish_reason_error: { status: 400, detail: 'The answer was cut off at its length limit' },
  tool_message_has_no_matching_tool_call: { status: 400, detail: 'Tool message has no matching tool call' },
  payload_too_large: { status: 413, detail: 'Request body too large' },
  // The 2026 pages: a thread of another kind, and an unknown message.
  thread_is_deactivated: { status: 400, detail: 'The thread is deactivated' },
  message_not_found: { status: 404, detail: 'Message not found' },
  // Message Validation (2026): every violation is 422, so the stack-ending code is documented at 422
  // as well as at the 400 of the older pages; this server itself answers 400.
  incorrect_stack_ending_422: { status: 422, detail: 'The thread must end with a user or tool message' },
  conflict_error: { status: 409, detail: 'Another run is in progress on this thread' },
  unprocessable_entity: { status: 422, detail: 'Unprocessable entity' },
  message_content_empty: { status: 422, detail: 'Message content must not be empty' },
  validation_error: { status: 422, detail: 'Validation failed' },
  request_metadata_missing_or_incomplete: { status: 422, detail: 'Request metadata is missing or incomplete' },
  engine_does_not_support_streaming: {
    status: 422,
    detail: 'The selected engine does not support streaming responses. Please use the non-streaming endpoint.',
  },
  invalid_input: { status: 400, detail: 'Invalid input' },
  attachment_document_does_not_exist: {
    status: 404,
    detail: 'The document does not exist or is not available for the user with user_id',
  },
  attachment_access_forbidden: { status: 403, detail: 'Access to this document is forbidden' },
  attachment_document_raised_an_error: { status: 400, detail: 'The document could not be processed' },
  attachment_not_unique: { status: 422, detail: 'Each attachment must be unique across the thread' },
  conflict: { status: 409, detail: 'The document is still being processed' },
  attachment_url_invalid: { status: 422, detail: 'The base_url of the attachment is not a valid URL' },
  attachment_document_not_reachable: { status: 503, detail: 'The document server cannot be reached' },
  tenant_not_found: { status: 404, detail: 'Tenant not found' },
  internal_server_error: { status: 500, detail: 'Internal server error.' },
  rate_limit_gateway: { status: 429, detail: 'Rate limit exceeded' },
  rate_limit_error: { status: 429, detail: 'Rate limit exceeded' },
  api_timeout_error: { status: 500, detail: 'OpenAI API request timed out.' },
  api_connection_error: { status: 500, detail: 'Upstream connection failed.' },
  api_error: { status: 500, detail: 'Internal error.' },
  internal_service_error: {
    status: 503,
    detail: 'An internal service required for processing the request is currently unavailable. Please try again later.',
  },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof errorCatalog;

/** The operations this server implements. */
export type OperationId =
  | 'listAssistants'
  | 'getAssistant'
  | 'listThreads'
  | 'createThread'
  | 'getThread'
  | 'deleteThread'
  | 'listMessages'
  | 'createMessage'
  | 'deleteMessage'
  | 'createRun'
  | 'createRunStream'
  | 'createChatCompletion'
  | 'createChatCompletionStream'
  | 'upsertFeedback'
  | 'deleteFeedback'
  | 'listNegativeFeedbackReasons'
  | 'getUploadUrl'
  | 'listFiles'
  | 'getFileStatus'
  | 'getFileContent'
  | 'deleteFile'
  | 'listApiKeys';

const every: ErrorCode[] = [
  'unauthorized',
  'rate_limit_gateway',
  'rate_limit_error',
  'api_timeout_error',
  'api_connection_error',
  'api_error',
  'internal_server_error',
];
const answerErrors: ErrorCode[] = [
  'incorrect_stack_ending',
  'bad_request',
  'content_filter_error',
  'length_finish_reason_error',
  'assistant_not_available',
  'permission_denied',
  'payload_too_large',
  'validation_error',
  'request_metadata_missing_or_incomplete',
  'engine_does_not_support_streaming',
  'unprocessable_entity',
  'internal_service_error',
  'message_content_empty',
  'incorrect_stack_ending_422',
];

/** The Feedback pages' errors. */
const feedbackErrors: ErrorCode[] = [
  ...every,
  'invalid_input',
  'thread_is_deactivated',
  'permission_denied',
  'message_not_found',
  'thread_not_found',
  'validation_error',
];
/** The errors the Files pages list for every files call. */
const fileErrors: ErrorCode[] = [
  ...every,
  'attachment_document_raised_an_error',
  'attachment_access_forbidden',
  'attachment_document_does_not_exist',
  'conflict',
  'validation_error',
  'attachment_url_invalid',
  'attachment_document_not_reachable',
];
/** The file codes a message with an attachment may get (Create a message, chat completions). */
const attachmentErrors: ErrorCode[] = [
  'attachment_document_raised_an_error',
  'attachment_access_forbidden',
  'attachment_document_does_not_exist',
  'conflict',
  'attachment_not_unique',
];

/**
 * Per operation, the error codes its documentation lists, in the order the docs list them: the
 * first code of a status is the one `Prefer: code=<status>` answers.
 */
export const documentedErrors: Record<OperationId, ErrorCode[]> = {
  listAssistants: [...every],
  getAssistant: [...every, 'assistant_not_found', 'validation_error'],
  listThreads: [...every, 'validation_error'],
  createThread: [...every, 'assistant_not_available', 'permission_denied', 'payload_too_large', 'validation_error'],
  getThread: [...every, 'thread_is_deactivated', 'thread_not_found', 'validation_error'],
  deleteThread: [...every, 'thread_not_found', 'validation_error'],
  listMessages: [
    ...every,
    'thread_is_deactivated',
    'thread_not_found',
    'assistant_not_found',
    'validation_error',
    'internal_service_error',
  ],
  createMessage: [
    ...every,
    'tool_message_has_no_matching_tool_call',
    'bad_request',
    'thread_not_found',
    'payload_too_large',
    'validation_error',
    'message_content_empty',
    'incorrect_stack_ending_422',
    'internal_service_error',
    ...attachmentErrors,
  ],
  deleteMessage: [...every, 'thread_is_deactivated', 'thread_not_found', 'message_not_found', 'validation_error'],
  createRun: [
    ...every,
    ...answerErrors,
    'thread_not_found',
    'assistant_not_found',
    'conflict_error',
    'attachment_not_unique',
  ],
  createRunStream: [...every, ...answerErrors, 'thread_not_found', 'conflict_error', 'attachment_not_unique'],
  createChatCompletion: [...every, ...answerErrors, 'resource_not_found', ...attachmentErrors],
  createChatCompletionStream: [...every, ...answerErrors, 'resource_not_found', ...attachmentErrors],
  upsertFeedback: [...feedbackErrors],
  deleteFeedback: [...feedbackErrors],
  listNegativeFeedbackReasons: [
    ...every,
    'invalid_input',
    'thread_is_deactivated',
    'message_not_found',
    'validation_error',
  ],
  getUploadUrl: [...fileErrors],
  listFiles: [...fileErrors],
  getFileStatus: [...fileErrors],
  getFileContent: [...fileErrors],
  deleteFile: [...fileErrors],
  listApiKeys: [...every, 'bad_request', 'tenant_not_found', 'validation_error'],
};

/** The wire error_code of a catalog entry: 413 has no documented code of its own, so it says bad_request; the stack-ending code at 422 is the same code. */
export function wireCode(code: ErrorCode): string {
  if (code === 'incorrect_stack_ending_422') return 'incorrect_stack_ending';
  return code === 'payload_too_large' ? 'bad_request' : code;
}
