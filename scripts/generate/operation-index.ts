import type { Assumption, OperationSpec, RateBudget, ResponseSpec } from '../../contracts/operation-spec.ts';
import { type Basis, documentedOnly } from '../../contracts/provenance.ts';
import { deref, isNode, type Node, resolvePointer } from '../../contracts/spec-document.ts';
import { entry, type ValidatorEntry } from './schema-bundle.ts';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * The statements a node makes by assumption, each with its stable id: `x-assumed` (about what the
 * node holds; its id is `x-assumed-id` or the node's JSON pointer, so a shared component keeps one
 * id wherever it is used) and `x-assumed-status` (the status of an error code: the pointer, with
 * the codes it is about in `codes`).
 */
function assumptions(node: Node, pointer: string, scope: string, at?: string): Assumption[] {
  const out: Assumption[] = [];
  const place = (scope.startsWith('field:') || scope === 'request') && at !== undefined ? { at } : {};
  if (typeof node['x-assumed'] === 'string') {
    const explicit = node['x-assumed-id'];
    const reason = node['x-assumed'];
    out.push({
      id: typeof explicit === 'string' ? explicit : pointer,
      scope,
      text: `${pointer}: ${reason}`,
      reason,
      ...place,
    });
  }
  if (typeof node['x-assumed-status'] === 'string') {
    const reason = node['x-assumed-status'];
    const listed = Array.isArray(node['x-assumed-codes']) ? node['x-assumed-codes'] : node.enum;
    const codes = Array.isArray(listed) ? listed.map(String) : [];
    if (out.some((a) => a.id === pointer))
      throw new Error(
        `${pointer}: x-assumed and x-assumed-status would share an id; give the x-assumed an x-assumed-id.`,
      );
    out.push({ id: pointer, scope, text: `${pointer}: ${reason}`, reason, ...place, codes });
  }
  return out;
}

/**
 * Every `x-assumed` under a response, following refs, each with the scope it applies to: the
 * status itself, the body, one header, or one field (by property name), so that a violation
 * names only the assumptions behind the promise it broke.
 */
function collectAssumptions(
  doc: Node,
  node: unknown,
  pointer: string,
  scope: string,
  next: 'header' | 'field' | null,
  seen: Set<string>,
  out: Assumption[],
  at?: string,
): void {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries())
      collectAssumptions(doc, item, `${pointer}/${i}`, scope, null, seen, out, at);
    return;
  }
  if (!isNode(node)) return;
  if (typeof node.$ref === 'string') {
    const key = `${scope} ${node.$ref}`;
    if (seen.has(key)) return;
    seen.add(key);
    collectAssumptions(doc, resolvePointer(doc, node.$ref), node.$ref, scope, null, seen, out, at);
  }
  out.push(...assumptions(node, pointer, scope, at));
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-assumed') || key === '$ref') continue;
    let inner = scope;
    if (next === 'header') inner = `header:${key.toLowerCase()}`;
    else if (next === 'field') inner = `field:${key}`;
    else if (key === 'content') inner = 'body';
    const after =
      next !== null ? null : key === 'headers' && scope === 'status' ? 'header' : key === 'properties' ? 'field' : null;
    // The place in the body (for NDJSON, in each line) that a field statement is about.
    let place = at;
    if (next === 'field' && at !== undefined) place = `${at}/${key}`;
    else if (next === null && key === 'schema' && scope === 'body' && at === undefined) place = '';
    else if (next === null && key === 'items' && at !== undefined) place = `${at}/*`;
    collectAssumptions(doc, value, `${pointer}/${key}`, inner, after, seen, out, place);
  }
}

/** The error codes a response schema allows: the enums of its `error_code` properties. */
function collectErrorCodes(doc: Node, node: unknown, seen: Set<string>, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectErrorCodes(doc, item, seen, out);
    return;
  }
  if (!isNode(node)) return;
  if (typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) return;
    seen.add(node.$ref);
    collectErrorCodes(doc, resolvePointer(doc, node.$ref), seen, out);
  }
  const props = isNode(node.properties) ? node.properties : undefined;
  const code = props && isNode(props.error_code) ? props.error_code : undefined;
  if (code && Array.isArray(code.enum)) for (const value of code.enum) out.add(String(value));
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) collectErrorCodes(doc, node[key], seen, out);
}

