// Our contract next to the API's own OpenAPI document (what a FastAPI service serves at
// /openapi.json): operations, parameters, statuses, fields, required fields and nullability.
// Every finding is tied to the statement of ours it bears on: `contradicts` (their document says
// otherwise), `adds` (it says something ours does not), or `confirms` (it says what ours only
// assumed). Operations are matched by method and path from `/v1/` on (their document may carry a
// gateway prefix, or none), path parameters by position.
import { operations } from '../generated/validators.js';
import type { OperationSpec } from '../operation-spec.ts';
import { deref, isNode, type Node } from '../spec-document.ts';
import { escapeKey, type Placed, type Shape, shapeOf } from './schema-shape.ts';
import { ownStatement, type StatementRef, Statements, statusStatement } from './statement-ref.ts';

/** What a finding is about. */
export type Aspect = 'operation' | 'parameter' | 'status' | 'field' | 'required' | 'nullability';

/** How their document bears on our statement. */
export type Bearing = 'contradicts' | 'adds' | 'confirms';

/** One difference (or agreement on an assumption) between the two documents. */
export interface ServedFinding {
  bearing: Bearing;
  aspect: Aspect;
  /** `GET /v1/threads/{thread_id}`, as ours names it (or theirs, for an operation ours lacks). */
  operation: string;
  operationId?: string;
  /** Where in the operation: `response 404`, `query limit`, `200 body /items/[]/title`. */
  where: string;
  /** What their document says, in a sentence. */
  said: string;
  statement: StatementRef;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** How deep into a body the fields are compared. */
const MAX_DEPTH = 4;

interface Op {
  method: string;
  path: string;
  pointer: string;
  item: Node;
  op: Node;
}

/** `/agents/v1/threads/{id}/run` -> `/v1/threads/{}/run`: the key operations are matched by. */
function pathKey(path: string): string {
  const at = path.indexOf('/v1/');
  return (at >= 0 ? path.slice(at) : path).replace(/\{[^}]*\}/g, '{}');
}

function opsOf(doc: Node): Map<string, Op> {
  const out = new Map<string, Op>();
  const paths = isNode(doc.paths) ? doc.paths : {};
  for (const [path, raw] of Object.entries(paths)) {
    if (!isNode(raw)) continue;
    for (const method of METHODS) {
      const op = raw[method];
      if (!isNode(op)) continue;
      out.set(`${method.toUpperCase()} ${pathKey(path)}`, {
        method: method.toUpperCase(),
        path,
        pointer: `#/paths/${escapeKey(path)}/${method}`,
        item: raw,
        op,
      });
    }
  }
  return out;
}

interface Param {
  where: string;
  required: boolean;
  node: Node;
  pointer: string;
}

function paramsOf(doc: Node, op: Op): Map<string, Param> {
  const out = new Map<string, Param>();
  const lists: Array<[unknown, string]> = [
    [op.item.parameters, `${op.pointer.slice(0, op.pointer.lastIndexOf('/'))}/parameters`],
    [op.op.parameters, `${op.pointer}/parameters`],
  ];
  let position = 0;
  for (const [list, at] of lists) {
    if (!Array.isArray(list)) continue;
    for (const [i, raw] of list.entries()) {
      if (!isNode(raw)) continue;
      const pointer = typeof raw.$ref === 'string' ? raw.$ref : `${at}/${i}`;
      let node: Node;
      try {
        node = deref(doc, raw);
      } catch {
        continue;
      }
      const place = String(node.in);
      // Path parameters by position (their names may differ), headers case-insensitively.
      const name =
        place === 'path' ? `#${position++}` : place === 'header' ? String(node.name).toLowerCase() : String(node.name);
      if (place === 'cookie') continue;
      out.set(`${place} ${name}`, {
        where: `${place} ${String(node.name)}`,
        required: node.required === true,
        node,
        pointer,
      });
    }
  }
  return out;
}

function bodyOf(response: Node, pointer: string): Placed | undefined {
  const content = isNode(response.content) ? response.content : {};
  const type = Object.keys(content).find((t) => t.includes('json')) ?? Object.keys(content)[0];
  if (type === undefined) return undefined;
  const media = content[type];
  if (!isNode(media) || !isNode(media.schema)) return undefined;
  return { node: media.schema, pointer: `${pointer}/content/${escapeKey(type)}/schema` };
}

