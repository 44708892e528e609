// How a correct API may read a request body that breaks the contract's request schema in one
// place (decision 0070 on the request side): a break of a documented statement must be refused;
// a break of an assumption only (x-assumed: the tool shapes of Chat Completions), null for an
// optional field (a FastAPI service's default), or a value pydantic's lax mode converts may be
// accepted, and the API then acts on the body as it reads it. A strict API refuses all three.
import type { FieldPath, InvalidValue } from '../arbitraries/invalid-values.ts';
import { allowedTypes, resolve, type SchemaNode, typeOf } from '../arbitraries/schema-node.ts';
import { requestSchemas } from '../generated/request-schemas.js';
import type { OperationId } from '../generated/validators.js';
import { type Basis, keywordBasis, nodeBasis, requiredBasis } from '../provenance.ts';

const MISSING: Basis = { documented: false, missing: true };

/** How an API may read a body with one break: it must refuse it, or it may take `reads`. */
export type BreakReading =
  | { kind: 'documented' }
  | {
      kind: 'assumed' | 'null-optional' | 'lax-conversion' | 'tool-calls-off-assistant' | 'tool-call-id-off-tool';
      reads: unknown;
    };

/**
 * A message's tool field off its role, which the docs give no meaning (catalog:
 * tool-calls-off-assistant, tool-call-id-off-tool): an API that ignores it ignores its type too.
 */
function offRole(
  op: OperationId,
  invalid: InvalidValue,
): 'tool-calls-off-assistant' | 'tool-call-id-off-tool' | undefined {
  const value = invalid.value as { role?: unknown } | null;
  if (op !== 'createMessage' || typeof value !== 'object' || value === null) return undefined;
  const [top] = invalid.field;
  if (top === 'tool_calls' && value.role !== 'assistant' && ROLES.has(value.role)) return 'tool-calls-off-assistant';
  if (top === 'tool_call_id' && value.role !== 'tool' && ROLES.has(value.role)) return 'tool-call-id-off-tool';
  return undefined;
}

const ROLES: ReadonlySet<unknown> = new Set(['user', 'system', 'assistant', 'tool']);

/** A schema node, with the provenance it has (a `$ref` carries none: its target has its own). */
interface Placed {
  node: SchemaNode;
  basis: Basis;
}

function place(schema: SchemaNode, inherited: Basis): Placed {
  const own = typeof schema.$ref === 'string' ? MISSING : inherited;
  const node = resolve(schema);
  return { node, basis: nodeBasis(node as Record<string, unknown>, '#', own) };
}

/** The nodes from the body's root down to `field` (the last one undefined where the schema has no node there). */
function walk(op: OperationId, field: FieldPath): Array<Placed | undefined> {
  const root = requestSchemas.bodies[op] as SchemaNode | undefined;
  if (root === undefined) throw new Error(`Expected a request body schema for ${op}.`);
  const out: Array<Placed | undefined> = [place(root, MISSING)];
  for (const key of field) {
    const at = out[out.length - 1];
    if (at === undefined) return [...out, undefined];
    const child =
      typeof key === 'number'
        ? (at.node.items as SchemaNode | undefined)
        : ((at.node.properties as Record<string, SchemaNode> | undefined)?.[key] ??
          (typeof at.node.additionalProperties === 'object'
            ? (at.node.additionalProperties as SchemaNode)
            : undefined));
    out.push(child === undefined ? undefined : place(child, at.basis));
  }
  return out;
}

/** The keyword a break of this kind breaks. */
function keywordOf(invalid: InvalidValue, node: SchemaNode): string {
  const branched = node.oneOf !== undefined ? 'oneOf' : node.anyOf !== undefined ? 'anyOf' : undefined;
  switch (invalid.kind) {
    case 'outside-enum':
      return branched ?? 'enum';
    case 'bad-format':
      return 'format';
    case 'too-short':
      return 'minLength';
    case 'too-few-items':
      return 'minItems';
    default:
      return branched ?? (Array.isArray(node.enum) ? 'enum' : 'type');
  }
}

