// The documented run rules, in the order of the decisions doc (ruleOrder reversed: the other way
// round), with the readings' rules at the run, and the run request's shape.
import { bodyShapes, emptyList, shapeIssues, toolNameIssues } from './body-readings.ts';
import type { BreakName } from './breaks.ts';
import { ApiError, type ValidationIssue } from './http-io.ts';
import { checked, stackBreak } from './message-validation.ts';
import type { Readings } from './readings.ts';
import type { Assistant, MessageRecord } from './store.ts';
import {
  answeredTwice,
  answersNotAdjacent,
  orphanTools,
  strayCallIds,
  systemMisplaced,
  unansweredCalls,
} from './thread-facts.ts';
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

/**
 * The run request fields (meta_data, tools, tool_choice), shared by runs and chat completions.
 * user_data.licence is a string only under `licenceType: refuse` (the docs give it no type), and
 * null all the same: Request Metadata Validation says "All fields default to null".
 */
export function runRequestFields(c: FieldChecker, readings: Readings): void {
  c.object('meta_data', (m) =>
    m.object(
      'user_data',
      readings.licenceType === 'refuse' ? (u) => u.string('licence', { nullable: true }) : undefined,
    ),
  )
    .arrayOf('tools', toolFields)
    .custom('tool_choice', toolChoiceIssue);
}

function toolNames(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool: unknown) =>
    isObject(tool) && isObject(tool.function) && typeof tool.function.name === 'string' ? [tool.function.name] : [],
  );
}

/** The readings' refusals of a run body: its shape's, `tools: []`, a tool_choice without its tool, tools on run/stream. */
function runBodyIssues(body: Json, stream: boolean, readings: Readings): ValidationIssue[] {
  const out = shapeIssues(body, bodyShapes.run, readings);
  if (readings.emptyLists === 'refuse') out.push(...emptyList(body, 'tools'));
  out.push(...toolNameIssues(body, ['tools'], readings));
  const choice = body.tool_choice;
  if (readings.toolChoice === 'refuse' && choice !== undefined) {
    const names = toolNames(body.tools);
    const named = isObject(choice) && isObject(choice.function) ? choice.function.name : undefined;
    if (names.length === 0 || (typeof named === 'string' && !names.includes(named)))
      out.push({
        loc: ['body', 'tool_choice'],
        message: names.length === 0 ? 'tool_choice needs tools' : `tool_choice names no tool of the request`,
        type: 'value_error',
      });
  }
  if (stream && readings.streamTools === 'refuse' && (body.tools !== undefined || choice !== undefined))
    out.push({
      loc: ['body', body.tools !== undefined ? 'tools' : 'tool_choice'],
      message: 'run/stream answers in text; tools belong to POST /v1/threads/{thread_id}/run',
      type: 'extra_forbidden',
    });
  return out;
}

/** Validates the optional run body; undefined when there is none. */
export function checkRunRequest(body: unknown, stream: boolean, readings: Readings): Json | undefined {
  if (body === undefined) return undefined;
  return checkObjectBody(
    body,
    (c) => runRequestFields(c, readings),
    (b) => runBodyIssues(b, stream, readings),
  );
}

function isMissing(value: unknown, readings: Readings): boolean {
  if (value === undefined || value === null) return true;
  // A number, boolean or list (an object holds nested fields) does not fill a field under `licenceType: missing`.
  if (
    readings.licenceType === 'missing' &&
    typeof value !== 'string' &&
    (typeof value !== 'object' || Array.isArray(value))
  )
    return true;
  if (readings.blankMetadata === 'present' || typeof value !== 'string') return false;
  return readings.blankMetadata === 'blank' ? value.trim() === '' : value === '';
}

/** The request_required_fields paths that the request's meta_data lacks, as "user_data.licence". */
export function missingMetadata(assistant: Assistant, request: Json | undefined, readings: Readings): string[] {
  const metaData = request?.meta_data;
  const missing: string[] = [];
  for (const [path, fields] of Object.entries(assistant.request_required_fields)) {
    const holder = path === '__root__' ? metaData : isObject(metaData) ? metaData[path] : undefined;
    for (const field of fields) {
      const value = isObject(holder) ? holder[field] : undefined;
      if (isMissing(value, readings)) missing.push(path === '__root__' ? field : `${path}.${field}`);
    }
  }
  return missing;
}

/**
 * One run rule: whether it is broken, the refusal, and its break: `skip` leaves the rule out,
 * `answer` answers the run outright (the rules after it are not applied).
 */