function responseOf(doc: Node, op: Op, status: string): { node: Node; pointer: string } | undefined {
  const responses = isNode(op.op.responses) ? op.op.responses : {};
  const raw = responses[status];
  if (!isNode(raw)) return undefined;
  const pointer = typeof raw.$ref === 'string' ? raw.$ref : `${op.pointer}/responses/${status}`;
  try {
    return { node: deref(doc, raw), pointer };
  } catch {
    return undefined;
  }
}

/** Compares two documents; `ours` is contracts/openapi.yaml. */
export function compareDocuments(ours: Node, theirs: Node): ServedFinding[] {
  const statements = new Statements(ours);
  const mine = opsOf(ours);
  const served = opsOf(theirs);
  const specs = new Map(
    Object.values(operations).map((spec) => [`${spec.method} ${pathKey(spec.path)}`, spec as OperationSpec]),
  );
  const out: ServedFinding[] = [];
  for (const [key, op] of mine) {
    const spec = specs.get(key);
    const name = `${op.method} ${op.path}`;
    const base = { operation: name, ...(spec ? { operationId: spec.operationId } : {}) };
    const other = served.get(key);
    if (!other) {
      out.push({
        ...base,
        bearing: 'contradicts',
        aspect: 'operation',
        where: 'the operation',
        said: 'Their document has no such operation.',
        statement: ownStatement(op.op, op.pointer, 'operation'),
      });
      continue;
    }
    out.push(...compareParameters(ours, theirs, op, other, base));
    out.push(...compareResponses(ours, theirs, op, other, spec, statements, base));
  }
  const root = ownStatement(ours, '#/paths', 'paths');
  for (const [key, op] of served)
    if (!mine.has(key))
      out.push({
        bearing: 'adds',
        aspect: 'operation',
        operation: `${op.method} ${op.path}`,
        where: 'the operation',
        said: `Their document has ${op.method} ${op.path}${typeof op.op.operationId === 'string' ? ` (${op.op.operationId})` : ''}; ours has no such operation.`,
        statement: { ...root, pointer: '#/paths', what: 'paths' },
      });
  return out;
}

type Base = Pick<ServedFinding, 'operation' | 'operationId'>;

function compareParameters(ours: Node, theirs: Node, op: Op, other: Op, base: Base): ServedFinding[] {
  const out: ServedFinding[] = [];
  const mine = paramsOf(ours, op);
  const served = paramsOf(theirs, other);
  for (const [key, p] of mine) {
    const q = served.get(key);
    const statement = ownStatement(p.node, p.pointer, 'parameter');
    if (!q)
      out.push({
        ...base,
        bearing: 'contradicts',
        aspect: 'parameter',
        where: p.where,
        said: 'Their document has no such parameter.',
        statement,
      });
    else if (q.required !== p.required)
      out.push({
        ...base,
        bearing: 'contradicts',
        aspect: 'required',
        where: p.where,
        said: `Their document makes it ${q.required ? 'required' : 'optional'}; ours ${p.required ? 'requires' : 'does not require'} it.`,
        statement,
      });
  }
  for (const [key, q] of served)
    if (!mine.has(key))
      out.push({
        ...base,
        bearing: 'adds',
        aspect: 'parameter',
        where: q.where,
        said: `Their document has the ${q.required ? 'required' : 'optional'} parameter ${q.where}; ours does not.`,
        statement: ownStatement(op.op, op.pointer, 'operation'),
      });
  return out;
}

