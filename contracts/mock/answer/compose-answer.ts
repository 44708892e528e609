// The assistant's answer, deterministic so tests can name it: text from the last user message
// and the corpus entry it picks, meta_data in the assistant's schema, and, when the request
// configures tools, the documented tool-call rule (docs/decisions/0001, "Tools").
import { createHash } from 'node:crypto';
import type { components } from '../../generated/api.ts';
import type { Conversation } from '../../rules/conversation.ts';
import type { MockAssistant } from '../config/tenant-directory.ts';
import { type CorpusEntry, entryFor } from './corpus.ts';

type Source = components['schemas']['Source'];
type ToolCall = components['schemas']['ToolCall'];
type RunRequest = components['schemas']['RunRequest'];

/** What a run or chat completion answers, before ids and timestamps are added. */
export interface Answer {
  content: string;
  /** Shared between answers (and frozen): never mutate. */
  sources: readonly Source[];
  /** Shared between answers (and frozen): never mutate. */
  meta_data: Readonly<Record<string, unknown>>;
  tool_calls?: ToolCall[];
}

const NO_SOURCES: readonly Source[] = Object.freeze([]);

// The meta_data of an answer depends only on the assistant and the corpus entry, so each pair
// is built once; sharing the object also lets the reply reuse its serialised form.
const metaDataCache = new WeakMap<MockAssistant, Map<CorpusEntry, Readonly<Record<string, unknown>>>>();

function metaDataOf(assistant: MockAssistant, entry: CorpusEntry): Readonly<Record<string, unknown>> {
  let byEntry = metaDataCache.get(assistant);
  if (!byEntry) metaDataCache.set(assistant, (byEntry = new Map()));
  let meta = byEntry.get(entry);
  if (!meta)
    byEntry.set(
      entry,
      (meta = Object.freeze(
        assistant.metaData({ intent: entry.intent, legal_advice: entry.legal_advice, type: entry.type }),
      )),
    );
  return meta;
}

const QUESTION_CHARS = 160;

/** `call_` and 24 hex characters derived from the key of the message being answered. */
export function toolCallId(key: string): string {
  return `call_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

function toolName(request: RunRequest): string | undefined {
  const choice = request.tool_choice;
  if (typeof choice === 'object') return choice.function.name;
  return request.tools?.[0]?.function.name;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > QUESTION_CHARS ? `${flat.slice(0, QUESTION_CHARS - 3)}...` : flat;
}

/** The text answer to a question, and the corpus entry it cites. */
interface TextAnswer {
  entry: CorpusEntry;
  content: string;
}

// Load scripts ask the same few questions thousands of times; the answer to one is a pure
// function of it, so the last ones are kept. Cleared when full, which keeps it bounded.
const ANSWER_CACHE_SIZE = 1_000;
const answers = new Map<string, TextAnswer>();

function textAnswer(question: string): TextAnswer {
  let answer = answers.get(question);
  if (!answer) {
    if (answers.size >= ANSWER_CACHE_SIZE) answers.clear();
    const entry = entryFor(question);
    // »« rather than „“: Latin-1 keeps the string one byte a character, which V8 serialises
    // and writes faster, and German typography allows both.
    answer = { entry, content: `Zu Ihrer Frage »${quote(question)}«: ${entry.answer}` };
    answers.set(question, answer);
  }
  return answer;
}

/**
 * Answers a conversation that passed the run rules. `mayCallTools` is false for streams:
 * a stream chunk has no field for a tool call, so a stream always answers in text.
 */
export function composeAnswer(
  assistant: MockAssistant,
  conversation: Conversation,
  request: RunRequest,
  mayCallTools: boolean,
): Answer {
  const question = conversation.lastUser?.content ?? '';
  const { entry, content } = textAnswer(question);
  const meta_data = metaDataOf(assistant, entry);
  const last = conversation.last;
  const name = toolName(request);
  if (
    mayCallTools &&
    last?.role === 'user' &&
    (request.tools?.length ?? 0) > 0 &&
    request.tool_choice !== 'none' &&
    name !== undefined
  ) {
    const call: ToolCall = {
      id: toolCallId(conversation.lastKey),
      type: 'function',
      function: { name, arguments: JSON.stringify({ query: question }) },
    };
    return { content: '', sources: NO_SOURCES, meta_data, tool_calls: [call] };
  }
  const toolNote = last?.role === 'tool' ? ` Das Werkzeug meldet: »${quote(last.content)}«.` : '';
  return { content: content + toolNote, sources: entry.sources, meta_data };
}
