// The documented rules of threads, messages and runs, each with the answers the docs allow when a
// request breaks it. The mock answers the first broken rule it enforces; the generated tests'
// model accepts any answer of any broken rule, so a correct API that checks the rules in another
// order, or reads an open point the other way, passes. No Node imports (k6-safe).
import { statusOf } from '../error-status.ts';
import type { OperationId } from '../generated/validators.js';

/** The codes the contract names for a refusal the docs give no code of their own. */
const GENERIC = ['bad_request', 'unprocessable_entity'];

/** One rule: the code the mock answers, whether the docs make it a promise, and the codes they allow. */
export interface Rule {
  /** What the mock answers (the first of `codes`). */
  code: string;
  /**
   * `documented`: a request that breaks it must be refused. `open`: the docs leave it to the API
   * (refuse with one of `codes`, or accept), so the model accepts both.
   */
  reading: 'documented' | 'open';
  /** Error codes the docs allow for it; the status of each comes from the operation index. */
  codes: readonly string[];
  /** The rule in words, for reports. */
  says: string;
}

export const RULES = {
  'message-content-empty': {
    code: 'message_content_empty',
    reading: 'documented',
    codes: ['message_content_empty'],
    says: 'message content must not be empty',
  },
  'message-content-blank': {
    code: 'message_content_empty',
    reading: 'open',
    codes: ['message_content_empty'],
    says: 'whitespace-only content, or an assistant message that only calls tools, may count as empty',
  },
  'tool-call-unknown': {
    code: 'tool_message_has_no_matching_tool_call',
    reading: 'open',
    codes: ['tool_message_has_no_matching_tool_call'],
    says: 'a tool message answers an earlier assistant tool call (refused when added, or the run refuses the thread)',
  },
  'tool-call-answered-twice': {
    code: 'tool_message_has_no_matching_tool_call',
    reading: 'open',
    codes: ['tool_message_has_no_matching_tool_call', ...GENERIC],
    says: 'a tool call answered a second time may be refused',
  },
  'system-after-start': {
    code: 'bad_request',
    reading: 'open',
    codes: GENERIC,
    says: 'system messages come first (refused when added, or at the run)',
  },
  'stream-not-supported': {
    code: 'engine_does_not_support_streaming',
    reading: 'documented',
    codes: ['engine_does_not_support_streaming'],
    says: 'run/stream needs a streaming assistant',
  },
  'metadata-missing': {
    code: 'request_metadata_missing_or_incomplete',
    reading: 'documented',
    codes: ['request_metadata_missing_or_incomplete'],
    says: "a run carries the assistant's request_required_fields",
  },
  'metadata-blank': {
    code: 'request_metadata_missing_or_incomplete',
    reading: 'open',
    codes: ['request_metadata_missing_or_incomplete'],
    says: 'a required field that is "" or only whitespace may count as missing',
  },
  'no-user-message': {
    code: 'bad_request',
    reading: 'documented',
    codes: GENERIC,
    says: 'the thread must contain at least one user message',
  },
  'tool-call-unanswered': {
    code: 'bad_request',
    reading: 'documented',
    codes: GENERIC,
    says: 'every assistant tool call must be followed by its tool message',
  },
  'tool-message-orphan': {
    code: 'bad_request',
    reading: 'documented',
    codes: ['tool_message_has_no_matching_tool_call', ...GENERIC],
    says: 'every tool message needs the assistant tool call with its tool_call_id',
  },
  'system-misplaced': { code: 'bad_request', reading: 'open', codes: GENERIC, says: 'system messages come first' },
  'stack-ending': {
    code: 'incorrect_stack_ending',
    reading: 'documented',
    codes: ['incorrect_stack_ending'],
    says: 'the thread must end on a user or tool message',
  },
  'tool-choice-unknown-tool': {
    code: 'bad_request',
    reading: 'open',
    codes: ['validation_error', ...GENERIC],
    says: "tool_choice may have to name one of the request's tools (as in Chat Completions)",
  },
} as const satisfies Record<string, Rule>;

/** The id of a documented rule. */
export type RuleId = keyof typeof RULES;

/** A broken rule, with a detail for people. */
export interface RuleBreak {
  rule: RuleId;
  /** The code the mock answers. */
  code: string;
  detail: string;
}

/** An answer the docs allow for a refusal: a status and the codes allowed with it. */
export interface AllowedAnswer {
  status: number;
  code: string;
}

/** The (status, error_code) pairs the contract allows on this operation for a broken rule. */
export function allowedAnswers(op: OperationId, rule: RuleId): AllowedAnswer[] {
  const out: AllowedAnswer[] = [];
  for (const code of RULES[rule].codes) {
    const status = statusOf(op, code);
    if (status !== undefined) out.push({ status, code });
  }
  return out;
}
