// What the model reads back from an accepted answer: the id a creation handed out, the assistant
// message a run stored (from its JSON or NDJSON answer), and the messages a listing holds. The
// commands say what an answer means to the model; this module is the one place that parses it.
import { ndjsonLines } from '../check/body-text.ts';
import type { components } from '../generated/api.ts';
import type { Turn } from '../rules/conversation.ts';

type ToolCall = components['schemas']['ToolCall'];

/** The `id` of a created thread or message (undefined while planning without a target). */
export function answerId(body: unknown): string | undefined {
  return (body as { id?: string } | undefined)?.id;
}

/** One line of a run/stream answer. */
export interface StreamLine {
  message_id?: string;
  thread_id?: unknown;
  delta?: { content?: string; tool_calls?: ToolCall[] };
  tool_calls?: ToolCall[];
}

/** The lines of a run/stream answer, parsed. */
export function streamLines(raw: string): StreamLine[] {
  return ndjsonLines(raw).map((line) => JSON.parse(line) as StreamLine);
}

/**
 * The assistant message a successful run stored, read from its answer (JSON, or NDJSON when
 * streamed, whose tool calls a line may carry in its delta or beside it), marked as the API's own.
 */
export function storedAnswer(raw: string, stream: boolean): { id: string | undefined; turn: Turn } {
  if (!stream) {
    const answer = JSON.parse(raw) as { id?: string; content?: string; tool_calls?: ToolCall[] };
    return {
      id: answer.id,
      turn: {
        role: 'assistant',
        content: answer.content ?? '',
        ...(answer.tool_calls?.length ? { tool_calls: answer.tool_calls } : {}),
        answer: true,
      },
    };
  }
  const lines = streamLines(raw);
  const calls = lines.flatMap((l) => [...(l.delta?.tool_calls ?? []), ...(l.tool_calls ?? [])]);
  return {
    id: lines[0]?.message_id,
    turn: {
      role: 'assistant',
      content: lines.map((l) => l.delta?.content ?? '').join(''),
      ...(calls.length > 0 ? { tool_calls: calls } : {}),
      answer: true,
    },
  };
}
