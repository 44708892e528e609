// The assistant's answers: a fixed legal text with sources, or a tool call when tools are configured.
import { createHash, randomUUID } from 'node:crypto';
import type { BreakName } from './breaks.ts';
import type { MessageRecord, ToolCall } from './store.ts';
import { isObject, type Json } from './validate.ts';

/** One documented source of an answer. */
export interface Source {
  content: string;
  meta_data: { document_title: string; section: string };
}

/** What a run answers, before it is shaped for the wire. */
export interface Answer {
  id: string;
  content: string;
  tool_calls?: ToolCall[];
  meta_data: { intent: string; legal_advice: boolean; type: string };
  sources: Source[];
}

const answerType = randomUUID();

const textSources: Source[] = [
  {
    content:
      '§ 622 Abs. 3 BGB: Während einer vereinbarten Probezeit, längstens für die Dauer von sechs Monaten, kann das Arbeitsverhältnis mit einer Frist von zwei Wochen gekündigt werden.',
    meta_data: { document_title: 'Bürgerliches Gesetzbuch (BGB)', section: '§ 622 Abs. 3' },
  },
];

/** The function a configured run calls, or undefined when the run answers in text. */
function calledTool(request: Json | undefined, last: MessageRecord | undefined): string | undefined {
  if (!request || last?.role !== 'user') return undefined;
  const tools = request.tools;
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const choice = request.tool_choice;
  if (choice === 'none') return undefined;
  if (isObject(choice) && isObject(choice.function) && typeof choice.function.name === 'string') {
    return choice.function.name;
  }
  const first: unknown = tools[0];
  if (isObject(first) && isObject(first.function) && typeof first.function.name === 'string')
    return first.function.name;
  return undefined;
}

/**
 * The answer to a thread's messages. With tools configured, a non-"none" tool_choice and a user
 * message last, it is a call of the chosen (else the first) tool, as the decisions doc says.
 */
export function buildAnswer(messages: MessageRecord[], request: Json | undefined): Answer {
  const last = messages[messages.length - 1];
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const question = lastUser?.content ?? '';
  const meta_data = { intent: question.slice(0, 60) || 'Allgemeine Frage', legal_advice: false, type: answerType };
  const tool = calledTool(request, last);
  if (tool !== undefined && last) {
    const id = `call_${createHash('sha256').update(last.id).digest('hex').slice(0, 24)}`;
    return {
      id: randomUUID(),
      content: '',
      tool_calls: [
        { id, type: 'function', function: { name: tool, arguments: JSON.stringify({ query: last.content }) } },
      ],
      meta_data,
      sources: [],
    };
  }
  const lastTool = last?.role === 'tool' ? ` (Werkzeug: ${last.content.slice(0, 40)})` : '';
  return {
    id: randomUUID(),
    content: `Während der Probezeit beträgt die Kündigungsfrist gemäß § 622 Abs. 3 BGB zwei Wochen.${lastTool} Diese Frist gilt für beide Seiten.`,
    meta_data,
    sources: textSources,
  };
}

/** The run answer as the wire carries it, with the break (if any) applied. */
export function runAnswerBody(
  answer: Answer,
  threadId: string,
  createdAt: string,
  breaks: ReadonlySet<BreakName>,
): Json {
  const body: Json = {
    id: answer.id,
    thread_id: breaks.has('run-wrong-thread-id') ? randomUUID() : threadId,
    role: 'assistant',
    content: answer.content,
    created_at: breaks.has('created-at-no-zone') ? createdAt.replace(/Z$/, '') : createdAt,
    meta_data: breaks.has('run-mistyped-field')
      ? { ...answer.meta_data, legal_advice: String(answer.meta_data.legal_advice) }
      : answer.meta_data,
    sources: answer.sources,
  };
  if (answer.tool_calls) body.tool_calls = answer.tool_calls;
  if (breaks.has('run-missing-field')) delete body.sources;
  return body;
}

/** The answer as NDJSON chunks: its content in pieces, the sources on the last chunk. */
export function streamChunks(
  answer: Answer,
  threadId: string | null,
  createdAt: string,
  breaks: ReadonlySet<BreakName>,
): Json[] {
  const words = answer.content.split(/(?<= )/);
  const size = Math.max(1, Math.ceil(words.length / 3));
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += size) pieces.push(words.slice(i, i + size).join(''));
  if (pieces.length === 0) pieces.push('');
  const chunks: Json[] = pieces.map((content, index) => ({
    created_at: createdAt,
    delta: { content, role: 'assistant', sources: index === pieces.length - 1 ? answer.sources : null },
    message_id: answer.id,
    thread_id: threadId,
  }));
  if (breaks.has('stream-bad-chunk') && chunks[0]) delete chunks[0].message_id;
  const last = chunks[chunks.length - 1];
  if (breaks.has('generated-stream-line-other-message-id') && last && chunks.length > 1) last.message_id = randomUUID();
  return chunks;
}
