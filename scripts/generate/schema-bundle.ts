import { isNode, type Node } from '../../contracts/spec-document.ts';

/** `$id` of the document that holds every component schema under `$defs`. */
export const BUNDLE_ID = 'urn:agents-api-suite:schemas';

const COMPONENT_PREFIX = '#/components/schemas/';

/**
 * Rewrites OpenAPI component refs into refs of the bundle, so that AJV sees plain JSON Schema
 * 2020-12 and never the rest of the OpenAPI document.
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!isNode(schema)) return schema;
  const out: Node = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_PREFIX)) {
      out.$ref = `${BUNDLE_ID}#/$defs/${value.slice(COMPONENT_PREFIX.length)}`;
    } else if (key === '$ref') {
      throw new Error(`Expected schema refs to start with "${COMPONENT_PREFIX}". Got "${String(value)}".`);
    } else if (key === 'discriminator' && isNode(value)) {
      // The mapping serves other OpenAPI tools; AJV refuses it and reads the same mapping from the
      // branches' enums (tests/unit/discriminators.spec.ts holds the two equal).
      const { mapping: _mapping, ...rest } = value;
      out[key] = rest;
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  return out;
}

/** The bundle document: every component schema, AJV-ready. */
export function schemaBundle(doc: Node): Node {
  const components = isNode(doc.components) ? doc.components : {};
  const schemas = isNode(components.schemas) ? components.schemas : {};
  return { $id: BUNDLE_ID, $defs: toJsonSchema(schemas) };
}

/** Names of the component schemas, in document order. */
export function componentSchemaNames(doc: Node): string[] {
  const components = isNode(doc.components) ? doc.components : {};
  return isNode(components.schemas) ? Object.keys(components.schemas) : [];
}

/** A standalone schema that a generated validator is compiled from. */
export interface ValidatorEntry {
  /** The export name of the compiled function in validators.js. */
  exportName: string;
  schema: unknown;
  /** Query and path values arrive as strings: their validators coerce. */
  coerce: boolean;
}

/** Wraps a schema so that it can be compiled on its own under a stable `$id`. */
export function entry(exportName: string, schema: unknown, coerce = false): ValidatorEntry {
  const converted = toJsonSchema(schema);
  const body = isNode(converted) ? converted : {};
  return { exportName, coerce, schema: { $id: `urn:agents-api-suite:${exportName}`, ...body } };
}

/**
 * The same schema with every object closed (`unevaluatedProperties: false`): the validators
 * behind CONTRACT_STRICT=1, which report fields the contract does not name.
 */
export function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!isNode(schema)) return schema;
  const out: Node = {};
  for (const [key, value] of Object.entries(schema)) {
    // Property names and free-form maps hold names or schemas of other kinds: recurse into values only.
    out[key] = key === 'properties' || key === '$defs' ? mapValues(value, closeObjects) : closeObjects(value);
  }
  if (isNode(out.properties) && out.additionalProperties === undefined && out.unevaluatedProperties === undefined) {
    out.unevaluatedProperties = false;
  }
  return out;
}

function mapValues(value: unknown, fn: (v: unknown) => unknown): unknown {
  return isNode(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fn(v)])) : value;
}
