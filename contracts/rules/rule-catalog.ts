// The documented rules of threads, messages and runs, and every point the docs leave open, each
// with the answers the docs allow. The mock answers the first broken rule it enforces (`mock`);
// the generated tests' model accepts any answer of any broken rule, so a correct API that checks
// the rules in another order, or reads an open point the other way, passes. The open points are
// listed with their readings in docs/decisions/0050-open-readings.md (a unit test keeps the two
// in step). No Node imports (k6-safe).
import { statusOf } from '../error-status.ts';
import type { OperationId } from '../generated/validators.js';

/** The codes the contract names for a refusal the docs give no code of their own. */
const GENERIC = ['bad_request', 'unprocessable_entity'];

/** A Chat Completions function name: what an API that keeps to that shape allows (catalog: tool-name-pattern). */
export const CHAT_COMPLETIONS_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** One rule: the code the mock answers, whether the docs make it a promise, and the codes they allow. */
export interface Rule {
  /** What the mock answers when it enforces the rule (the first of `codes`, or a generic one). */
  code: string;
  /**
   * `documented`: a request that breaks it must be refused. `open`: the docs leave it to the API
   * (refuse with one of `codes`, or accept), so the model accepts both.
   */
  reading: 'documented' | 'open';
  /** Error codes the docs allow for it; the status of each comes from the operation index. */
  codes: readonly string[];
  /** Whether the mock refuses a request that breaks it (documented rules: always). */
  mock: 'refuses' | 'accepts';
  /** When a correct API may answer it: when the message is added, at the run, or on any body. */
  when: 'add' | 'run' | 'body';
  /** The rule in words, for reports. */
  says: string;
}

