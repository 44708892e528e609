// Where each statement of the contract comes from (docs/decisions/0070-provenance-and-verdicts.md):
// a page of the docs, or an assumption with its reason. The root's `x-docs` names the pages; a node
// says `x-source: [page, ...]` (documented) or `x-assumed: <reason>` (assumed). Inside a schema a
// node inherits its parent's provenance until it says otherwise; `x-assumed-keywords` narrows an
// assumption to some keywords of the node, `x-assumed-required` to some of its required fields.
// A `$ref` does not carry provenance across: the component it names has its own.
// The generator derives the documented-only validators from this (only a documented statement
// makes a red build), and tests/unit/provenance.spec.ts holds every statement to having one.
import { isNode, type Node } from './spec-document.ts';

/** The versions a page of the docs can be: the older reference (2025), the newer one (2026), a guide. */
export type PageVersion = '2025' | '2026' | 'guide';

/** One page of the catalog in `x-docs`. */
export interface DocsPage {
  url: string;
  version: PageVersion;
  /** True where the page is known from a reader's notes and no stored copy of it exists here. */
  unstored?: boolean;
}

/** Where one statement comes from. */
export type Basis =
  | { documented: true; pages: string[] }
  | { documented: false; reason: string; id: string }
  /** No provenance at all: the provenance test names every such statement. */
  | { documented: false; missing: true };

/** The keywords of a schema that state something a value must keep. */
export const CONSTRAINT_KEYWORDS = [
  'type',
  'enum',
  'const',
  'required',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'additionalProperties',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  '$ref',
] as const;

/** Keywords whose values are schemas by property name. */
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs'] as const;
/** Keywords whose value is one schema. */
const SCHEMA_VALUES = ['items', 'additionalProperties', 'not', 'contains', 'propertyNames'] as const;
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = ['oneOf', 'anyOf', 'allOf', 'prefixItems'] as const;

const MISSING: Basis = { documented: false, missing: true };

/** The pages a node names in `x-source`, as a list (one key or several). */
function sourcesOf(node: Node): string[] | undefined {
  const raw = node['x-source'];
  if (raw === undefined) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map(String);
}

/** The id of an assumption: `x-assumed-id`, else the JSON pointer of the node that carries it. */
function assumptionId(node: Node, pointer: string): string {
  const explicit = node['x-assumed-id'];
  return typeof explicit === 'string' ? explicit : pointer;
}

/**
 * The provenance of a node as a whole: its own `x-source`, else its own `x-assumed` (unless that is
 * narrowed to some keywords or fields), else what it inherits.
 */
export function nodeBasis(node: Node, pointer: string, inherited: Basis): Basis {
  const pages = sourcesOf(node);
  const narrowed = node['x-assumed-keywords'] !== undefined || node['x-assumed-required'] !== undefined;
  if (typeof node['x-assumed'] === 'string' && !narrowed)
    return { documented: false, reason: node['x-assumed'], id: assumptionId(node, pointer) };
  if (pages) return { documented: true, pages };
  return inherited;
}

/** The provenance of one keyword of a node whose basis as a whole is `basis`. */
export function keywordBasis(node: Node, pointer: string, keyword: string, basis: Basis): Basis {
  const listed = node['x-assumed-keywords'];
  if (Array.isArray(listed) && listed.includes(keyword) && typeof node['x-assumed'] === 'string')
    return { documented: false, reason: node['x-assumed'], id: assumptionId(node, pointer) };
  return basis;
}

/** The provenance of one required field of a node whose basis as a whole is `basis`. */
export function requiredBasis(node: Node, pointer: string, field: string, basis: Basis): Basis {
  const listed = node['x-assumed-required'];
  if (Array.isArray(listed) && listed.includes(field) && typeof node['x-assumed'] === 'string')
    return { documented: false, reason: node['x-assumed'], id: assumptionId(node, pointer) };
  return keywordBasis(node, pointer, 'required', basis);
}

/** One statement of a schema: a keyword of a node (a required field counts on its own), and where it comes from. */
export interface SchemaStatement {
  pointer: string;
  keyword: string;
  field?: string;
  basis: Basis;
}

