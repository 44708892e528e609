// The deterministic "assistant": the same stack always gives the same content, sources and
// meta_data, derived from the last user message (anonymized first, as the Anonymization
// guide says downstream services only see the anonymized form), tool results and attachments.
import { randomBytes } from 'node:crypto';
import type { Assistant } from './catalog.ts';
import type { MessageData, Source, ToolCall } from './message-store.ts';
import { type ToolChoice, type ToolDef, toolToCall } from './tool-config.ts';

export interface AnswerRequest {
  assistant: Assistant;
  stack: MessageData[];
  tools?: ToolDef[] | null;
  toolChoice?: ToolChoice | null;
}
export interface Answer {
  content: string;
  sources: Source[];
  metaData: Record<string, unknown>;
  toolCalls?: ToolCall[];
}

// Anonymization guide entity list, most specific patterns first so digits are not claimed twice.
const PII: [RegExp, string][] = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '<EMAIL_ADDRESS>'],
  [/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b/g, '<IBAN>'],
  [/\b(?:\d{4}[ -]?){3}\d{1,4}\b/g, '<CREDIT_CARD_NUMBER>'],
  [/\b\d{8}[A-Z]\d{3}\b/g, '<SSN_DE>'],
  [/\b\d{2} ?\d{3} ?\d{3} ?\d{3}\b/g, '<TAX_ID>'],
  [/(?:\+\d{1,3}[ -]?|\b0)\d{2,5}[ /-]?\d{3,10}\b/g, '<PHONE_NUMBER>'],
];

export function anonymize(text: string): string {
  return PII.reduce((out, [pattern, tag]) => out.replace(pattern, tag), text);
}

const LIBRARY: Source[] = [
  {
    content:
      '§ 622 Abs. 3 BGB: Während einer vereinbarten Probezeit, längstens für die Dauer von sechs Monaten, kann das Arbeitsverhältnis mit einer Frist von zwei Wochen gekündigt werden.',
    meta_data: { app_doc_id: 'HI1234567', document_title: 'Bürgerliches Gesetzbuch (BGB)', section: '§ 622 Abs. 3' },
  },
  {
    content: '§ 9 EStG: Werbungskosten sind Aufwendungen zur Erwerbung, Sicherung und Erhaltung der Einnahmen.',
    meta_data: { app_doc_id: 'HI2345678', document_title: 'Einkommensteuergesetz (EStG)', section: '§ 9 Abs. 1' },
  },
  {
    content:
      '§ 167 Abs. 2 SGB IX: Sind Beschäftigte innerhalb eines Jahres länger als sechs Wochen arbeitsunfähig, klärt der Arbeitgeber die Möglichkeiten eines betrieblichen Eingliederungsmanagements.',
    meta_data: { app_doc_id: 'HI3456789', document_title: 'Sozialgesetzbuch IX (SGB IX)', section: '§ 167 Abs. 2' },
  },
];

const LEGAL_HINT = /recht|gesetz|kündig|klage|anwalt|vertrag|legal|law|court|contract/i;

function checksum(text: string): number {
  let sum = 0;
  for (const ch of text) sum = (sum * 31 + (ch.codePointAt(0) ?? 0)) % 1_000_003;
  return sum;
}

/** The meta_data of an answer, built from the assistant's own response schema. */
function metaDataFor(assistant: Assistant, question: string): Record<string, unknown> {
  const props = assistant.metaDataResponseSchema.properties as Record<string, { const?: unknown }>;
  const intent = question
    .replace(/\s+/g, ' ')
    .slice(0, 80)
    .replace(/[?!.]+$/, '');
  return { intent, legal_advice: LEGAL_HINT.test(question), type: props.type?.const };
}

