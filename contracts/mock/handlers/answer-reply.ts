// An answer as the contract shapes it: one JSON document (RunResponse, ChatCompletionResponse),
// or NDJSON chunks (RunStreamChunk) whose contents, joined, are the answer and whose last
// chunk carries the sources.
import type { components } from '../../generated/api.ts';
import type { Answer } from '../answer/compose-answer.ts';
import type { Reply } from '../http/respond.ts';

type RunStreamChunk = components['schemas']['RunStreamChunk'];
type Source = components['schemas']['Source'];

// Enough chunks to exercise a client's line reader, few enough to stay cheap.
const MAX_CHUNKS = 6;

// The serialised form of the shared, frozen parts of answers (sources, meta_data).
const serialised = new WeakMap<object, string>();

function json(value: object): string {
  let text = serialised.get(value);
  if (text === undefined) serialised.set(value, (text = JSON.stringify(value)));
  return text;
}

/**
 * The answer as one JSON document, the fields in the contract's order. It is written as text
 * around the cached parts: serialising the same long sources on every run was the largest
 * single cost of a run.
 */
export function jsonAnswer(answer: Answer, id: string, threadId: string | null, createdAt: string): Reply {
  const calls = answer.tool_calls ? `,"tool_calls":${JSON.stringify(answer.tool_calls)}` : '';
  const text =
    `{"id":${JSON.stringify(id)},"thread_id":${JSON.stringify(threadId)},"role":"assistant","content":${JSON.stringify(answer.content)},` +
    `"created_at":${JSON.stringify(createdAt)},"meta_data":${json(answer.meta_data)},"sources":${json(answer.sources)}${calls}}`;
  return { status: 200, jsonText: text };
}

/** Splits text at word ends into at most MAX_CHUNKS pieces that join back to it exactly. */
export function pieces(text: string): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [''];
  const size = Math.ceil(words.length / MAX_CHUNKS);
  const out: string[] = [];
  for (let i = 0; i < words.length; i += size) out.push(words.slice(i, i + size).join(''));
  return out;
}

/** The answer as NDJSON chunks. */
export function streamAnswer(answer: Answer, messageId: string, threadId: string | null, createdAt: string): Reply {
  const parts = pieces(answer.content);
  const chunks: RunStreamChunk[] = parts.map((content, i) => ({
    created_at: createdAt,
    delta: { content, role: 'assistant', sources: i === parts.length - 1 ? (answer.sources as Source[]) : null },
    message_id: messageId,
    thread_id: threadId,
  }));
  return { status: 200, ndjson: chunks };
}
