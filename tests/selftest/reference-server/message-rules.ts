// The documented message rules, as the readings enforce them when a message is added: Message
// Validation (under `messageValidation: on-add`), then the tool rules, then system placement
// (ruleOrder reversed: the other way round).
import type { BreakName } from './breaks.ts';
import { ApiError } from './http-io.ts';
import { type Checked, checked, checkOnAdd } from './message-validation.ts';
import type { Readings } from './readings.ts';
import type { MessageRecord, ToolCall } from './store.ts';
import { breaksAdjacency, isAnswered, isCalled } from './thread-facts.ts';

/** The message being added, as stored. */
export interface NewMessage {
  role: MessageRecord['role'];
  content: string;
  /** The tool calls it stores (an assistant's; any role's under `count-at-run`). */
  toolCalls: ToolCall[];
  toolCallId: string | null;
}

type Check = () => void;

function contentRule(message: NewMessage, messages: readonly MessageRecord[], readings: Readings): Check {
  return () => checkOnAdd(checkedNew(message), messages.map(checked), readings);
}

/** The message being added, as Message Validation reads it. */
function checkedNew(message: NewMessage): Checked {
  return {
    role: message.role,
    content: message.content,
    callCount: message.role === 'assistant' ? message.toolCalls.length : 0,
  };
}

function toolRules(
  message: NewMessage,
  messages: readonly MessageRecord[],
  readings: Readings,
  breaks: ReadonlySet<BreakName>,
): Check[] {
  const id = message.toolCallId;
  const isTool = message.role === 'tool';
  const noMatch = () => new ApiError('tool_message_has_no_matching_tool_call');
  return [
    () => {
      if (!isTool || readings.orphanTool !== 'refuse-on-add' || breaks.has('generated-orphan-tool-message-accepted'))
        return;
      if (!isCalled(messages, id, readings)) throw noMatch();
    },
    () => {
      const secondCall = messages.some(
        (m) => m.role === 'assistant' && (m.tool_calls ?? []).findIndex((call) => call.id === id) >= 1,
      );
      if (isTool && secondCall && breaks.has('generated-second-tool-call-unanswerable')) throw noMatch();
    },
    () => {
      if (isTool && readings.secondAnswer === 'refuse-on-add' && isCalled(messages, id, readings))
        if (isAnswered(messages, id)) throw noMatch();
    },
    () => {
      if (readings.toolAdjacency === 'refuse-on-add' && breaksAdjacency(messages, message.role, id))
        throw new ApiError('bad_request', {
          detail: 'Tool messages must directly follow the assistant message whose tool calls they answer',
        });
    },
  ];
}

function systemRule(message: NewMessage, messages: readonly MessageRecord[], readings: Readings): Check {
  return () => {
    if (readings.systemAfterStart !== 'refuse-on-add') return;
    if (message.role === 'system' && messages.some((m) => m.role !== 'system'))
      throw new ApiError('bad_request', { detail: 'System messages must come before all other messages' });
  };
}

/** Applies the message rules to a message added after `messages` (the thread's live ones, oldest first). */
export function checkMessageRules(
  message: NewMessage,
  messages: readonly MessageRecord[],
  readings: Readings,
  breaks: ReadonlySet<BreakName>,
): void {
  const checks = [
    contentRule(message, messages, readings),
    ...toolRules(message, messages, readings, breaks),
    systemRule(message, messages, readings),
  ];
  if (readings.ruleOrder === 'reversed') checks.reverse();
  for (const check of checks) check();
}
