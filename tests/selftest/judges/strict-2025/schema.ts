// A small strict validator. It never converts JSON types (a "5" is not a number), refuses
// unknown object keys, and reports every problem in the older pages' validation shape
// ({loc, message, type}), with pydantic-v2 wording because the service is a FastAPI app.

export type Loc = (string | number)[];
export interface Issue {
  loc: Loc;
  message: string;
  type: string;
}

export type Schema =
  | {
      kind: 'string';
      format?: 'uuid';
      minLength?: number;
      maxLength?: number;
      oneOf?: readonly string[];
      pattern?: RegExp;
    }
  | { kind: 'boolean' }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'object'; fields: Record<string, Field> }
  | { kind: 'array'; items: Schema; minItems?: number; maxItems?: number }
  | { kind: 'json-object' } // free-form JSON object, e.g. a tool's JSON-schema parameters
  | { kind: 'tagged'; tag: string; variants: Record<string, Record<string, Field>> }
  | { kind: 'either'; ifString: Schema; otherwise: Schema } // tool_choice: "auto" or {...}
  | { kind: 'nullable'; inner: Schema };

export interface Field {
  schema: Schema;
  required?: boolean;
}

// Constructors keep the request schemas short and readable.
export const str = (o: Omit<Extract<Schema, { kind: 'string' }>, 'kind'> = {}): Schema => ({ kind: 'string', ...o });
export const uuid: Schema = { kind: 'string', format: 'uuid' };
export const bool: Schema = { kind: 'boolean' };
export const int = (min?: number, max?: number): Schema => ({
  kind: 'integer',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
export const obj = (fields: Record<string, Field>): Schema => ({ kind: 'object', fields });
export const arr = (items: Schema, minItems?: number, maxItems?: number): Schema => ({
  kind: 'array',
  items,
  ...(minItems === undefined ? {} : { minItems }),
  ...(maxItems === undefined ? {} : { maxItems }),
});
export const nullable = (inner: Schema): Schema => ({ kind: 'nullable', inner });
export const req = (schema: Schema): Field => ({ schema, required: true });
export const opt = (schema: Schema): Field => ({ schema });

// Hyphenated 8-4-4-4-12 hex only. Version/variant nibbles are NOT checked: the docs' own
// example ids (e.g. user_id f8e7d6c5-4321-fedc-ba98-765432109876) are not RFC-4122 valid.
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const isUuid = (v: string): boolean => UUID_RE.test(v);
// A lone UTF-16 surrogate is "broken Unicode" (Message Validation: content must be valid UTF-8).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const quoteList = (xs: readonly string[]): string =>
  xs.length === 1
    ? `'${xs[0]}'`
    : `${xs
        .slice(0, -1)
        .map((x) => `'${x}'`)
        .join(', ')} or '${xs[xs.length - 1]}'`;

/** Validates `value`; pushes issues; returns the normalized value (uuids lower-cased). */
export function check(schema: Schema, value: unknown, loc: Loc, issues: Issue[]): unknown {
  const bad = (message: string, type: string): undefined => {
    issues.push({ loc, message, type });
    return undefined;
  };
  switch (schema.kind) {
    case 'nullable':
      return value === null ? null : check(schema.inner, value, loc, issues);
    case 'string': {
      if (schema.format === 'uuid') {
        if (typeof value !== 'string') return bad('UUID input should be a string, bytes or UUID object', 'uuid_type');
        if (!isUuid(value)) return bad('Input should be a valid UUID', 'uuid_parsing');
        return value.toLowerCase();
      }
      if (typeof value !== 'string') return bad('Input should be a valid string', 'string_type');
      if (LONE_SURROGATE.test(value))
        return bad('Input should be a valid string, unable to parse raw data as a unicode string', 'string_unicode');
      if (schema.oneOf && !schema.oneOf.includes(value))
        return bad(`Input should be ${quoteList(schema.oneOf)}`, 'enum');
      const length = [...value].length; // code points, as Python counts characters
      if (schema.minLength !== undefined && length < schema.minLength)
        return bad(
          `String should have at least ${schema.minLength} character${schema.minLength === 1 ? '' : 's'}`,
          'string_too_short',
        );
      if (schema.maxLength !== undefined && length > schema.maxLength)
        return bad(`String should have at most ${schema.maxLength} characters`, 'string_too_long');
      if (schema.pattern && !schema.pattern.test(value))
        return bad(`String should match pattern '${schema.pattern.source}'`, 'string_pattern_mismatch');
      return value;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : bad('Input should be a valid boolean', 'bool_type');
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value))
        return bad('Input should be a valid integer', 'int_type');
      if (schema.min !== undefined && value < schema.min)
        return bad(`Input should be greater than or equal to ${schema.min}`, 'greater_than_equal');
      if (schema.max !== undefined && value > schema.max)
        return bad(`Input should be less than or equal to ${schema.max}`, 'less_than_equal');
      return value;
    }
    case 'json-object':
      return isPlainObject(value) ? value : bad('Input should be a valid dictionary', 'dict_type');
    case 'array': {
      if (!Array.isArray(value)) return bad('Input should be a valid list', 'list_type');
      if (schema.minItems !== undefined && value.length < schema.minItems)
        return bad(
          `List should have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'} after validation, not ${value.length}`,
          'too_short',
        );
      if (schema.maxItems !== undefined && value.length > schema.maxItems)
        return bad(
          `List should have at most ${schema.maxItems} item${schema.maxItems === 1 ? '' : 's'} after validation, not ${value.length}`,
          'too_long',
        );
      return value.map((item, i) => check(schema.items, item, [...loc, i], issues));
    }
    case 'either':
      return check(typeof value === 'string' ? schema.ifString : schema.otherwise, value, loc, issues);
    case 'object':
      return checkFields(schema.fields, value, loc, issues);
    case 'tagged': {
      if (!isPlainObject(value))
        return bad('Input should be a valid dictionary or object to extract fields from', 'model_attributes_type');
      const tags = Object.keys(schema.variants);
      const tag = value[schema.tag];
      if (tag === undefined) {
        issues.push({ loc: [...loc, schema.tag], message: 'Field required', type: 'missing' });
        return undefined;
      }
      const variant = typeof tag === 'string' ? schema.variants[tag] : undefined;
      if (!variant) {
        issues.push({ loc: [...loc, schema.tag], message: `Input should be ${quoteList(tags)}`, type: 'enum' });
        return undefined;
      }
      return checkFields({ [schema.tag]: req(str({ oneOf: [tag as string] })), ...variant }, value, loc, issues);
    }
  }
}