/** Arguments for a tool call: every required string parameter gets the question. */
function argumentsFor(tool: ToolDef, question: string): string {
  const params = tool.function.parameters;
  const props = (params?.properties ?? {}) as Record<string, { type?: unknown }>;
  const required = Array.isArray(params?.required) ? (params.required as unknown[]) : Object.keys(props);
  const args: Record<string, unknown> = {};
  for (const name of required) {
    if (typeof name !== 'string') continue;
    const type = props[name]?.type;
    args[name] =
      type === 'integer' || type === 'number'
        ? 1
        : type === 'boolean'
          ? true
          : type === 'array'
            ? []
            : type === 'object'
              ? {}
              : question;
  }
  return JSON.stringify(args);
}

export function composeAnswer({ assistant, stack, tools, toolChoice }: AnswerRequest): Answer {
  const lastUserIndex = stack.map((m) => m.role).lastIndexOf('user');
  const question = anonymize(stack[lastUserIndex]?.content ?? '')
    .trim()
    .slice(0, 500);
  const metaData = metaDataFor(assistant, question);

  if (stack[stack.length - 1]?.role === 'user') {
    const tool = toolToCall(tools, toolChoice, question);
    if (tool) {
      const call: ToolCall = {
        id: `call_${randomBytes(12).toString('hex')}`,
        type: 'function',
        function: { name: tool.function.name, arguments: argumentsFor(tool, question) },
      };
      return { content: '', sources: [], metaData, toolCalls: [call] };
    }
  }

  const pick = checksum(question);
  const first = LIBRARY[pick % LIBRARY.length] as Source;
  const sources: Source[] = [first];
  const attachment = stack.flatMap((m) => m.attachments ?? []).at(-1);
  if (attachment) {
    sources.push({
      content: anonymize(attachment.text).slice(0, 300),
      meta_data: { document_title: attachment.fileName, file_id: attachment.file_id },
    });
  } else if (question.split(/\s+/).length % 2 === 0) {
    sources.push(LIBRARY[(pick + 1) % LIBRARY.length] as Source);
  }

  const section = String(first.meta_data?.section ?? '');
  const parts = [
    `${assistant.name} zu Ihrer Frage „${question}“: Maßgeblich ist ${section} (${String(first.meta_data?.document_title ?? '')}).`,
  ];
  const toolResults = stack
    .slice(lastUserIndex + 1)
    .filter((m) => m.role === 'tool')
    .map((m) => anonymize(m.content ?? '').trim());
  if (toolResults.length > 0) parts.push(`Ergebnis der Werkzeugaufrufe: ${toolResults.join(' | ')}.`);
  if (attachment) parts.push(`Berücksichtigtes Dokument: ${attachment.fileName}.`);
  parts.push('Diese Antwort wurde mit Haufe Expertenwissen erzeugt.');
  return { content: parts.join(' '), sources, metaData };
}

/** Splits content for streaming into pieces of a few words; joined they give the content back. */
export function streamPieces(content: string): string[] {
  const words = content.match(/\S+\s*/g) ?? [''];
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += 4) pieces.push(words.slice(i, i + 4).join(''));
  return pieces;
}

/** Enough of JSON Schema to check answers against an assistant's meta_data_response_schema. */
export function conformsTo(schema: Record<string, unknown>, value: unknown): boolean {
  const typeOk: Record<string, (v: unknown) => boolean> = {
    object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    array: Array.isArray,
    string: (v) => typeof v === 'string',
    boolean: (v) => typeof v === 'boolean',
    number: (v) => typeof v === 'number',
    integer: (v) => Number.isInteger(v),
    null: (v) => v === null,
  };
  if (typeof schema.type === 'string' && !(typeOk[schema.type]?.(value) ?? false)) return false;
  if ('const' in schema && schema.const !== value) return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    if (Array.isArray(schema.required) && !schema.required.every((k) => typeof k === 'string' && k in record))
      return false;
    for (const [key, item] of Object.entries(record)) {
      const sub = props[key];
      if (sub ? !conformsTo(sub, item) : schema.additionalProperties === false) return false;
    }
  }
  if (Array.isArray(value) && typeof schema.items === 'object' && schema.items !== null) {
    return value.every((item) => conformsTo(schema.items as Record<string, unknown>, item));
  }
  return true;
}
