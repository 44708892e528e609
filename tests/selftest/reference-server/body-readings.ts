// The open points of a request body, as the readings decide them: a content type other than JSON,
// properties the docs do not name, empty lists, U+0000 in a string, and tool fields on a role the
// docs do not give them. Each refusal is a validation issue naming its place, like the schema's.
import type { IncomingMessage } from 'node:http';
import { invalid, type ValidationIssue } from './http-io.ts';
import type { Readings } from './readings.ts';
import { isObject, type Json, parseBody } from './validate.ts';

/** The properties the docs name on an object, and below each the shape of its value (null: not checked). */
export interface Shape {
  readonly [name: string]: Shape | null;
}

const toolCall: Shape = { id: null, type: null, function: { name: null, arguments: null } };
// meta_data and a tool's parameters are free by nature: an assistant names its required fields in
// the one, the other is a JSON Schema.
const tool: Shape = { type: null, function: { name: null, description: null, parameters: null } };
const attachment: Shape = { file_id: null, user_id: null, base_url: null };

/** The documented body of each operation whose unnamed properties `extraFields: refuse` refuses. */
export const bodyShapes = {
  createThread: { assistant_id: null, user_id: null, title: null },
  createMessage: { role: null, content: null, tool_calls: toolCall, tool_call_id: null, attachments: attachment },
  run: { meta_data: null, tools: tool, tool_choice: { type: null, function: { name: null } } },
} as const satisfies Record<string, Shape>;

type Loc = Array<string | number>;

/** Reads the JSON body; under `wrongContentType: refuse`, a body sent as another type is refused unread. */
export function readJson(req: IncomingMessage, text: string, required: boolean, readings: Readings): unknown {
  if (readings.wrongContentType === 'refuse' && text.trim() !== '') {
    const raw = req.headers['content-type'] ?? '';
    const mediaType = raw.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      invalid([
        {
          loc: ['body'],
          message: `Input should be a JSON object sent as application/json. Got content-type ${JSON.stringify(raw)}.`,
          type: 'model_attributes_type',
        },
      ]);
    }
  }
  return parseBody(text, required);
}

/** The properties of `value` (and of its named objects and lists below) that `shape` does not name. */
export function unnamedProperties(value: unknown, shape: Shape, loc: Loc = ['body']): ValidationIssue[] {
  if (!isObject(value)) return [];
  const out: ValidationIssue[] = [];
  for (const [name, inner] of Object.entries(value)) {
    if (!Object.hasOwn(shape, name)) {
      out.push({ loc: [...loc, name], message: 'Extra inputs are not permitted', type: 'extra_forbidden' });
      continue;
    }
    const below = shape[name];
    if (!below) continue;
    if (Array.isArray(inner)) {
      for (const [i, item] of inner.entries()) out.push(...unnamedProperties(item, below, [...loc, name, i]));
    } else out.push(...unnamedProperties(inner, below, [...loc, name]));
  }
  return out;
}

/** Every string (property names included) that holds U+0000, anywhere in the body. */
export function nulStrings(value: unknown, loc: Loc = ['body']): ValidationIssue[] {
  const issue = (at: Loc): ValidationIssue => ({
    loc: at,
    message: 'String should not contain the NUL character (U+0000)',
    type: 'string_pattern_mismatch',
  });
  if (typeof value === 'string') return value.includes('\u0000') ? [issue(loc)] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulStrings(item, [...loc, i]));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([name, inner]) => [
    ...(name.includes('\u0000') ? [issue([...loc, name])] : []),
    ...nulStrings(inner, [...loc, name]),
  ]);
}

/** `field: []` refused, as Chat Completions does. */
export function emptyList(body: Json, field: string): ValidationIssue[] {
  const value = body[field];
  return Array.isArray(value) && value.length === 0
    ? [{ loc: ['body', field], message: 'List should have at least 1 item after validation, not 0', type: 'too_short' }]
    : [];
}

/** The issues the readings find in a body of this shape: unnamed properties, U+0000. */
export function shapeIssues(body: Json, shape: Shape, readings: Readings): ValidationIssue[] {
  return [
    ...(readings.extraFields === 'refuse' ? unnamedProperties(body, shape) : []),
    ...(readings.nul === 'refuse' ? nulStrings(body) : []),
  ];
}

const roles: ReadonlySet<unknown> = new Set(['user', 'system', 'tool', 'assistant']);

// Written from the Chat Completions reference, not taken from the suite's model.
const functionName = /^[a-zA-Z0-9_-]{1,64}$/;

/** Under `toolNames: chat-completions`, the function names in these lists (`<list>.<i>.function.name`) outside the pattern. */
export function toolNameIssues(body: Json, lists: readonly string[], readings: Readings): ValidationIssue[] {
  if (readings.toolNames !== 'chat-completions') return [];
  const out: ValidationIssue[] = [];
  const check = (name: unknown, loc: Array<string | number>) => {
    if (typeof name === 'string' && !functionName.test(name))
      out.push({ loc, message: 'String should match pattern ^[a-zA-Z0-9_-]{1,64}$', type: 'string_pattern_mismatch' });
  };
  for (const list of lists) {
    const items = body[list];
    if (!Array.isArray(items)) continue;
    for (const [i, item] of items.entries())
      if (isObject(item) && isObject(item.function)) check(item.function.name, ['body', list, i, 'function', 'name']);
  }
  const choice = body.tool_choice;
  if (lists.includes('tools') && isObject(choice) && isObject(choice.function))
    check(choice.function.name, ['body', 'tool_choice', 'function', 'name']);
  return out;
}

/** The issues of a message body under the readings: its shape's, `tool_calls: []`, tool fields off their role or missing on a tool message. */
export function messageBodyIssues(body: Json, readings: Readings): ValidationIssue[] {
  const out = shapeIssues(body, bodyShapes.createMessage, readings);
  if (readings.emptyLists === 'refuse') out.push(...emptyList(body, 'tool_calls'));
  out.push(...toolNameIssues(body, ['tool_calls'], readings));
  if (!roles.has(body.role)) return out;
  const offRole = (field: string) => ({
    loc: ['body', field],
    message: `${field} is not allowed on a ${String(body.role)} message`,
    type: 'extra_forbidden',
  });
  const present = (value: unknown) => value !== undefined && value !== null;
  if (readings.offRoleToolCalls === 'refuse-on-add' && body.role !== 'assistant' && present(body.tool_calls))
    out.push(offRole('tool_calls'));
  if (readings.offRoleToolCallId === 'refuse-on-add' && body.role !== 'tool' && present(body.tool_call_id))
    out.push(offRole('tool_call_id'));
  if (readings.missingToolCallId !== 'required' || body.role !== 'tool') return out;
  if (!present(body.tool_call_id))
    out.push({ loc: ['body', 'tool_call_id'], message: 'Field required', type: 'missing' });
  else if (body.tool_call_id === '')
    out.push({
      loc: ['body', 'tool_call_id'],
      message: 'String should have at least 1 character',
      type: 'string_too_short',
    });
  return out;
}
