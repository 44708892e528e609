// The open points a request body holds, read from the body and its request schema: properties the
// contract does not name (in meta_data too, whose schema allows more: a strict API may refuse what
// the docs do not name; a tool's JSON Schema parameters are a map, free), empty lists, strings holding U+0000 or a lone surrogate (outside a message's content,
// whose Message Validation rule is documented), two tools of one name, and what the contract
// marks as an open reading (x-open-reading: a value of another type, a tool name outside the Chat
// Completions pattern). A correct API may refuse each with a validation_error naming its field,
// or accept it; the catalog entries say so (contracts/rules/body-points.ts).
import { allowedTypes, branches, resolve, type SchemaNode, typeOf } from '../arbitraries/schema-node.ts';
import { requestSchemas } from '../generated/request-schemas.js';
import type { OperationId } from '../generated/validators.js';
import { hasBrokenUnicode } from '../rules/message-content.ts';
import { broken, CHAT_COMPLETIONS_NAME, type RuleBreak } from '../rules/rule-catalog.ts';

type Path = Array<string | number>;

function where(path: Path): string {
  return path.length === 0 ? 'the body' : path.join('.');
}

/** The branch of a oneOf that a value of this type belongs to (the contract's branches differ in type). */
function branchFor(node: SchemaNode, value: unknown): SchemaNode | undefined {
  const type = typeOf(value);
  return branches(node).find((branch) => {
    const allowed = branch.type;
    const list = Array.isArray(allowed) ? allowed : [allowed ?? 'object'];
    return list.includes(type) || (type === 'integer' && list.includes('number'));
  });
}

/** The open reading the contract marks on a schema node (`x-open-reading`), if the value holds it. */
function markedPoint(node: SchemaNode, value: unknown, path: Path): RuleBreak | undefined {
  const entry = node['x-open-reading'];
  if (entry === undefined) return undefined;
  if (entry === 'field-type-open') {
    const type = typeOf(value);
    const allowed = allowedTypes(node);
    if (allowed.has(type) || (type === 'integer' && allowed.has('number'))) return undefined;
    return broken('field-type-open', `${where(path)} is a ${type}; the docs give it no type.`, path);
  }
  if (entry === 'tool-name-pattern') {
    if (typeof value !== 'string' || CHAT_COMPLETIONS_NAME.test(value)) return undefined;
    return broken('tool-name-pattern', `${where(path)} is not a Chat Completions function name.`, path);
  }
  // A mark this module cannot judge would silently make the model strict again.
  throw new Error(`Expected x-open-reading to be field-type-open or tool-name-pattern. Got ${String(entry)}.`);
}

/** Whether a path is a message's content, where broken Unicode is a documented rule (contracts/rules/message-content.ts). */
function isContent(path: Path): boolean {
  return path[path.length - 1] === 'content' && (path.length === 1 || path[path.length - 3] === 'messages');
}

/** Two tools of one request with the same name: each after the first. */
function duplicateNames(value: unknown[], path: Path, out: RuleBreak[]): void {
  const seen = new Set<string>();
  for (const [i, tool] of value.entries()) {
    const name = (tool as { function?: { name?: unknown } } | null)?.function?.name;
    if (typeof name !== 'string') continue;
    if (seen.has(name))
      out.push(
        broken('tool-name-duplicate', `${where(path)} names "${name.slice(0, 40)}" twice.`, [
          ...path,
          i,
          'function',
          'name',
        ]),
      );
    seen.add(name);
  }
}

function walk(schema: SchemaNode | undefined, value: unknown, path: Path, out: RuleBreak[]): void {
  const marked = schema === undefined ? undefined : markedPoint(resolve(schema), value, path);
  if (marked) out.push(marked);
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(broken('nul-character', `${where(path)} holds U+0000.`, path));
    if (!isContent(path) && hasBrokenUnicode(value))
      out.push(broken('broken-unicode', `${where(path)} holds a lone surrogate.`, path));
    return;
  }
  let node = schema === undefined ? undefined : resolve(schema);
  if (node && branches(node).length > 0) node = branchFor(node, value);
  if (Array.isArray(value)) {
    if (value.length === 0 && node !== undefined && path.length > 0)
      out.push(broken('empty-list', `${where(path)} is an empty list.`, path));
    if (path.length === 1 && path[0] === 'tools') duplicateNames(value, path, out);
    const items = node?.items as SchemaNode | undefined;
    for (const [i, item] of value.entries()) walk(items, item, [...path, i], out);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const properties = (node?.properties ?? {}) as Record<string, SchemaNode>;
  const additional = node?.additionalProperties;
  for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
    if (name.includes('\u0000')) out.push(broken('nul-character', `A property name holds U+0000.`, [...path, name]));
    if (hasBrokenUnicode(name))
      out.push(broken('broken-unicode', 'A property name holds a lone surrogate.', [...path, name]));
    const named = properties[name];
    if (named !== undefined) walk(named, inner, [...path, name], out);
    // A map of any keys (a tool's JSON Schema parameters) is free; an object that names its fields
    // and allows more (meta_data, "currently" {user_data: {licence}}) holds extras an API may refuse.
    else if (node === undefined || (additional === true && Object.keys(properties).length === 0))
      walk(undefined, inner, [...path, name], out);
    else if (typeof additional === 'object' && additional !== null)
      walk(additional as SchemaNode, inner, [...path, name], out);
    else {
      out.push(
        broken('unnamed-property', `${where([...path, name])} is not a field the contract names.`, [...path, name]),
      );
      walk(undefined, inner, [...path, name], out);
    }
  }
}

/**
 * Every open point of this body of `op` (not the rules of the thread or the run: see
 * contracts/rules). `named`: fields the docs name after all (an assistant's required request
 * metadata), which are never an unnamed property.
 */
export function openBodyPoints(op: OperationId, value: unknown, named: readonly Path[] = []): RuleBreak[] {
  const schema = requestSchemas.bodies[op] as SchemaNode | undefined;
  const out: RuleBreak[] = [];
  walk(schema, value, [], out);
  const at = new Set(named.map((path) => path.join('\u0000')));
  return at.size === 0
    ? out
    : out.filter((p) => p.rule !== 'unnamed-property' || !at.has((p.field ?? []).join('\u0000')));
}
