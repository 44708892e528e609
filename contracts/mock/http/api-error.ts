// The error catalog: a default detail per documented error code, and one error class that
// handlers throw. The status is not here: it comes from the operation index, so a code can only
// be answered with the status the contract gives it for that operation.
import type { components } from '../../generated/api.ts';

type ValidationIssue = components['schemas']['ValidationIssue'];

/** Human text per error code (the docs' wording where they give one). Clients must not parse it. */
export const DETAILS: Readonly<Record<string, string>> = {
  unauthorized: 'Invalid or missing API key. Send your key in the api-key header.',
  permission_denied: 'Permission denied.',
  assistant_not_available: 'Assistant not available to your tenant.',
  assistant_not_found: 'Assistant not found.',
  thread_not_found: 'Thread not found.',
  resource_not_found: 'Resource not found.',
  bad_request: 'Bad request.',
  tool_message_has_no_matching_tool_call: 'Tool message has no matching tool call.',
  message_content_empty: 'Message content must not be empty.',
  incorrect_stack_ending: 'The thread must end with a user or tool message.',
  content_filter_error: 'The answer was withheld by the content filter.',
  length_finish_reason_error: 'The answer was cut off at the length limit.',
  request_metadata_missing_or_incomplete: 'Request metadata is missing or incomplete.',
  engine_does_not_support_streaming:
    'The selected engine does not support streaming responses. Please use the non-streaming endpoint.',
  rate_limit_gateway: 'Rate limit exceeded.',
  rate_limit_error: 'Rate limit exceeded.',
  api_timeout_error: 'OpenAI API request timed out.',
  api_connection_error: 'Could not connect to the model API.',
  api_error: 'Internal server error.',
  internal_service_error:
    'An internal service required for processing the request is currently unavailable. Please try again later.',
};

/**
 * An answer the API documents, thrown by a handler and turned into a response by the pipeline.
 * It carries no stack trace: it is an answer, not a failure, and a rate-limited load run throws
 * thousands a second, where capturing stacks would cost more than the rest of the request.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: string;
  readonly detail: string | ValidationIssue[];
  /** Only where a code is documented under two statuses (bad_request: 400 and 413). */
  readonly status: number | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: string,
    detail: string | ValidationIssue[] = DETAILS[code] ?? code,
    status?: number,
    headers: Readonly<Record<string, string>> = NO_HEADERS,
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(typeof detail === 'string' ? `${code}: ${detail}` : code);
    Error.stackTraceLimit = limit;
    this.code = code;
    this.detail = detail;
    this.status = status;
    this.headers = headers;
  }
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** A validation_error for one place, FastAPI style. */
export function validationError(issues: ValidationIssue[]): ApiError {
  return new ApiError('validation_error', issues);
}

/** The status the contract gives a code on an operation (shared with the generated tests' model). */
export { statusOf } from '../../error-status.ts';

/**
 * The answer to a broken rule: its code and detail, or, for a rule the mock answers with a
 * validation_error (a Message Validation rule without a code of its own), one issue at the
 * field it is about (`at` is where the message sits: ["body"], or ["body", "messages", 2]).
 */
export function ruleError(
  broken: { code: string; detail: string; status?: number; field?: Array<string | number> },
  at: Array<string | number> = ['body'],
): ApiError {
  if (broken.code !== 'validation_error') return new ApiError(broken.code, broken.detail, broken.status);
  return validationError([{ loc: [...at, ...(broken.field ?? [])], message: broken.detail, type: 'value_error' }]);
}
