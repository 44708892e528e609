import { isNode, type Node } from '../../contracts/spec-document.ts';
import { BUNDLE_ID, type ValidatorEntry } from './schema-bundle.ts';

const REF_PREFIX = `${BUNDLE_ID}#/$defs/`;

function refsIn(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) refsIn(item, out);
    return;
  }
  if (!isNode(node)) return;
  if (typeof node.$ref === 'string' && node.$ref.startsWith(REF_PREFIX)) out.add(node.$ref.slice(REF_PREFIX.length));
  for (const value of Object.values(node)) refsIn(value, out);
}

/**
 * The request schemas (bodies and path parameters, by operationId) with the component schemas
 * they reach, as JSON Schema 2020-12: what the generated tests build their inputs from, so that a
 * field added to the spec is generated without a code change.
 */
export function requestSchemasModule(bundle: Node, entries: ValidatorEntry[], header: string): string {
  const bodies: Record<string, unknown> = {};
  const paths: Record<string, unknown> = {};
  for (const e of entries) {
    const strip = ({ $id: _id, ...schema }: Node) => schema;
    if (e.exportName.endsWith('_request')) bodies[e.exportName.slice(0, -'_request'.length)] = strip(e.schema as Node);
    if (e.exportName.endsWith('_path')) paths[e.exportName.slice(0, -'_path'.length)] = strip(e.schema as Node);
  }
  const defs = isNode(bundle.$defs) ? bundle.$defs : {};
  const reached = new Set<string>();
  refsIn([bodies, paths], reached);
  for (let grew = true; grew; ) {
    const before = reached.size;
    for (const name of [...reached]) refsIn(defs[name], reached);
    grew = reached.size > before;
  }
  const kept = Object.fromEntries(
    Object.keys(defs)
      .filter((name) => reached.has(name))
      .map((name) => [name, defs[name]]),
  );
  const value = { refPrefix: REF_PREFIX, defs: kept, bodies, paths };
  return `${header}/* eslint-disable */\n/** The request schemas of the contract (see scripts/generate/request-schemas.ts). */\nexport const requestSchemas = ${JSON.stringify(value, null, 2)};\n`;
}