interface RunRule {
  broken(): boolean;
  refusal(): ApiError;
  breakName?: BreakName;
  onBreak?: 'skip' | 'answer';
}

function badRequest(detail: string): () => ApiError {
  return () => new ApiError('bad_request', { detail });
}

/**
 * Applies the run rules to a thread's messages, in the documented order: a run/stream of a
 * non-streaming assistant (422), required request metadata (422), a user message (422), every
 * tool call answered, the readings' rules at the run (400 bad_request), Message Validation's
 * content and list rules (422 unprocessable_entity), and the last message a user or tool one
 * (422 incorrect_stack_ending, the 2026 pages' answer; the older pages' 400 would do as well).
 */
export function checkRunRules(
  assistant: Assistant,
  messages: MessageRecord[],
  request: Json | undefined,
  options: { stream: boolean; breaks: ReadonlySet<BreakName>; readings: Readings },
): void {
  const { breaks, readings, stream } = options;
  const missing = () => missingMetadata(assistant, request, readings);
  const rules: RunRule[] = [
    {
      broken: () => stream && !assistant.streaming,
      refusal: () => new ApiError('engine_does_not_support_streaming'),
      breakName: 'streaming-not-enforced',
      onBreak: 'skip',
    },
    {
      broken: () => !(stream && readings.streamMetadata === 'ignore') && missing().length > 0,
      refusal: () =>
        new ApiError('request_metadata_missing_or_incomplete', {
          detail: `Request metadata is missing or incomplete: ${missing().join(', ')}`,
        }),
      breakName: 'metadata-not-enforced',
      onBreak: 'skip',
    },
    {
      // No page gives this rule a status: answered as the 2026 pages answer the stack rules, 422.
      broken: () => !messages.some((m) => m.role === 'user'),
      refusal: () =>
        new ApiError('unprocessable_entity', { detail: 'The thread must contain at least one user message' }),
      breakName: 'rule-no-user-message-not-enforced',
      onBreak: 'answer',
    },
    {
      broken: () => unansweredCalls(messages, readings).length > 0,
      refusal: () =>
        new ApiError('bad_request', {
          detail: `Tool calls without a tool message: ${unansweredCalls(messages, readings).join(', ')}`,
        }),
      breakName: 'tool-rule-not-enforced',
      onBreak: 'answer',
    },
    {
      broken: () => readings.orphanTool === 'refuse-at-run' && orphanTools(messages, readings).length > 0,
      refusal: badRequest('A tool message of the thread answers no earlier tool call'),
      breakName: 'generated-orphan-tool-message-accepted',
      onBreak: 'skip',
    },
    {
      broken: () => readings.secondAnswer === 'refuse-at-run' && answeredTwice(messages, readings).length > 0,
      refusal: badRequest('A tool call of the thread has more than one tool message'),
    },
    {
      broken: () => readings.offRoleToolCallId === 'refuse-at-run' && strayCallIds(messages).length > 0,
      refusal: badRequest('A message of the thread that is not a tool message carries a tool_call_id'),
    },
    {
      broken: () => readings.toolAdjacency === 'refuse-at-run' && answersNotAdjacent(messages),
      refusal: badRequest('Tool messages of the thread do not directly follow their tool calls'),
    },
    {
      broken: () => readings.systemAfterStart === 'refuse-at-run' && systemMisplaced(messages),
      refusal: badRequest('System messages must come before all other messages'),
    },
    {
      // Message Validation's content and list rules, over the whole stack (a message may have been
      // stored under `messageValidation: at-run`, or a deletion may have broken its place).
      broken: () => stackBreak(messages.map(checked), readings) !== undefined,
      refusal: () =>
        new ApiError('unprocessable_entity', { detail: stackBreak(messages.map(checked), readings) ?? '' }),
    },
    {
      broken: () => {
        const last = messages[messages.length - 1];
        return last?.role !== 'user' && last?.role !== 'tool';
      },
      // Message Validation's 422 (the 2026 pages), with the code of the newer chat page.
      refusal: () => new ApiError('incorrect_stack_ending', { status: 422 }),
      breakName: 'stack-ending-not-enforced',
      onBreak: 'skip',
    },
  ];
  if (readings.ruleOrder === 'reversed') rules.reverse();
  for (const rule of rules) {
    if (!rule.broken()) continue;
    if (rule.breakName !== undefined && breaks.has(rule.breakName)) {
      if (rule.onBreak === 'answer') return;
      continue;
    }
    throw rule.refusal();
  }
}