/** Whether the statement the break contradicts is documented (a page makes it) or only assumed. */
function documented(op: OperationId, invalid: InvalidValue): boolean {
  const nodes = walk(op, invalid.field);
  if (invalid.kind === 'missing-required') {
    const parent = nodes[nodes.length - 2];
    const name = String(invalid.field[invalid.field.length - 1]);
    return (
      parent === undefined || requiredBasis(parent.node as Record<string, unknown>, '#', name, parent.basis).documented
    );
  }
  const at = nodes[nodes.length - 1];
  if (at === undefined) return true;
  return keywordBasis(at.node as Record<string, unknown>, '#', keywordOf(invalid, at.node), at.basis).documented;
}

/** The value at `field` replaced (or, `remove`, taken out of its object). */
function replaced(value: unknown, field: FieldPath, next: unknown, remove = false): unknown {
  if (field.length === 0) return next;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let holder = copy;
  for (const key of field.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
  const last = field[field.length - 1] as string | number;
  if (remove) delete holder[last];
  else holder[last] = next;
  return copy;
}

const TRUTHY = new Set(['1', 'true', 't', 'yes', 'y', 'on']);
const FALSY = new Set(['0', 'false', 'f', 'no', 'n', 'off']);

/**
 * What pydantic's lax mode makes of a value of the wrong JSON type for this node, when it makes
 * something of it: a boolean or a numeric string for a number, an integral float for an integer,
 * 0, 1 or "yes"/"no" (and the like) for a boolean. Undefined when it refuses it.
 */
export function laxValue(node: SchemaNode, value: unknown): { value: unknown } | undefined {
  const allowed = allowedTypes(node);
  const type = typeOf(value);
  if (allowed.has('integer') || allowed.has('number')) {
    const onlyIntegers = !allowed.has('number');
    const number = typeof value === 'boolean' ? Number(value) : typeof value === 'string' ? Number(value) : value;
    const numeric = typeof value === 'string' ? value.trim() !== '' && Number.isFinite(number) : true;
    if ((type === 'boolean' || type === 'string' || type === 'number') && numeric && typeof number === 'number')
      if (!onlyIntegers || Number.isInteger(number)) return { value: number };
  }
  if (allowed.has('boolean')) {
    if (value === 0 || value === 1) return { value: value === 1 };
    if (typeof value === 'string' && TRUTHY.has(value.toLowerCase())) return { value: true };
    if (typeof value === 'string' && FALSY.has(value.toLowerCase())) return { value: false };
  }
  return undefined;
}

/** How a correct API may read this body of `op`, which breaks the schema once (`invalid`). */
export function readingOf(op: OperationId, invalid: InvalidValue): BreakReading {
  const ignored = offRole(op, invalid);
  if (ignored !== undefined) return { kind: ignored, reads: invalid.value };
  if (invalid.kind === 'wrong-type' && invalid.field.length > 0) {
    const nodes = walk(op, invalid.field);
    const parent = nodes[nodes.length - 2];
    const at = nodes[nodes.length - 1];
    const name = invalid.field[invalid.field.length - 1];
    const required = ((parent?.node.required ?? []) as string[]).includes(String(name));
    if (invalid.value !== undefined && typeof name === 'string' && !required && valueAt(invalid) === null)
      return { kind: 'null-optional', reads: replaced(invalid.value, invalid.field, undefined, true) };
    const lax = at === undefined ? undefined : laxValue(at.node, valueAt(invalid));
    if (lax !== undefined) return { kind: 'lax-conversion', reads: replaced(invalid.value, invalid.field, lax.value) };
  }
  return documented(op, invalid) ? { kind: 'documented' } : { kind: 'assumed', reads: invalid.value };
}

/** The broken value itself. */
function valueAt(invalid: InvalidValue): unknown {
  let at: unknown = invalid.value;
  for (const key of invalid.field) at = (at as Record<string | number, unknown> | undefined)?.[key];
  return at;
}
