// The rules a run request itself can break, before the thread's (conversation.ts): the endpoint
// and the assistant (run/stream of a non-streaming one), the assistant's required metadata, and
// a tool_choice that names no tool of the request. No Node imports (k6-safe).
import { type RequiredFields, requiredFieldGaps } from '../request-meta-data.ts';
import { RULES, type RuleBreak, type RuleId } from './rule-catalog.ts';

/** The fields of an assistant the run rules read. */
export interface RuleAssistant {
  id: string;
  streaming: boolean;
  request_required_fields: RequiredFields;
}

function broken(rule: RuleId, detail: string): RuleBreak {
  return { rule, code: RULES[rule].code, detail };
}

function toolNames(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  return tools
    .map((tool) => (tool as { function?: { name?: unknown } } | null)?.function?.name)
    .filter((name): name is string => typeof name === 'string');
}

/**
 * Every rule the request breaks, in the mock's order: a non-streaming engine cannot serve
 * /run/stream whatever the request holds, so that comes first; then the required metadata;
 * then a tool_choice that asks for a tool the request does not configure.
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
  const body = (typeof request === 'object' && request !== null ? request : {}) as {
    meta_data?: unknown;
    tools?: unknown;
    tool_choice?: unknown;
  };
  const gaps = requiredFieldGaps(assistant.request_required_fields, body.meta_data);
  const absent = gaps.filter((gap) => gap.how === 'absent').map((gap) => gap.path);
  const blank = gaps.filter((gap) => gap.how !== 'absent').map((gap) => gap.path);
  const example = 'Send them in meta_data, for example {"meta_data": {"user_data": {"licence": "..."}}}.';
  if (absent.length > 0)
    out.push(
      broken(
        'metadata-missing',
        `Request metadata is missing or incomplete: ${[...absent, ...blank].join(', ')}. ${example}`,
      ),
    );
  else if (blank.length > 0)
    out.push(
      broken(
        'metadata-blank',
        `Request metadata is missing or incomplete: ${blank.join(', ')} is empty or blank. ${example}`,
      ),
    );
  const choice = body.tool_choice;
  const names = toolNames(body.tools);
  const named =
    typeof choice === 'object' && choice !== null
      ? (choice as { function?: { name?: unknown } }).function?.name
      : undefined;
  if ((choice === 'required' && names.length === 0) || (typeof named === 'string' && !names.includes(named))) {
    out.push(
      broken(
        'tool-choice-unknown-tool',
        `tool_choice asks for ${typeof named === 'string' ? `tool "${named.slice(0, 80)}"` : 'a tool'}, which the request's tools do not name.`,
      ),
    );
  }
  return out;
}
