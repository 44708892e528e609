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

/** The assistant message a successful run stored, read from its answer (JSON, or NDJSON when streamed). */
export function storedAnswer(raw: string, stream: boolean): { id: string | undefined; turn: Turn } {
  if (!stream) {
    const answer = JSON.parse(raw) as { id?: string; content?: string; tool_calls?: ToolCall[] };
    return {
      id: answer.id,
      turn: {
        role: 'assistant',
        content: answer.content ?? '',
        ...(answer.tool_calls?.length ? { tool_calls: answer.tool_calls } : {}),
      },
    };
  }
  const lines = ndjsonLines(raw).map(
    (line) => JSON.parse(line) as { message_id?: string; delta?: { content?: string } },
  );
  return {
    id: lines[0]?.message_id,
    turn: { role: 'assistant', content: lines.map((l) => l.delta?.content ?? '').join('') },
  };
}
