// fast-check arbitraries of values a request schema refuses, each breaking exactly one thing of a
// valid value and knowing which field it broke: a wrong type, a missing required field, a value
// outside an enum, a format or a length, or a body that is not an object. Derived from the
// schema; a mutation that the whole schema would still accept (a oneOf branch it now matches) is
// dropped by the validator the caller passes.
import fc from 'fast-check';
import { allowedTypes, branches, type JsonType, resolve, type SchemaNode, typeOf } from './schema-node.ts';
import { type ValidOptions, validValue } from './valid-values.ts';

/** A place in a value: property names and array indexes. */
export type FieldPath = Array<string | number>;

/** What kind of promise a mutation breaks. */
export type BreakKind =
  | 'not-an-object'
  | 'wrong-type'
  | 'missing-required'
  | 'outside-enum'
  | 'bad-format'
  | 'too-short'
  | 'too-few-items';

/** A value the schema refuses, and what was broken where. */
export interface InvalidValue {
  value: unknown;
  kind: BreakKind;
  /** The broken field (the missing one for missing-required); [] for the value as a whole. */
  field: FieldPath;
}

const SAMPLES: Record<JsonType, unknown> = {
  string: 'not-the-right-type',
  integer: 42,
  number: 4.5,
  boolean: true,
  null: null,
  array: [],
  object: {},
};

/** One way to break a valid value, found by walking it with its schema. */
interface Site {
  path: FieldPath;
  kind: BreakKind;
  replacement?: unknown;
  /** Delete this key at `path` instead of replacing. */
  remove?: string;
}

function sitesOf(schema: SchemaNode, value: unknown, path: FieldPath, out: Site[], allowNull: boolean): void {
  const node = resolve(schema);
  const allowed = allowedTypes(node);
  for (const type of Object.keys(SAMPLES) as JsonType[]) {
    if (allowed.has(type)) continue;
    if (type === 'null' && !allowNull) continue;
    out.push({
      path,
      kind: path.length === 0 && type !== 'object' ? 'not-an-object' : 'wrong-type',
      replacement: SAMPLES[type],
    });
  }
  // Inside a oneOf only the node as a whole is broken: which branch a part belongs to is the API's call.
  if (branches(node).length > 0) {
    if (allowed.has('string'))
      out.push({ path, kind: 'outside-enum', replacement: 'not-one-of-the-documented-values' });
    return;
  }
  if (typeof value === 'string') {
    if (Array.isArray(node.enum))
      out.push({ path, kind: 'outside-enum', replacement: `${String(node.enum[0])}-not-documented` });
    if (node.format === 'uuid') out.push({ path, kind: 'bad-format', replacement: `${value.slice(0, 8)}-not-a-uuid` });
    if (node.format === 'date-time') out.push({ path, kind: 'bad-format', replacement: 'yesterday at noon' });
    if (typeof node.minLength === 'number' && node.minLength > 0)
      out.push({ path, kind: 'too-short', replacement: '' });
  }
  if (Array.isArray(value)) {
    if (typeof node.minItems === 'number' && node.minItems > 0)
      out.push({ path, kind: 'too-few-items', replacement: [] });
    if (node.items !== undefined)
      for (const [i, item] of value.entries()) sitesOf(node.items as SchemaNode, item, [...path, i], out, true);
  } else if (typeof value === 'object' && value !== null) {
    const properties = (node.properties ?? {}) as Record<string, SchemaNode>;
    for (const name of (node.required ?? []) as string[])
      if (name in (value as object)) out.push({ path, kind: 'missing-required', remove: name });
    for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
      const propertySchema = properties[name];
      if (propertySchema !== undefined) sitesOf(propertySchema, inner, [...path, name], out, true);
    }
  }
}

function apply(value: unknown, site: Site): unknown {
  const copy = structuredClone(value);
  if (site.path.length === 0 && site.remove === undefined) return site.replacement;
  let holder = copy as Record<string | number, unknown>;
  const last = site.remove === undefined ? site.path.length - 1 : site.path.length;
  for (let i = 0; i < last; i++) holder = holder[site.path[i] as string | number] as Record<string | number, unknown>;
  if (site.remove !== undefined) delete holder[site.remove];
  else holder[site.path[site.path.length - 1] as string | number] = site.replacement;
  return copy;
}

/** Options of the invalid arbitrary. */
export interface InvalidOptions extends ValidOptions {
  /** Whether `null` for the whole value counts as breaking it (not for an optional body, which a server may read as absent). */
  nullBody?: boolean;
}

/**
 * An arbitrary of values the schema refuses, each a valid value with exactly one thing broken.
 * `validate` is the contract's validator of the whole value: mutations it still accepts are dropped.
 */
export function invalidValue(
  schema: SchemaNode,
  validate: (value: unknown) => boolean,
  options: InvalidOptions = {},
): fc.Arbitrary<InvalidValue> {
  return validValue(schema, { ...options, extraProperties: false })
    .chain((valid) => {
      const sites: Site[] = [];
      sitesOf(schema, valid, [], sites, options.nullBody ?? true);
      return fc.constantFrom(...sites).map(
        (site): InvalidValue => ({
          value: apply(valid, site),
          kind: site.kind,
          field: site.remove === undefined ? site.path : [...site.path, site.remove],
        }),
      );
    })
    .filter((candidate) => !validate(candidate.value));
}

/** The JSON type name of a value, for reports. */
export { typeOf };
