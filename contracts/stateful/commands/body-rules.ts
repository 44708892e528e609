// What the rules read from a request body, for the commands that send one: a message body as the
// turn the rules judge, the open points of an invalid message body whose role can still be read,
// and the rules a body breaks on its own, whatever thread it goes to.

import type { Verdict } from '../../check/step-verdict.ts';
import type { components } from '../../generated/api.ts';
import { offRoleBreaks, ownMessageBreaks, type Turn } from '../../rules/conversation.ts';
import { contentBreaks } from '../../rules/message-content.ts';
import type { RuleBreak } from '../../rules/rule-catalog.ts';
import { runBodyBreaks } from '../../rules/run-request.ts';
import { ruleVerdict } from '../verdict.ts';
import { ACCEPT } from './command.ts';

type ToolCall = components['schemas']['ToolCall'];

const ROLES: ReadonlySet<unknown> = new Set(['user', 'system', 'assistant', 'tool']);

/**
 * The message as sent: its tool fields whatever its role and type (the rules say what each means
 * on which role; one off its role may be taken whatever it holds, since it is ignored).
 */
export function messageTurn(value: Record<string, unknown>): Turn {
  return {
    role: value.role as Turn['role'],
    // A body without content (or with another type) reads as "": what a FastAPI default makes of it.
    content: typeof value.content === 'string' ? value.content : '',
    ...(value.tool_calls !== undefined && value.tool_calls !== null
      ? { tool_calls: value.tool_calls as ToolCall[] }
      : {}),
    ...(value.tool_call_id !== undefined && value.tool_call_id !== null
      ? { tool_call_id: value.tool_call_id as string }
      : {}),
  };
}

/**
 * The rules an invalid message body's own fields break, when its role can still be read: its
 * content rules (read as a FastAPI service reads it) and its tool fields off their role.
 */
export function rawMessageBreaks(raw: unknown): RuleBreak[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const value = raw as Record<string, unknown>;
  if (!ROLES.has(value.role)) return [];
  const turn = messageTurn(value);
  return [...contentBreaks(turn), ...offRoleBreaks(turn)];
}

/** The operations whose bodies break rules of their own. */
export type BodyOperation = 'createMessage' | 'createRun' | 'createRunStream';

/** The verdict of the rules a body breaks on its own, whatever thread it is sent to. */
export function ownBodyVerdict(op: BodyOperation, value: Record<string, unknown> | undefined): Verdict {
  if (value === undefined) return ACCEPT;
  if (op === 'createMessage') return ruleVerdict(op, ROLES.has(value.role) ? ownMessageBreaks(messageTurn(value)) : []);
  return ruleVerdict(op, runBodyBreaks(value, op === 'createRunStream'));
}
