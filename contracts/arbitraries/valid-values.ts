// fast-check arbitraries of values a request schema accepts, derived from the contract's schemas
// (never restated): every optional property present or absent, each enum value, every type of a
// type list, any string the schema allows, empty arrays where no minItems forbids them, and
// properties the schema does not name where it allows them.
import fc from 'fast-check';
import { CHAT_COMPLETIONS_NAME } from '../rules/rule-catalog.ts';
import { branches, type JsonType, resolve, type SchemaNode } from './schema-node.ts';
import { anyText } from './text.ts';

/** How much to generate. */
export interface ValidOptions {
  /** Longest generated array (the schema's maxItems wins when smaller). */
  maxItems?: number;
  /** Add properties the schema does not name, where it allows them. */
  extraProperties?: boolean;
}

const DEFAULTS: Required<ValidOptions> = { maxItems: 3, extraProperties: true };

const extraKey = fc.oneof(
  fc.constantFrom('x_extra', 'client_ref', 'metadata', 'ünïcödé', '🔑'),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const extraValue = fc.jsonValue({ maxDepth: 1 }).filter((v) => JSON.stringify(v) !== undefined);
const isoDate = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function ofType(
  node: SchemaNode,
  type: JsonType,
  options: Required<ValidOptions>,
  depth: number,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string': {
      if (node.format === 'uuid') return fc.uuid();
      if (node.format === 'date-time') return isoDate;
      // Both sides of an open tool-name pattern (catalog: tool-name-pattern), mostly names every
      // reading takes: an API that keeps to Chat Completions names must still be reached by tool calls.
      if (node['x-open-reading'] === 'tool-name-pattern')
        return fc.oneof(
          { weight: 4, arbitrary: fc.stringMatching(CHAT_COMPLETIONS_NAME) },
          { weight: 1, arbitrary: anyText(1) },
        );
      return anyText(
        typeof node.minLength === 'number' ? node.minLength : 0,
        typeof node.maxLength === 'number' ? node.maxLength : undefined,
      );
    }
    case 'integer':
      return fc.integer({
        min: typeof node.minimum === 'number' ? node.minimum : -1_000_000,
        max: typeof node.maximum === 'number' ? node.maximum : 1_000_000,
      });
    case 'number':
      return fc.double({
        noNaN: true,
        noDefaultInfinity: true,
        min: typeof node.minimum === 'number' ? node.minimum : -1e9,
        max: typeof node.maximum === 'number' ? node.maximum : 1e9,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = node.items === undefined ? extraValue : validValue(node.items as SchemaNode, options, depth + 1);
      const minLength = typeof node.minItems === 'number' ? node.minItems : 0;
      const maxLength = Math.max(
        minLength,
        Math.min(typeof node.maxItems === 'number' ? node.maxItems : options.maxItems, options.maxItems),
      );
      return fc.array(items, { minLength, maxLength });
    }
    case 'object':
      return objectOf(node, options, depth);
  }
}

function objectOf(
  node: SchemaNode,
  options: Required<ValidOptions>,
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set((node.required ?? []) as string[]);
  const declared = (node.properties ?? {}) as Record<string, SchemaNode>;
  // A field whose values name a resource (x-refers-to) is left out: the commands that created one add it.
  const properties = Object.fromEntries(
    Object.entries(declared).filter(
      ([name, schema]) => required.has(name) || resolve(schema)['x-refers-to'] === undefined,
    ),
  );
  const named = fc.record(
    Object.fromEntries(
      Object.entries(properties).map(([name, schema]) => [name, validValue(schema, options, depth + 1)]),
    ),
    { requiredKeys: [...required].filter((name) => name in properties) },
  );
  const additional = node.additionalProperties;
  if (additional === false || !options.extraProperties || depth > 4) return named;
  const values =
    typeof additional === 'object' && additional !== null
      ? validValue(additional as SchemaNode, options, depth + 1)
      : extraValue;
  const free = Object.keys(declared).length === 0;
  const extras = fc.dictionary(
    extraKey.filter((key) => !(key in declared) && key !== '__proto__'),
    values,
    { maxKeys: free ? 3 : 2 },
  );
  // Most objects carry only what the contract names, so that the named fields stay the subject.
  const maybeExtras = free
    ? extras
    : fc.oneof({ weight: 2, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extras });
  return fc.tuple(named, maybeExtras).map(([own, more]) => ({ ...more, ...own }));
}

/** An arbitrary of values the schema accepts. */
export function validValue(schema: SchemaNode, options: ValidOptions = {}, depth = 0): fc.Arbitrary<unknown> {
  const all = { ...DEFAULTS, ...options };
  const node = resolve(schema);
  const inner = branches(node);
  // The contract's oneOf branches differ in type (ToolChoice: a string enum or an object), so a
  // value of one branch never matches another; the unit test checks every value with AJV.
  if (inner.length > 0) return fc.oneof(...inner.map((branch) => validValue(branch, all, depth)));
  if (Array.isArray(node.enum)) return fc.constantFrom(...(node.enum as unknown[]));
  if (node.const !== undefined) return fc.constant(node.const);
  const type = node.type;
  const types = (Array.isArray(type) ? type : [type ?? 'object']) as JsonType[];
  const arbitraries = types.map((t) => ofType(node, t, all, depth));
  return arbitraries.length === 1 ? (arbitraries[0] as fc.Arbitrary<unknown>) : fc.oneof(...arbitraries);
}
