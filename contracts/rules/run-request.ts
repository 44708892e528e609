// The rules a run request itself can break, before the thread's (conversation.ts): the endpoint
// and the assistant (run/stream of a non-streaming one), the assistant's required metadata, and
// a tool_choice that names no tool of the request. No Node imports (k6-safe).
import { type RequiredFields, requiredFieldGaps } from '../request-meta-data.ts';
import { broken, type RuleBreak } from './rule-catalog.ts';

/** The fields of an assistant the run rules read. */
export interface RuleAssistant {
  id: string;
  streaming: boolean;
  request_required_fields: RequiredFields;
}

function toolNames(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  return tools
    .map((tool) => (tool as { function?: { name?: unknown } } | null)?.function?.name)
    .filter((name): name is string => typeof name === 'string');
}

/**
 * Every rule the request breaks, in the mock's order: a non-streaming engine cannot serve
 * /run/stream whatever the request holds, so that comes first; then the required metadata (on
 * run/stream an open point: the docs name it for run); then a tool_choice without its tool; then
 * tool configuration on run/stream (open: the docs offer it on run).
 */
export function runRequestBreaks(assistant: RuleAssistant, request: unknown, stream: boolean): RuleBreak[] {
  const out: RuleBreak[] = [];
  if (stream && !assistant.streaming) {
    out.push(
      broken(
        'stream-not-supported',
        `Assistant ${assistant.id} does not stream. Use POST /v1/threads/{thread_id}/run instead.`,
      ),
    );
  }
  const body = (typeof request === 'object' && request !== null ? request : {}) as { meta_data?: unknown };
  const gaps = requiredFieldGaps(assistant.request_required_fields, body.meta_data);
  const absent = gaps.filter((gap) => gap.how === 'absent').map((gap) => gap.path);
  const blank = gaps.filter((gap) => gap.how !== 'absent').map((gap) => gap.path);
  const example = 'Send them in meta_data, for example {"meta_data": {"user_data": {"licence": "..."}}}.';
  if (absent.length > 0)
    out.push(
      broken(
        stream ? 'metadata-missing-stream' : 'metadata-missing',
        `Request metadata is missing or incomplete: ${[...absent, ...blank].join(', ')}. ${example}`,
      ),
    );
  else if (blank.length > 0)
    out.push(
      broken(
        'metadata-blank',
        `Request metadata is missing or incomplete: ${blank.join(', ')} is empty, blank or not text. ${example}`,
      ),
    );
  out.push(...runBodyBreaks(request, stream));
  return out;
}

/**
 * The rules a run body breaks on its own, whatever the thread and its assistant: a tool_choice
 * without its tool, tool configuration on run/stream. An API may check them before it looks the
 * thread up, so they may answer a run on an unknown thread too.
 */
export function runBodyBreaks(request: unknown, stream: boolean): RuleBreak[] {
  const out: RuleBreak[] = [];
  const body = (typeof request === 'object' && request !== null ? request : {}) as {
    tools?: unknown;
    tool_choice?: unknown;
  };
  const choice = body.tool_choice;
  const names = toolNames(body.tools);
  const named =
    typeof choice === 'object' && choice !== null
      ? (choice as { function?: { name?: unknown } }).function?.name
      : undefined;
  if (choice !== undefined && (names.length === 0 || (typeof named === 'string' && !names.includes(named)))) {
    out.push(
      broken(
        'tool-choice-unknown-tool',
        typeof named === 'string'
          ? `tool_choice asks for tool "${named.slice(0, 80)}", which the request's tools do not name.`
          : 'tool_choice is set, but the request configures no tools.',
        ['tool_choice'],
      ),
    );
  }
  if (stream && (body.tools !== undefined || choice !== undefined))
    out.push(
      broken(
        'stream-tools',
        'run/stream answers in text chunks; tool configuration belongs to POST /v1/threads/{thread_id}/run.',
        [body.tools !== undefined ? 'tools' : 'tool_choice'],
      ),
    );
  return out;
}