/** Every statement of a schema, depth first; `$ref` targets are not followed (they are statements of their own). */
export function schemaStatements(schema: unknown, pointer: string, inherited: Basis = MISSING): SchemaStatement[] {
  if (!isNode(schema)) return [];
  const basis = nodeBasis(schema, pointer, inherited);
  const out: SchemaStatement[] = [];
  for (const keyword of CONSTRAINT_KEYWORDS) {
    const value = schema[keyword];
    if (value === undefined) continue;
    // A lenient `additionalProperties: true` states nothing a value could break.
    if (keyword === 'additionalProperties' && value === true) continue;
    if (keyword === 'required' && Array.isArray(value)) {
      for (const field of value)
        out.push({
          pointer,
          keyword,
          field: String(field),
          basis: requiredBasis(schema, pointer, String(field), basis),
        });
      continue;
    }
    out.push({ pointer, keyword, basis: keywordBasis(schema, pointer, keyword, basis) });
  }
  for (const key of SCHEMA_MAPS) {
    const map = schema[key];
    if (!isNode(map)) continue;
    // Component schemas under $defs are roots of their own: they inherit nothing.
    const down = key === '$defs' ? MISSING : basis;
    for (const [name, child] of Object.entries(map))
      out.push(...schemaStatements(child, `${pointer}/${key}/${name}`, down));
  }
  for (const key of SCHEMA_VALUES) out.push(...schemaStatements(schema[key], `${pointer}/${key}`, basis));
  for (const key of SCHEMA_LISTS) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (const [i, child] of list.entries()) out.push(...schemaStatements(child, `${pointer}/${key}/${i}`, basis));
  }
  return out;
}

/**
 * The same schema with every assumed statement taken out: what a response must keep for a
 * documented promise to hold. An assumed node keeps no constraint (a `$ref` included: which
 * schema applies there is part of what was assumed); a documented one keeps its own and passes
 * its provenance down.
 */
export function documentedOnly(schema: unknown, pointer: string, inherited: Basis = MISSING): unknown {
  if (Array.isArray(schema)) return schema.map((item, i) => documentedOnly(item, `${pointer}/${i}`, inherited));
  if (!isNode(schema)) return schema;
  const basis = nodeBasis(schema, pointer, inherited);
  const out: Node = {};
  for (const [key, value] of Object.entries(schema)) {
    const constraint = (CONSTRAINT_KEYWORDS as readonly string[]).includes(key);
    if (key === 'required' && Array.isArray(value)) {
      const kept = value.filter((field) => requiredBasis(schema, pointer, String(field), basis).documented);
      if (kept.length > 0) out.required = kept;
      continue;
    }
    if (
      constraint &&
      !keywordBasis(schema, pointer, key, basis).documented &&
      !(key === 'additionalProperties' && value === true)
    )
      continue;
    if ((SCHEMA_MAPS as readonly string[]).includes(key) && isNode(value)) {
      const down = key === '$defs' ? MISSING : basis;
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, documentedOnly(child, `${pointer}/${key}/${name}`, down)]),
      );
    } else if (
      (SCHEMA_VALUES as readonly string[]).includes(key) ||
      (SCHEMA_LISTS as readonly string[]).includes(key)
    ) {
      out[key] = documentedOnly(value, `${pointer}/${key}`, basis);
    } else {
      out[key] = value;
    }
  }
  // With assumed statements taken out, two branches may accept the same body (an error_code whose
  // set of codes is assumed): a documented promise holds when any branch does, so oneOf reads as
  // anyOf, and the discriminator, which needs each branch's enum of codes, goes.
  delete out.discriminator;
  if (out.oneOf !== undefined) {
    if (out.anyOf !== undefined) throw new Error(`Expected oneOf or anyOf at ${pointer}, not both.`);
    out.anyOf = out.oneOf;
    delete out.oneOf;
  }
  return out;
}

/** The catalog of pages at the root of the spec (`x-docs`), checked for shape. */
export function docsCatalog(doc: Node): Record<string, DocsPage> {
  const raw = doc['x-docs'];
  if (!isNode(raw))
    throw new Error('Expected x-docs at the root of the spec: the catalog of the pages statements cite.');
  const out: Record<string, DocsPage> = {};
  for (const [key, page] of Object.entries(raw)) {
    const { url, version, unstored } = isNode(page) ? page : {};
    if (typeof url !== 'string' || !['2025', '2026', 'guide'].includes(String(version)))
      throw new Error(
        `Expected x-docs.${key} to have a url and a version (2025, 2026 or guide). Got ${JSON.stringify(page)}.`,
      );
    out[key] = { url, version: version as PageVersion, ...(unstored === true ? { unstored: true } : {}) };
  }
  return out;
}

