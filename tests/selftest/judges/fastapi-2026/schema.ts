// The subset of JSON Schema used by meta_data_response_schema (type, properties, required,
// const, enum). Every answer's meta_data is checked against its assistant's schema before it
// leaves the server: a mismatch is a server bug and answers 500, never a malformed answer.
import type { Json } from './errors.ts';

export function schemaErrors(schema: Json, value: Json, path = '$'): string[] {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return [];
  const errs: string[] = [];
  const t = schema.type;
  if (typeof t === 'string' && !hasType(t, value)) return [`${path}: expected ${t}`];
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) errs.push(`${path}: not const`);
  const en = schema.enum;
  if (Array.isArray(en) && !en.some((e) => JSON.stringify(e) === JSON.stringify(value)))
    errs.push(`${path}: not in enum`);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const req = schema.required;
    if (Array.isArray(req))
      for (const r of req) if (typeof r === 'string' && !(r in value)) errs.push(`${path}.${r}: required`);
    const props = schema.properties;
    if (props && typeof props === 'object' && !Array.isArray(props))
      for (const [k, sub] of Object.entries(props)) {
        const v = value[k];
        if (v !== undefined && sub !== undefined) errs.push(...schemaErrors(sub, v, `${path}.${k}`));
      }
  }
  return errs;
}

function hasType(t: string, v: Json): boolean {
  switch (t) {
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'null':
      return v === null;
    default:
      return true;
  }
}