/** The error codes of a response schema whose status the contract assumes (`x-assumed-status` on their enum). */
function collectAssumedStatusCodes(doc: Node, node: unknown, seen: Set<string>, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectAssumedStatusCodes(doc, item, seen, out);
    return;
  }
  if (!isNode(node)) return;
  if (typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) return;
    seen.add(node.$ref);
    collectAssumedStatusCodes(doc, resolvePointer(doc, node.$ref), seen, out);
  }
  const props = isNode(node.properties) ? node.properties : undefined;
  const code = props && isNode(props.error_code) ? props.error_code : undefined;
  if (code && typeof code['x-assumed-status'] === 'string') {
    const listed = Array.isArray(code['x-assumed-codes']) ? code['x-assumed-codes'] : code.enum;
    for (const value of Array.isArray(listed) ? listed : []) out.add(String(value));
  }
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) collectAssumedStatusCodes(doc, node[key], seen, out);
}

/** What a response's body schema inherits: the response's `x-source` (its `x-assumed` is about the status). */
function bodyBasis(response: Node): Basis {
  const pages = response['x-source'];
  return pages === undefined
    ? { documented: false, missing: true }
    : { documented: true, pages: (Array.isArray(pages) ? pages : [pages]).map(String) };
}

/** The one reading about every list of codes (`x-error-code-sets` at the root): that it is closed. */
function codeSetsAssumption(doc: Node): Assumption {
  const raw = doc['x-error-code-sets'];
  const node = isNode(raw) ? raw : {};
  const reason = node['x-assumed'];
  const id = node['x-assumed-id'];
  if (typeof reason !== 'string' || typeof id !== 'string')
    throw new Error('Expected x-error-code-sets at the root of the spec, with x-assumed and x-assumed-id.');
  return { id, scope: 'field:error_code', text: `#/x-error-code-sets: ${reason}`, reason, at: '/error_code' };
}

/**
 * What the docs promise of an error body whose code the status does not list: the Error Handling
 * guide's envelope, and nothing more (that the list is closed is x-error-code-sets, an assumption).
 */
function otherCode(codes: string[]): Node {
  return {
    type: 'object',
    required: ['error_code', 'detail'],
    properties: { error_code: { type: 'string', not: { enum: codes } }, detail: {} },
  };
}

function refName(node: unknown): string | undefined {
  return isNode(node) && typeof node.$ref === 'string' ? node.$ref.split('/').pop() : undefined;
}

/** The documented rate budgets (`x-rate-limit-budgets` at the root), checked for shape. */
export function rateBudgets(doc: Node): Record<string, RateBudget> {
  const raw = doc['x-rate-limit-budgets'];
  if (!isNode(raw) || !isNode(raw.other))
    throw new Error(
      'Expected x-rate-limit-budgets at the root of the spec, with at least an "other" budget (the default of operations without x-rate-limit-budget).',
    );
  const out: Record<string, RateBudget> = {};
  for (const [name, budget] of Object.entries(raw)) {
    const { perSecond, perMinute, description } = isNode(budget) ? budget : {};
    if (
      !Number.isInteger(perSecond) ||
      !Number.isInteger(perMinute) ||
      (perSecond as number) < 1 ||
      (perMinute as number) < 1
    ) {
      throw new Error(
        `Expected x-rate-limit-budgets.${name} to have whole perSecond and perMinute of 1 or more. Got ${JSON.stringify(budget)}.`,
      );
    }
    out[name] = {
      perSecond: perSecond as number,
      perMinute: perMinute as number,
      ...(typeof description === 'string' ? { description } : {}),
    };
  }
  return out;
}

