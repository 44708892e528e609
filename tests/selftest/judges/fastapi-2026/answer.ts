// The deterministic "agent": run options (meta_data, tool configuration), the required
// request-metadata check, and an answer derived from the stack. Same stack, same answer
// (except for fresh tool-call ids), so conformance tests can rely on its shape.
import { createHash, randomBytes } from 'node:crypto';
import { anonymize } from './anonymize.ts';
import { errors, type Json } from './errors.ts';
import { type Assistant, metaDataSchema } from './fixtures.ts';
import type { StackMsg } from './messages.ts';
import { schemaErrors } from './schema.ts';
import type { AttachmentRef, ToolCall } from './store.ts';
import { dict, enumOf, type Issues, list, type Obj, obj, opt, req, str } from './validate.ts';

export interface ToolSpec {
  name: string;
}
export type ToolChoice = 'none' | 'auto' | 'required' | { name: string };
export interface RunOptions {
  metaData: Obj | null;
  tools: ToolSpec[];
  toolChoice: ToolChoice;
}

// Fields shared by the Run body and the Chat Completions body.
export function parseRunOptions(body: Obj, iss: Issues): RunOptions | undefined {
  const before = iss.items.length;
  const metaData = opt(body, 'meta_data', ['body'], iss, (v, l, i) => {
    const md = obj(v, l, i);
    if (!md) return undefined;
    // Only the documented structure is kept; unknown keys are ignored, as pydantic does.
    const ud = opt(md, 'user_data', l, i, (u, ul, ui) => {
      const o = obj(u, ul, ui);
      if (!o) return undefined;
      const licence = opt(o, 'licence', ul, ui, str);
      return licence === undefined ? undefined : { licence };
    });
    return ud === undefined ? undefined : { user_data: ud };
  });
  const tools = opt(body, 'tools', ['body'], iss, (v, l, i) =>
    list(v, l, i)?.map((t, n) => {
      const tl = [...l, n];
      const o = obj(t, tl, i);
      if (!o) return { name: '' };
      opt(o, 'type', tl, i, (x, xl, xi) => enumOf(x, ['function'] as const, xl, xi));
      const fn = req(o, 'function', tl, i, obj);
      if (fn) {
        opt(fn, 'description', [...tl, 'function'], i, str);
        opt(fn, 'parameters', [...tl, 'function'], i, dict);
      }
      return { name: (fn && req(fn, 'name', [...tl, 'function'], i, str)) ?? '' };
    }),
  );
  const choice = opt(body, 'tool_choice', ['body'], iss, (v, l, i): ToolChoice | undefined => {
    if (typeof v === 'string') return enumOf(v, ['none', 'auto', 'required'] as const, l, i);
    const o = obj(v, l, i);
    const fn = o && req(o, 'function', l, i, obj);
    const name = fn ? req(fn, 'name', [...l, 'function'], i, str) : undefined;
    return name === undefined ? undefined : { name };
  });
  if (iss.items.length > before) return undefined;
  const toolList = tools ?? [];
  const toolChoice = choice ?? 'auto';
  if (toolChoice !== 'none' && toolChoice !== 'auto') {
    const named = typeof toolChoice === 'object' ? toolChoice.name : undefined;
    if (toolList.length === 0 || (named !== undefined && !toolList.some((t) => t.name === named))) {
      iss.add(
        'value_error',
        ['body', 'tool_choice'],
        'Value error, tool_choice needs a matching tool in tools',
        choice,
        { error: 'tool_choice needs a matching tool in tools' },
      );
      return undefined;
    }
  }
  return { metaData: metaData ?? null, tools: toolList, toolChoice };
}

// Request Metadata Validation: every field the assistant lists must be present and not null.
export function checkRequiredMetadata(a: Assistant, md: Obj | null): void {
  for (const [group, fields] of Object.entries(a.requestRequiredFields)) {
    const holder = group === '__root__' ? md : (md?.[group] as Obj | null | undefined);
    for (const f of fields) if (holder?.[f] === undefined || holder[f] === null) throw errors.metadataMissing();
  }
}

export interface Answer {
  content: string;
  sources: Json[];
  metaData: Json;
  toolCalls?: ToolCall[];
}
export type FileLookup = (ref: AttachmentRef) => { name: string; text: string } | undefined;

const LEGAL = /(recht|gesetz|klage|anwalt|kündig|frist|haftung|vertrag|legal|law|court|contract)/i;

export function generateAnswer(a: Assistant, stack: StackMsg[], opts: RunOptions, files: FileLookup): Answer {
  const question = anonymize(stack.findLast((m) => m.role === 'user')?.content ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  const topic = question.length > 80 ? `${question.slice(0, 77)}...` : question;
  const digest = createHash('sha256').update(question).digest();
  const metaData: Json = { intent: topic, legal_advice: LEGAL.test(question), type: a.metaType };
  const last = stack.at(-1);

  // Tool calling: only on a fresh user turn; "auto" calls a tool the question names.
  if (last?.role === 'user' && opts.tools.length > 0 && opts.toolChoice !== 'none') {
    const c = opts.toolChoice;
    const pick =
      typeof c === 'object'
        ? opts.tools.find((t) => t.name === c.name)
        : c === 'required'
          ? opts.tools[0]
          : opts.tools.find((t) => t.name !== '' && question.toLowerCase().includes(t.name.toLowerCase()));
    if (pick) {
      const call: ToolCall = {
        id: `call_${randomBytes(12).toString('hex')}`,
        type: 'function',
        function: { name: pick.name, arguments: JSON.stringify({ query: question }) },
      };
      return checked(a, { content: '', sources: [], metaData, toolCalls: [call] });
    }
  }

  const toolResults: string[] = [];
  for (let i = stack.length - 1; stack[i]?.role === 'tool'; i--)
    toolResults.unshift(anonymize(stack[i]?.content ?? '').trim());
  const docs = stack
    .flatMap((m) => m.attachments ?? [])
    .map(files)
    .filter((d) => d !== undefined);

  const section = `§ ${1 + ((digest[0] ?? 0) % 200)}`;
  let content = `Antwort von ${a.name} auf Ihre Frage „${topic}“: Nach ${section} ${a.sourceTitle} gilt hierzu die einschlägige Regelung; Einzelheiten finden Sie in den angegebenen Quellen.`;
  if (toolResults.length > 0) content += ` Ergebnis der Werkzeugaufrufe: ${toolResults.join(' | ')}.`;
  if (docs.length > 0) content += ` Berücksichtigte Dokumente: ${docs.map((d) => d.name).join(', ')}.`;

  const sources: Json[] = [
    {
      content: `${section} ${a.sourceTitle}: Auszug zum Thema „${topic}“.`,
      meta_data: { app_doc_id: `HI${digest.readUInt32BE(1)}`, document_title: a.sourceTitle, section },
    },
  ];
  for (const d of docs) sources.push({ content: d.text.slice(0, 300), meta_data: { document_title: d.name } });
  if (docs.length === 0 && question.split(' ').length > 8) {
    const next = `§ ${2 + ((digest[0] ?? 0) % 200)}`;
    sources.push({
      content: `${next} ${a.sourceTitle}: ergänzende Regelung.`,
      meta_data: { app_doc_id: `HI${digest.readUInt32BE(5)}`, document_title: a.sourceTitle, section: next },
    });
  }
  return checked(a, { content, sources, metaData });
}

function checked(a: Assistant, answer: Answer): Answer {
  if (schemaErrors(metaDataSchema(a), answer.metaData).length > 0) throw errors.internal();
  return answer;
}