function compareResponses(
  ours: Node,
  theirs: Node,
  op: Op,
  other: Op,
  spec: OperationSpec | undefined,
  statements: Statements,
  base: Base,
): ServedFinding[] {
  const out: ServedFinding[] = [];
  const mine = Object.keys(isNode(op.op.responses) ? op.op.responses : {});
  const served = Object.keys(isNode(other.op.responses) ? other.op.responses : {});
  for (const status of mine) {
    const response = responseOf(ours, op, status);
    if (!response) continue;
    const statement = spec
      ? statusStatement(spec, status, response.pointer, response.node)
      : ownStatement(response.node, response.pointer, 'response');
    if (!served.includes(status)) {
      out.push({
        ...base,
        bearing: 'contradicts',
        aspect: 'status',
        where: `response ${status}`,
        said: `Their document lists no ${status}.`,
        statement,
      });
      continue;
    }
    if (statement.basis === 'assumed')
      out.push({
        ...base,
        bearing: 'confirms',
        aspect: 'status',
        where: `response ${status}`,
        said: `Their document lists ${status} too.`,
        statement,
      });
    const theirResponse = responseOf(theirs, other, status);
    const a = bodyOf(response.node, response.pointer);
    const b = theirResponse ? bodyOf(theirResponse.node, theirResponse.pointer) : undefined;
    if (a && b) out.push(...compareShapes(ours, theirs, a, b, `${status} body `, '', statements, base, 0));
  }
  const operation = ownStatement(op.op, op.pointer, 'operation');
  for (const status of served)
    if (!mine.includes(status) && status !== 'default')
      out.push({
        ...base,
        bearing: 'adds',
        aspect: 'status',
        where: `response ${status}`,
        said: `Their document lists ${status}; ours does not.`,
        statement: operation,
      });
  return out;
}

function compareShapes(
  ours: Node,
  theirs: Node,
  a: Placed,
  b: Placed,
  prefix: string,
  path: string,
  statements: Statements,
  base: Base,
  depth: number,
): ServedFinding[] {
  if (depth > MAX_DEPTH) return [];
  const mine: Shape = shapeOf(ours, a);
  const served: Shape = shapeOf(theirs, b);
  const out: ServedFinding[] = [];
  const where = (field: string) => `${prefix}${path}/${field}`;
  if (mine.items && served.items)
    return compareShapes(ours, theirs, mine.items, served.items, prefix, `${path}/[]`, statements, base, depth + 1);
  if (mine.scalar || served.scalar) return out;
  for (const [field, child] of mine.properties) {
    const counterpart = served.properties.get(field);
    if (!counterpart) {
      out.push({
        ...base,
        bearing: 'contradicts',
        aspect: 'field',
        where: where(field),
        said: 'Their document does not name this field.',
        statement: statements.at(child.pointer, 'type') ?? ownStatement(child.node, child.pointer, 'field'),
      });
      continue;
    }
    const requiredHere = mine.required.has(field);
    const requiredThere = served.required.has(field);
    if (requiredHere !== requiredThere)
      out.push({
        ...base,
        bearing: requiredHere ? 'contradicts' : 'adds',
        aspect: 'required',
        where: where(field),
        said: `Their document ${requiredThere ? 'requires' : 'does not require'} it; ours ${requiredHere ? 'does' : 'does not'}.`,
        statement:
          statements.at(mine.pointer, `required ${field}`) ??
          ownStatement(child.node, mine.pointer, `required ${field}`),
      });
    const x = shapeOf(ours, child);
    const y = shapeOf(theirs, counterpart);
    if (x.nullable !== y.nullable)
      out.push({
        ...base,
        bearing: 'contradicts',
        aspect: 'nullability',
        where: where(field),
        said: `Their document ${y.nullable ? 'allows' : 'does not allow'} null; ours ${x.nullable ? 'does' : 'does not'}.`,
        statement:
          statements.at(x.pointer, 'type') ??
          statements.at(child.pointer, 'type') ??
          ownStatement(child.node, child.pointer, 'type'),
      });
    out.push(
      ...compareShapes(ours, theirs, child, counterpart, prefix, `${path}/${field}`, statements, base, depth + 1),
    );
  }
  for (const [field] of served.properties)
    if (!mine.properties.has(field))
      out.push({
        ...base,
        bearing: 'adds',
        aspect: 'field',
        where: where(field),
        said: `Their document names this field${served.required.has(field) ? ' (required)' : ''}; ours does not.`,
        statement: statements.at(mine.pointer) ?? ownStatement({}, mine.pointer, 'field'),
      });
  return out;
}