/** Builds the operation index and the validators it names, from the OpenAPI document. */
export function operationIndex(doc: Node): {
  operations: Record<string, OperationSpec>;
  entries: ValidatorEntry[];
  /** The response validators again, each with its assumed statements taken out (contracts/provenance.ts). */
  documentedEntries: ValidatorEntry[];
} {
  const operations: Record<string, OperationSpec> = {};
  const entries: ValidatorEntry[] = [];
  const documentedEntries: ValidatorEntry[] = [];
  const budgets = rateBudgets(doc);
  const codeSets = codeSetsAssumption(doc);
  const named = new Set<string>();
  const paths = isNode(doc.paths) ? doc.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(doc, rawItem);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isNode(op)) continue;
      const id = op.operationId;
      if (typeof id !== 'string') throw new Error(`Expected an operationId on ${method.toUpperCase()} ${path}.`);
      const budget = op['x-rate-limit-budget'] ?? 'other';
      if (typeof budget !== 'string' || budgets[budget] === undefined) {
        throw new Error(
          `Expected x-rate-limit-budget of ${id} to name one of x-rate-limit-budgets (${Object.keys(budgets).join(', ')}). Got ${JSON.stringify(budget)}.`,
        );
      }
      const spec: OperationSpec = { operationId: id, method: method.toUpperCase(), path, budget, responses: {} };
      const opPointer = `#/paths/${path.replaceAll('/', '~1')}/${method}`;
      const behaviour = assumptions(op, opPointer, 'operation');
      if (behaviour.length > 0) spec.assumptions = behaviour;
      const params = [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])].map((p) => deref(doc, p));
      for (const where of ['path', 'query', 'header'] as const) {
        const list = params.filter((p) => p.in === where);
        if (list.length === 0) continue;
        // Header names are case-insensitive: the validator knows them in lower case, as Node gives them.
        const nameOf = (p: Node) => (where === 'header' ? String(p.name).toLowerCase() : String(p.name));
        const schema = {
          type: 'object',
          properties: Object.fromEntries(list.map((p) => [nameOf(p), p.schema])),
          required: list.filter((p) => p.required === true).map(nameOf),
        };
        const name = `${id}_${where}`;
        entries.push(entry(name, schema, true));
        if (where === 'path') spec.pathValidator = name;
        else if (where === 'query') spec.queryValidator = name;
        else spec.headerValidator = name;
      }
      if (op.requestBody !== undefined) {
        const body = deref(doc, op.requestBody);
        const media = isNode(body.content) ? deref(doc, body.content['application/json']) : {};
        entries.push(entry(`${id}_request`, media.schema));
        spec.requestBody = { required: body.required === true, validator: `${id}_request` };
        // Statements about what a request may carry: a 2xx answer to a request carrying it agrees.
        const said: Assumption[] = [];
        collectAssumptions(
          doc,
          media.schema,
          `${opPointer}/requestBody/content/application~1json/schema`,
          'request',
          null,
          new Set(),
          said,
          '',
        );
        if (said.length > 0) spec.requestBody.assumptions = said.map((a) => ({ ...a, scope: 'request' }));
      }
      const responses = isNode(op.responses) ? op.responses : {};
      for (const [status, raw] of Object.entries(responses)) {
        const response = deref(doc, raw);
        const assumptions: Assumption[] = [];
        collectAssumptions(doc, raw, `${opPointer}/responses/${status}`, 'status', null, new Set(), assumptions);
        const content = isNode(response.content) ? response.content : {};
        const contentTypes = Object.keys(content);
        const first = contentTypes[0];
        const media = first === undefined ? undefined : deref(doc, content[first]);
        const described: ResponseSpec = {
          contentTypes,
          ndjson: first === 'application/x-ndjson',
          ...(first?.startsWith('text/') ? { text: true } : {}),
          errorCodes: [],
          headers: [],
          assumptions,
        };
        if (media?.schema !== undefined) {
          // A shared response component compiles once, under its own name.
          const shared = refName(raw);
          const name = shared === undefined ? `${id}_${status}` : `response_${shared}`;
          const codes = new Set<string>();
          collectErrorCodes(doc, media.schema, new Set(), codes);
          described.errorCodes = [...codes];
          if (!named.has(name)) {
            named.add(name);
            entries.push(entry(name, media.schema));
            const at = shared === undefined ? `${opPointer}/responses/${status}` : String((raw as Node).$ref);
            const documented = documentedOnly(media.schema, `${at}/content/schema`, bodyBasis(response));
            documentedEntries.push(
              entry(name, codes.size === 0 ? documented : { anyOf: [documented, otherCode([...codes])] }),
            );
          }
          described.validator = name;
          if (codes.size > 0) assumptions.push(codeSets);
          const assumedStatus = new Set<string>();
          collectAssumedStatusCodes(doc, media.schema, new Set(), assumedStatus);
          // A response whose own status is assumed (x-assumed on it) assumes it for all its codes.
          const all = typeof response['x-assumed'] === 'string';
          described.assumedStatusCodes = described.errorCodes.filter((c) => all || assumedStatus.has(c));
        }
        described.statusAssumed =
          typeof response['x-assumed'] === 'string' ||
          (described.errorCodes.length > 0 && described.assumedStatusCodes?.length === described.errorCodes.length);
        // A statement about an error status is about the codes that status documents.
        for (const a of assumptions)
          if (a.scope === 'status' && a.codes === undefined && described.errorCodes.length > 0)
            a.codes = described.errorCodes;
        const headers = isNode(response.headers) ? response.headers : {};
        for (const [name, rawHeader] of Object.entries(headers)) {
          const header = deref(doc, rawHeader);
          const validator = `header_${refName(rawHeader) ?? `${id}_${status}_${name.replace(/\W/g, '_')}`}`;
          if (!named.has(validator)) {
            named.add(validator);
            entries.push(entry(validator, header.schema));
          }
          described.headers.push({ name, required: header.required === true, validator });
        }
        spec.responses[status] = described;
      }
      operations[id] = spec;
    }
  }
  return { operations, entries, documentedEntries };
}
