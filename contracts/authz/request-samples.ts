// A valid request for any operation of the contract, derived from openapi.yaml and checked by the
// operation index's own validators, so that a check can send every operation a request whose only
// documented refusal is the one under test (a keyless call with a valid body can only be 401).
import { randomUUID } from 'node:crypto';
import { operationIds, pathParams } from '../check/operation-path.ts';
import { requiredMetaData } from '../client/run-meta-data.ts';
import type { components } from '../generated/api.ts';
import type { OperationId } from '../generated/validators.js';
import { operations, paramValidators, validators } from '../generated/validators.js';
import type { Validator } from '../operation-spec.ts';
import { deref, isNode, loadSpec, type Node, resolvePointer } from '../spec-document.ts';

type Assistant = components['schemas']['Assistant'];

/** The resources a sample refers to: path parameters and ids in bodies are taken from here. */
export interface SampleContext {
  assistant: Assistant;
  threadId?: string;
  messageId?: string;
  /** A user id the thread was created with; used by list filters that take one, and as the end user (`user-id`). */
  userId?: string;
  /** A file of that user (Files API), for operations whose path names one. */
  fileId?: string;
}

/** One request, ready for ApiClient.call. */
export interface SampledRequest {
  path: Record<string, string>;
  /** The required query parameters (a file name for an upload URL); absent when there are none. */
  query?: Record<string, string>;
  /** The required header parameters (the end user's `user-id`); absent when there are none. */
  headers?: Record<string, string>;
  /** Absent when the operation takes no body. */
  body?: unknown;
  /** False when no body derived from the spec passed the request validator: `{}` is sent instead. */
  bodyValid: boolean;
}

const MARKER = 'agents-api-suite';

let spec: Promise<Node> | undefined;

/** The OpenAPI document (read once per worker), an operation's path item and operation object. */
async function operationNode(operationId: OperationId): Promise<{ doc: Node; item: Node; op: Node }> {
  spec ??= loadSpec();
  const doc = await spec;
  const { path, method } = operations[operationId];
  const item = deref(doc, (doc.paths as Node)[path]);
  return { doc, item, op: deref(doc, item[method.toLowerCase()]) };
}

/**
 * A minimal instance of a schema: required properties only, the first of an enum or union, a
 * random uuid for a uuid, a marker for other strings. Not a fuzzer: it aims at one valid value.
 */
export function instanceOf(doc: Node, schema: unknown, depth = 0): unknown {
  if (!isNode(schema) || depth > 12) return undefined;
  if (typeof schema.$ref === 'string') return instanceOf(doc, resolvePointer(doc, schema.$ref), depth + 1);
  if ('const' in schema) return schema.const;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...schema.allOf.map((part) => instanceOf(doc, part, depth + 1)).filter(isNode));
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const first: unknown = Array.isArray(schema[key]) ? schema[key][0] : undefined;
    if (first !== undefined) return instanceOf(doc, first, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const properties = isNode(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
      return Object.fromEntries(required.map((name) => [name, instanceOf(doc, properties[name], depth + 1)]));
    }
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: count }, () => instanceOf(doc, schema.items, depth + 1));
    }
    case 'string':
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date().toISOString();
      return MARKER.padEnd(typeof schema.minLength === 'number' ? schema.minLength : 0, '.');
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return false;
    default:
      return undefined;
  }
}

/**
 * A body for the operation: the request example of the spec, else a minimal instance of its
 * schema, with the context's assistant where the schema names `assistant_id` and the metadata the
 * assistant requires where it names `meta_data`. Valid only if `validate` accepts it.
 */
export function sampleBody(
  doc: Node,
  media: Node,
  validate: Validator,
  context: SampleContext,
): { body: unknown; valid: boolean } {
  const schema =
    isNode(media.schema) && typeof media.schema.$ref === 'string'
      ? resolvePointer(doc, media.schema.$ref)
      : media.schema;
  const properties = isNode(schema) && isNode(schema.properties) ? schema.properties : {};
  const base = media.example !== undefined ? structuredClone(media.example) : instanceOf(doc, schema);
  if (!isNode(base)) return validate(base) ? { body: base, valid: true } : { body: {}, valid: false };
  const body: Node = { ...base };
  if ('assistant_id' in properties) body.assistant_id = context.assistant.id;
  const meta = 'meta_data' in properties ? requiredMetaData(context.assistant) : undefined;
  if (meta !== undefined) body.meta_data = meta;
  return validate(body) ? { body, valid: true } : { body: {}, valid: false };
}