export const RULES = {
  // When a message is added.
  'message-content-empty': {
    code: 'message_content_empty',
    reading: 'documented',
    codes: ['message_content_empty'],
    mock: 'refuses',
    when: 'add',
    says: 'message content must not be empty',
  },
  'message-content-blank': {
    code: 'message_content_empty',
    reading: 'open',
    codes: ['message_content_empty'],
    mock: 'refuses',
    when: 'add',
    says: 'whitespace-only content, or an assistant message that only calls tools, may count as empty',
  },
  'tool-call-unknown': {
    code: 'tool_message_has_no_matching_tool_call',
    reading: 'open',
    codes: ['tool_message_has_no_matching_tool_call'],
    mock: 'refuses',
    when: 'add',
    says: 'a tool message answers an earlier assistant tool call (refused when added, or the run refuses the thread)',
  },
  'tool-call-id-missing': {
    code: 'tool_message_has_no_matching_tool_call',
    reading: 'open',
    codes: ['tool_message_has_no_matching_tool_call', 'validation_error', ...GENERIC],
    mock: 'refuses',
    when: 'add',
    says: 'a tool message without tool_call_id answers no call; in the Chat Completions shape the field is required (422 at tool_call_id)',
  },
  'tool-call-answered-twice': {
    code: 'tool_message_has_no_matching_tool_call',
    reading: 'open',
    codes: ['tool_message_has_no_matching_tool_call', ...GENERIC],
    mock: 'accepts',
    when: 'add',
    says: 'a tool call answered a second time may be refused (when added, or at the run)',
  },
  'system-after-start': {
    code: 'bad_request',
    reading: 'open',
    codes: GENERIC,
    mock: 'refuses',
    when: 'add',
    says: 'system messages come first (refused when added, at the run, or not at all)',
  },
  'tool-calls-off-assistant': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error', ...GENERIC],
    mock: 'accepts',
    when: 'add',
    says: 'the docs give tool_calls a meaning on assistant messages only (on another role: ignored, refused, or counted)',
  },
  'tool-call-id-off-tool': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error', ...GENERIC],
    mock: 'accepts',
    when: 'add',
    says: 'the docs give tool_call_id a meaning on tool messages only (on another role: ignored or refused)',
  },
  'tool-answer-not-adjacent': {
    code: 'bad_request',
    reading: 'open',
    codes: ['tool_message_has_no_matching_tool_call', ...GENERIC],
    mock: 'accepts',
    when: 'add',
    says: 'tool messages may have to follow the tool calls directly ("must be followed by", as in Chat Completions)',
  },
  // At the run (the request's own rules, then the thread's).
  'stream-not-supported': {
    code: 'engine_does_not_support_streaming',
    reading: 'documented',
    codes: ['engine_does_not_support_streaming'],
    mock: 'refuses',
    when: 'run',
    says: 'run/stream needs a streaming assistant',
  },
  'metadata-missing': {
    code: 'request_metadata_missing_or_incomplete',
    reading: 'documented',
    codes: ['request_metadata_missing_or_incomplete'],
    mock: 'refuses',
    when: 'run',
    says: "a run carries the assistant's request_required_fields",
  },
  'metadata-missing-stream': {
    code: 'request_metadata_missing_or_incomplete',
    reading: 'open',
    codes: ['request_metadata_missing_or_incomplete'],
    mock: 'refuses',
    when: 'run',
    says: 'the docs name request_required_fields for run and chat completions, not for run/stream',
  },
  'metadata-blank': {
    code: 'request_metadata_missing_or_incomplete',
    reading: 'open',
    codes: ['request_metadata_missing_or_incomplete'],
    mock: 'refuses',
    when: 'run',
    says: 'a required field that is "", only whitespace, or a number, boolean or list may count as missing',
  },
  'tool-choice-unknown-tool': {
    code: 'bad_request',
    reading: 'open',
    codes: ['validation_error', ...GENERIC],
    mock: 'accepts',
    when: 'run',
    says: 'tool_choice may need tools and have to name one of them (as in Chat Completions)',
  },
  'stream-tools': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error', ...GENERIC],
    mock: 'accepts',
    when: 'run',
    says: 'the docs offer tool configuration on run, not on run/stream, whose chunks carry no tool calls',
  },
  'no-user-message': {
    code: 'bad_request',
    reading: 'documented',
    codes: GENERIC,
    mock: 'refuses',
    when: 'run',
    says: 'the thread must contain at least one user message',
  },
  'tool-call-unanswered': {
    code: 'bad_request',
    reading: 'documented',
    codes: GENERIC,
    mock: 'refuses',
    when: 'run',
    says: 'every assistant tool call must be followed by its tool message',
  },
  'tool-message-orphan': {
    code: 'bad_request',
    reading: 'documented',
    codes: ['tool_message_has_no_matching_tool_call', ...GENERIC],
    mock: 'refuses',
    when: 'run',
    says: 'every tool message needs the assistant tool call with its tool_call_id',
  },
  'tool-message-answers-off-assistant': {
    code: 'bad_request',
    reading: 'open',
    codes: ['tool_message_has_no_matching_tool_call', ...GENERIC],
    mock: 'refuses',
    when: 'run',
    says: 'a tool message answering a tool call of a non-assistant message (an API that counts those calls accepts it)',
  },
  'tool-calls-off-assistant-stored': {
    code: 'bad_request',
    reading: 'open',
    codes: GENERIC,
    mock: 'accepts',
    when: 'run',
    says: 'a stored non-assistant message with tool_calls (an API may count them as calls that need answers)',
  },
  'tool-call-id-off-tool-stored': {
    code: 'bad_request',
    reading: 'open',
    codes: GENERIC,
    mock: 'accepts',
    when: 'run',
    says: 'a stored non-tool message with a tool_call_id may make the thread unrunnable',
  },
  'tool-call-answered-twice-stored': {
    code: 'bad_request',
    reading: 'open',
    codes: GENERIC,
    mock: 'accepts',
    when: 'run',
    says: 'a tool call answered twice may make the thread unrunnable',
  },
  'tool-answers-not-adjacent': {
    code: 'bad_request',
    reading: 'open',
    codes: GENERIC,
    mock: 'accepts',
    when: 'run',
    says: 'tool messages that do not directly follow their tool calls may make the thread unrunnable',
  },
  'system-misplaced': {
    code: 'bad_request',
    reading: 'open',
    codes: GENERIC,
    mock: 'refuses',
    when: 'run',
    says: 'system messages come first',
  },
  'stack-ending': {
    code: 'incorrect_stack_ending',
    reading: 'documented',
    codes: ['incorrect_stack_ending'],
    mock: 'refuses',
    when: 'run',
    says: 'the thread must end on a user or tool message',
  },
  // On any body: read from the body and the request schema (contracts/stateful/open-body-points.ts).
  'unnamed-property': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error'],
    mock: 'accepts',
    when: 'body',
    says: 'the docs do not say whether properties they do not name are ignored or refused',
  },
  'field-type-open': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error'],
    mock: 'refuses',
    when: 'body',
    says: 'the docs name the field without a type (user_data.licence): another type may be refused, accepted, or count as missing (metadata-blank)',
  },
  'tool-name-pattern': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error'],
    mock: 'accepts',
    when: 'body',
    says: 'the docs give tool names no pattern; Chat Completions, whose shape we assume, allows ^[a-zA-Z0-9_-]{1,64}$ only',
  },
  'empty-list': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error'],
    mock: 'accepts',
    when: 'body',
    says: 'the docs do not say whether an empty tools or tool_calls list is allowed (Chat Completions refuses it)',
  },
  'nul-character': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error', 'bad_request'],
    mock: 'accepts',
    when: 'body',
    says: 'a string with U+0000, which many stores (PostgreSQL text) cannot hold, may be refused',
  },
  'content-type-not-json': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error'],
    mock: 'refuses',
    when: 'body',
    says: 'the contract describes application/json bodies; the docs do not say that another type must be refused',
  },
} as const satisfies Record<string, Rule>;

/** The id of a rule. */
export type RuleId = keyof typeof RULES;

/** Every rule id, in catalog order. */
export const ruleIds = Object.keys(RULES) as RuleId[];

/** A broken rule, with a detail for people. */
export interface RuleBreak {
  rule: RuleId;
  /** The code the mock answers. */
  code: string;
  detail: string;
  /** The field a validation_error refusal of it names (below the body), when it is about one field. */
  field?: Array<string | number>;
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

/** Whether the mock refuses a request that breaks this rule. */
export function mockRefuses(rule: RuleId): boolean {
  return RULES[rule].mock === 'refuses';
}

/** A broken rule with its catalog code. */
export function broken(rule: RuleId, detail: string, field?: Array<string | number>): RuleBreak {
  return field === undefined
    ? { rule, code: RULES[rule].code, detail }
    : { rule, code: RULES[rule].code, detail, field };
}