/** One statement of the contract, where it is, and where it comes from. */
export interface Statement {
  /** JSON pointer of the node that makes it. */
  pointer: string;
  /** What it states: `operation`, `response`, `header`, `parameter`, `request body`, or a schema keyword. */
  what: string;
  basis: Basis;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** A node's own provenance as a whole (operations, responses, headers, parameters, request bodies). */
function ownBasis(node: Node, pointer: string): Basis {
  return nodeBasis(node, pointer, MISSING);
}

/** What a body schema under this object inherits: the object's `x-source` (its `x-assumed` is about the object itself). */
function inheritedBySchema(node: Node): Basis {
  const pages = sourcesOf(node);
  return pages ? { documented: true, pages } : MISSING;
}

/** A node that may be a `$ref` (to a component of the same document) and the pointer it stands at. */
function follow(doc: Node, node: unknown, pointer: string): { node: Node; pointer: string } | undefined {
  if (!isNode(node)) return undefined;
  if (typeof node.$ref !== 'string') return { node, pointer };
  const ref = node.$ref;
  let target: unknown = doc;
  for (const raw of ref.slice(2).split('/'))
    target = isNode(target) ? target[raw.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
  return isNode(target) ? { node: target, pointer: ref } : undefined;
}

function schemaOf(media: unknown): unknown {
  return isNode(media) ? media.schema : undefined;
}

/**
 * Every statement of the contract: each operation, response, header, parameter and request body,
 * and every keyword of every schema (inline, and each component once), with its provenance.
 */
export function contractStatements(doc: Node): Statement[] {
  const out: Statement[] = [];
  const seen = new Set<string>();
  /** True the first time a shared component is met: each is walked once. */
  const once = (pointer: string) => {
    if (seen.has(pointer)) return false;
    seen.add(pointer);
    return true;
  };
  const body = (content: unknown, pointer: string, inherited: Basis) => {
    if (!isNode(content)) return;
    for (const [type, media] of Object.entries(content))
      for (const s of schemaStatements(schemaOf(media), `${pointer}/content/${escapePointer(type)}/schema`, inherited))
        out.push({ pointer: s.pointer, what: s.field ? `required ${s.field}` : s.keyword, basis: s.basis });
  };
  const parameter = (raw: unknown, pointer: string) => {
    const found = follow(doc, raw, pointer);
    if (!found || !once(found.pointer)) return;
    out.push({ pointer: found.pointer, what: 'parameter', basis: ownBasis(found.node, found.pointer) });
    for (const s of schemaStatements(found.node.schema, `${found.pointer}/schema`, ownBasis(found.node, found.pointer)))
      out.push({ pointer: s.pointer, what: s.field ? `required ${s.field}` : s.keyword, basis: s.basis });
  };
  const paths = isNode(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isNode(item)) continue;
    const itemPointer = `#/paths/${escapePointer(path)}`;
    for (const [i, p] of (Array.isArray(item.parameters) ? item.parameters : []).entries())
      parameter(p, `${itemPointer}/parameters/${i}`);
    for (const method of METHODS) {
      const op = item[method];
      if (!isNode(op)) continue;
      const opPointer = `${itemPointer}/${method}`;
      out.push({ pointer: opPointer, what: 'operation', basis: ownBasis(op, opPointer) });
      for (const [i, p] of (Array.isArray(op.parameters) ? op.parameters : []).entries())
        parameter(p, `${opPointer}/parameters/${i}`);
      const request = follow(doc, op.requestBody, `${opPointer}/requestBody`);
      if (request && once(request.pointer)) {
        out.push({ pointer: request.pointer, what: 'request body', basis: ownBasis(request.node, request.pointer) });
        body(request.node.content, request.pointer, inheritedBySchema(request.node));
      }
      const responses = isNode(op.responses) ? op.responses : {};
      for (const [status, raw] of Object.entries(responses)) {
        const response = follow(doc, raw, `${opPointer}/responses/${status}`);
        if (!response || !once(response.pointer)) continue;
        out.push({ pointer: response.pointer, what: 'response', basis: ownBasis(response.node, response.pointer) });
        body(response.node.content, response.pointer, inheritedBySchema(response.node));
        const headers = isNode(response.node.headers) ? response.node.headers : {};
        for (const [name, rawHeader] of Object.entries(headers)) {
          const header = follow(doc, rawHeader, `${response.pointer}/headers/${escapePointer(name)}`);
          if (!header || !once(header.pointer)) continue;
          out.push({ pointer: header.pointer, what: 'header', basis: ownBasis(header.node, header.pointer) });
          // A header's own x-assumed is about its value too (unlike a response's, which is about the status).
          for (const s of schemaStatements(
            header.node.schema,
            `${header.pointer}/schema`,
            ownBasis(header.node, header.pointer),
          ))
            out.push({ pointer: s.pointer, what: s.keyword, basis: s.basis });
        }
      }
    }
  }
  const components = isNode(doc.components) ? doc.components : {};
  const schemas = isNode(components.schemas) ? components.schemas : {};
  for (const [name, schema] of Object.entries(schemas))
    for (const s of schemaStatements(schema, `#/components/schemas/${escapePointer(name)}`))
      out.push({ pointer: s.pointer, what: s.field ? `required ${s.field}` : s.keyword, basis: s.basis });
  return out;
}

/** Every page key a node of the document cites in `x-source`, with where. */
export function citedPages(node: unknown, pointer = '#'): Array<{ pointer: string; page: string }> {
  if (Array.isArray(node)) return node.flatMap((item, i) => citedPages(item, `${pointer}/${i}`));
  if (!isNode(node)) return [];
  const own = (sourcesOf(node) ?? []).map((page) => ({ pointer, page }));
  return [
    ...own,
    ...Object.entries(node)
      .filter(([key]) => key !== 'x-source')
      .flatMap(([key, value]) => citedPages(value, `${pointer}/${escapePointer(key)}`)),
  ];
}