/** A value for each path parameter: the context's thread, message and assistant, else a random uuid. */
function samplePath(operationId: OperationId, context: SampleContext): Record<string, string> {
  const known: Record<string, string | undefined> = {
    thread_id: context.threadId,
    message_id: context.messageId,
    assistant_id: context.assistant.id,
    file_id: context.fileId,
  };
  const path = Object.fromEntries(pathParams(operationId).map((name) => [name, known[name] ?? randomUUID()]));
  const name = operations[operationId].pathValidator;
  // The validator coerces in place: hand it a copy.
  if (name && !paramValidators[name]({ ...path })) {
    throw new Error(
      `Expected the sampled path ${JSON.stringify(path)} to satisfy ${name}; the path parameters of ${operationId} need a value the sampler does not know.`,
    );
  }
  return path;
}

/**
 * The required query and header parameters of an operation: the context's user as `user-id`, else
 * a minimal instance of each parameter's schema (its example, where the spec gives one).
 */
async function sampleParameters(
  operationId: OperationId,
  context: SampleContext,
): Promise<Pick<SampledRequest, 'query' | 'headers'>> {
  const { doc, op, item } = await operationNode(operationId);
  const declared = [
    ...(Array.isArray(item.parameters) ? item.parameters : []),
    ...(Array.isArray(op.parameters) ? op.parameters : []),
  ].map((p) => deref(doc, p));
  const out: Pick<SampledRequest, 'query' | 'headers'> = {};
  for (const where of ['query', 'header'] as const) {
    const values: Record<string, string> = {};
    for (const p of declared.filter((d) => d.in === where && d.required === true)) {
      const name = where === 'header' ? String(p.name).toLowerCase() : String(p.name);
      const value = name === 'user-id' && context.userId !== undefined ? context.userId : instanceOf(doc, p.schema);
      values[name] = String(value);
    }
    if (Object.keys(values).length > 0) out[where === 'query' ? 'query' : 'headers'] = values;
  }
  return out;
}

/** A request for the operation that the contract's validators accept (see SampledRequest.bodyValid). */
export async function sampleRequest(operationId: OperationId, context: SampleContext): Promise<SampledRequest> {
  const path = samplePath(operationId, context);
  const parameters = await sampleParameters(operationId, context);
  const requestBody = operations[operationId].requestBody;
  if (requestBody === undefined) return { path, ...parameters, bodyValid: true };
  const { doc, op } = await operationNode(operationId);
  const declared = isNode(op.requestBody) ? deref(doc, op.requestBody) : {};
  const media =
    isNode(declared.content) && isNode(declared.content['application/json'])
      ? deref(doc, declared.content['application/json'])
      : {};
  const { body, valid } = sampleBody(doc, media, validators[requestBody.validator], context);
  return { path, ...parameters, body, bodyValid: valid };
}

/** The query parameters an operation declares (path-item and operation level). */
async function queryParameters(operationId: OperationId): Promise<Node[]> {
  const { doc, op, item } = await operationNode(operationId);
  const declared = [
    ...(Array.isArray(item.parameters) ? item.parameters : []),
    ...(Array.isArray(op.parameters) ? op.parameters : []),
  ];
  return declared.map((p) => deref(doc, p)).filter((p) => p.in === 'query');
}

/** The operations that take a query parameter of this name (chat completions take `thread_id`). */
export async function operationsWithQuery(name: string): Promise<OperationId[]> {
  const ids = operationIds;
  const takes = await Promise.all(ids.map(async (id) => (await queryParameters(id)).some((p) => p.name === name)));
  return ids.filter((_, i) => takes[i]);
}

/**
 * Queries that widen a listing as far as the contract allows: every boolean query parameter set
 * (include_deleted) and `user_id` set to the context's user, so that another tenant's listing is
 * asked for exactly the threads it must not see.
 */
export async function wideningQuery(operationId: OperationId, context: SampleContext): Promise<Record<string, string>> {
  const query: Record<string, string> = {};
  for (const parameter of await queryParameters(operationId)) {
    const schema = isNode(parameter.schema) ? parameter.schema : {};
    if (schema.type === 'boolean') query[String(parameter.name)] = 'true';
    if (parameter.name === 'user_id' && context.userId !== undefined) query.user_id = context.userId;
  }
  return query;
}
