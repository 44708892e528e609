// The documented run rules, in the order of the decisions doc, and the run request's shape.
import type { BreakName } from './breaks.ts';
import { ApiError } from './http-io.ts';
import type { Assistant, MessageRecord } from './store.ts';
import { checkObjectBody, type FieldChecker, isObject, type Json } from './validate.ts';

function toolFields(c: FieldChecker): void {
  c.oneOf('type', ['function'], { required: true }).object(
    'function',
    (f) => f.string('name', { required: true, minLength: 1 }).string('description').object('parameters'),
    { required: true },
  );
}

function toolChoiceIssue(choice: unknown): string | undefined {
  if (choice === 'none' || choice === 'auto' || choice === 'required') return undefined;
  if (
    isObject(choice) &&
    choice.type === 'function' &&
    isObject(choice.function) &&
    typeof choice.function.name === 'string'
  ) {
    return undefined;
  }
  return "Input should be 'none', 'auto', 'required' or {type: 'function', function: {name}}";
}

/** The run request fields (meta_data, tools, tool_choice), shared by runs and chat completions. */
export function runRequestFields(c: FieldChecker): void {
  c.object('meta_data', (m) => m.object('user_data', (u) => u.string('licence')))
    .arrayOf('tools', toolFields)
    .custom('tool_choice', toolChoiceIssue);
}

/** Validates the optional run body; undefined when there is none. */
export function checkRunRequest(body: unknown): Json | undefined {
  if (body === undefined) return undefined;
  return checkObjectBody(body, runRequestFields);
}

/** The request_required_fields paths that the request's meta_data lacks, as "user_data.licence". */
export function missingMetadata(assistant: Assistant, request: Json | undefined): string[] {
  const metaData = request?.meta_data;
  const missing: string[] = [];
  for (const [path, fields] of Object.entries(assistant.request_required_fields)) {
    const holder = path === '__root__' ? metaData : isObject(metaData) ? metaData[path] : undefined;
    for (const field of fields) {
      const value = isObject(holder) ? holder[field] : undefined;
      if (value === undefined || value === null || value === '')
        missing.push(path === '__root__' ? field : `${path}.${field}`);
    }
  }
  return missing;
}

function unansweredToolCalls(messages: MessageRecord[]): string[] {
  const answered = new Set(messages.filter((m) => m.role === 'tool').map((m) => m.tool_call_id));
  return messages
    .flatMap((m) => (m.role === 'assistant' ? (m.tool_calls ?? []) : []))
    .map((call) => call.id)
    .filter((id) => !answered.has(id));
}

/**
 * Applies the run rules to a thread's messages: required request metadata (422), a user message
 * (400 bad_request), every tool call answered (400 bad_request), the last message a user or tool
 * one (400 incorrect_stack_ending). A run/stream of a non-streaming assistant is 422 first.
 */
export function checkRunRules(
  assistant: Assistant,
  messages: MessageRecord[],
  request: Json | undefined,
  options: { stream: boolean; breaks: ReadonlySet<BreakName> },
): void {
  const { breaks } = options;
  if (options.stream && !assistant.streaming && !breaks.has('streaming-not-enforced'))
    throw new ApiError('engine_does_not_support_streaming');
  const missing = missingMetadata(assistant, request);
  if (missing.length > 0 && !breaks.has('metadata-not-enforced')) {
    throw new ApiError('request_metadata_missing_or_incomplete', {
      detail: `Request metadata is missing or incomplete: ${missing.join(', ')}`,
    });
  }
  const hasUser = messages.some((m) => m.role === 'user');
  // The breaks answer the run that their rule refuses, so the rules after it are not applied.
  if (!hasUser) {
    if (breaks.has('rule-no-user-message-not-enforced')) return;
    throw new ApiError('bad_request', { detail: 'The thread must contain at least one user message' });
  }
  const unanswered = unansweredToolCalls(messages);
  if (unanswered.length > 0) {
    if (breaks.has('tool-rule-not-enforced')) return;
    throw new ApiError('bad_request', { detail: `Tool calls without a tool message: ${unanswered.join(', ')}` });
  }
  const last = messages[messages.length - 1];
  if (last?.role !== 'user' && last?.role !== 'tool' && !breaks.has('stack-ending-not-enforced'))
    throw new ApiError('incorrect_stack_ending');
}
