// An OpenAPI schema as the comparison reads it: its properties (each with the JSON pointer it
// stands at), the fields it requires, whether it allows null, and its items. Refs are followed
// within the document; anyOf/oneOf branches merge (the properties of any branch, the fields every
// branch requires), so that FastAPI's `anyOf: [X, null]` and our `type: [X, "null"]` read alike.
import { isNode, type Node } from '../spec-document.ts';

/** A schema node and the JSON pointer it stands at in its document. */
export interface Placed {
  node: Node;
  pointer: string;
}

/** What the comparison reads of one schema. */
export interface Shape {
  pointer: string;
  properties: Map<string, Placed>;
  required: Set<string>;
  nullable: boolean;
  /** Present for an array: its items. */
  items?: Placed;
  /** The node as a whole is not an object or array the comparison can read (a string, a free value). */
  scalar: boolean;
}

/** RFC 6901 escaping of one key. */
export function escapeKey(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Follows local `$ref`s (at most 16 hops); an unresolvable one reads as an empty schema. */
export function follow(doc: Node, placed: Placed): Placed {
  let current = placed;
  for (let hops = 0; typeof current.node.$ref === 'string' && hops < 16; hops++) {
    const ref = current.node.$ref;
    if (!ref.startsWith('#/')) return { node: {}, pointer: ref };
    let target: unknown = doc;
    for (const raw of ref.slice(2).split('/'))
      target = isNode(target) ? target[raw.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
    current = { node: isNode(target) ? target : {}, pointer: ref };
  }
  return current;
}

function typesOf(node: Node): string[] {
  const type = node.type;
  return Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : [];
}

function isNullBranch(doc: Node, branch: unknown, pointer: string): boolean {
  if (!isNode(branch)) return false;
  const { node } = follow(doc, { node: branch, pointer });
  const types = typesOf(node);
  return (types.length === 1 && types[0] === 'null') || node.const === null;
}

/** How many allOf/anyOf/oneOf levels are merged: a served document may nest them in a cycle. */
const MAX_BRANCH_DEPTH = 8;

/** The shape of a schema node (its properties' depth is limited by the caller, its branches' here). */
export function shapeOf(doc: Node, placed: Placed, branchDepth = 0): Shape {
  const { node, pointer } = follow(doc, placed);
  const shape: Shape = {
    pointer,
    properties: new Map(),
    required: new Set(),
    nullable: node.nullable === true || typesOf(node).includes('null'),
    scalar: false,
  };
  const props = isNode(node.properties) ? node.properties : {};
  for (const [name, child] of Object.entries(props))
    if (isNode(child)) shape.properties.set(name, { node: child, pointer: `${pointer}/properties/${escapeKey(name)}` });
  if (Array.isArray(node.required)) for (const name of node.required) shape.required.add(String(name));
  if (isNode(node.items)) shape.items = { node: node.items, pointer: `${pointer}/items` };
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (!Array.isArray(list) || branchDepth >= MAX_BRANCH_DEPTH) continue;
    const branches = list
      .map((branch, i) => ({ branch, at: `${pointer}/${key}/${i}` }))
      .filter(({ branch, at }) => {
        if (key !== 'allOf' && isNullBranch(doc, branch, at)) {
          shape.nullable = true;
          return false;
        }
        return isNode(branch);
      })
      .map(({ branch, at }) => shapeOf(doc, { node: branch as Node, pointer: at }, branchDepth + 1));
    if (branches.length === 0) continue;
    for (const b of branches) {
      for (const [name, child] of b.properties) if (!shape.properties.has(name)) shape.properties.set(name, child);
      if (b.nullable && key !== 'allOf') shape.nullable = true;
      if (b.items && !shape.items) shape.items = b.items;
    }
    // allOf: every part's required fields; anyOf/oneOf: only those every branch requires.
    const required =
      key === 'allOf'
        ? branches.flatMap((b) => [...b.required])
        : [...(branches[0]?.required ?? [])].filter((f) => branches.every((b) => b.required.has(f)));
    for (const field of required) shape.required.add(field);
  }
  shape.scalar = shape.properties.size === 0 && shape.items === undefined;
  return shape;
}
