// Reading the contract's request schemas (contracts/generated/request-schemas.js) as the
// arbitraries need them: refs resolved, and the JSON types a node allows. A keyword this module
// does not understand is an error, not silently ignored (AJV's strict mode, for the same reason).
import { requestSchemas } from '../generated/request-schemas.js';

/** A JSON Schema node. */
export type SchemaNode = Readonly<Record<string, unknown>>;

/** A JSON type name. */
export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'array' | 'object';

const UNDERSTOOD = new Set([
  '$ref',
  'type',
  'enum',
  'const',
  'oneOf',
  'anyOf',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'format',
  'minimum',
  'maximum',
  'default',
  // Annotations: no effect on which values are valid (provenance: contracts/provenance.ts).
  'description',
  'x-source',
  'x-assumed',
  'x-assumed-id',
  'x-assumed-keywords',
  'x-assumed-required',
  // The catalog entry (contracts/rules/rule-catalog.ts) of a point the docs leave open, a field's
  // type or a tool name's pattern: an open point of the body, not a break
  // (contracts/stateful/open-body-points.ts).
  'x-open-reading',
  // Values that name a resource of the API (an uploaded file): a random one names none, so
  // generated values leave the field out (valid-values.ts).
  'x-refers-to',
  'example',
  'examples',
  'title',
  'discriminator',
]);

const FORMATS = new Set(['uuid', 'date-time']);

/** Follows `$ref`s into the bundled component schemas. */
export function resolve(node: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; typeof current.$ref === 'string'; hops++) {
    const ref = current.$ref;
    if (hops > 16 || !ref.startsWith(requestSchemas.refPrefix))
      throw new Error(`Expected a $ref into the bundled components. Got "${ref}".`);
    const target = requestSchemas.defs[ref.slice(requestSchemas.refPrefix.length)];
    if (typeof target !== 'object' || target === null)
      throw new Error(`Unresolved $ref "${ref}". Run \`npm run generate\`.`);
    current = target as SchemaNode;
  }
  for (const key of Object.keys(current)) {
    if (!UNDERSTOOD.has(key))
      throw new Error(
        `Schema keyword "${key}" is not supported by contracts/arbitraries; extend it before using the keyword in openapi.yaml.`,
      );
  }
  if (typeof current.format === 'string' && !FORMATS.has(current.format))
    throw new Error(`Schema format "${current.format}" is not supported by contracts/arbitraries.`);
  return current;
}

/** The branches of a oneOf/anyOf node, resolved; empty for other nodes. */
export function branches(node: SchemaNode): SchemaNode[] {
  const list = node.oneOf ?? node.anyOf;
  return Array.isArray(list) ? list.map((b) => resolve(b as SchemaNode)) : [];
}

/** The JSON types a (resolved) node allows. */
export function allowedTypes(node: SchemaNode): Set<JsonType> {
  const inner = branches(node);
  if (inner.length > 0) return new Set(inner.flatMap((b) => [...allowedTypes(b)]));
  if (Array.isArray(node.enum)) return new Set(node.enum.map(typeOf));
  if (node.const !== undefined) return new Set([typeOf(node.const)]);
  const type = node.type;
  const list = (
    Array.isArray(type)
      ? type
      : type === undefined
        ? ['string', 'number', 'boolean', 'null', 'array', 'object']
        : [type]
  ) as JsonType[];
  const out = new Set(list);
  if (out.has('number')) out.add('integer');
  return out;
}

/** The JSON type of a value. */
export function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

/** The schema of a request body, by operationId. */
export function bodySchema(operationId: string): SchemaNode {
  const schema = requestSchemas.bodies[operationId];
  if (schema === undefined)
    throw new Error(`Expected a request body schema for ${operationId}. The contract documents none.`);
  return schema as SchemaNode;
}

/** The schema of one path parameter, by operationId and name. */
export function pathParamSchema(operationId: string, name: string): SchemaNode {
  const params = requestSchemas.paths[operationId] as { properties?: Record<string, SchemaNode> } | undefined;
  const schema = params?.properties?.[name];
  if (schema === undefined) throw new Error(`Expected path parameter "${name}" on ${operationId}.`);
  return schema;
}