function checkFields(
  fields: Record<string, Field>,
  value: unknown,
  loc: Loc,
  issues: Issue[],
): Record<string, unknown> | undefined {
  if (!isPlainObject(value)) {
    issues.push({
      loc,
      message: 'Input should be a valid dictionary or object to extract fields from',
      type: 'model_attributes_type',
    });
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    if (!(name in value)) {
      if (field.required) issues.push({ loc: [...loc, name], message: 'Field required', type: 'missing' });
      continue;
    }
    out[name] = check(field.schema, value[name], [...loc, name], issues);
  }
  for (const name of Object.keys(value)) {
    if (!(name in fields))
      issues.push({ loc: [...loc, name], message: 'Extra inputs are not permitted', type: 'extra_forbidden' });
  }
  return out;
}

/** Query strings, path segments and headers arrive as text; only these conversions are allowed. */
export function checkText(schema: Schema, raw: string, loc: Loc, issues: Issue[]): unknown {
  const target = schema.kind === 'nullable' ? schema.inner : schema;
  if (target.kind === 'integer') {
    if (!/^-?\d{1,15}$/.test(raw)) {
      issues.push({
        loc,
        message: 'Input should be a valid integer, unable to parse string as an integer',
        type: 'int_parsing',
      });
      return undefined;
    }
    return check(target, Number(raw), loc, issues);
  }
  if (target.kind === 'boolean') {
    // "true"/"false" in any letter case (Python clients send "True"); nothing else.
    const lowered = raw.toLowerCase();
    if (lowered !== 'true' && lowered !== 'false') {
      issues.push({ loc, message: 'Input should be a valid boolean, unable to interpret input', type: 'bool_parsing' });
      return undefined;
    }
    return lowered === 'true';
  }
  return check(target, raw, loc, issues);
}
