import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** Path of the single source of truth. */
export const SPEC_PATH = fileURLToPath(new URL('./openapi.yaml', import.meta.url));
/**
 * The same document as `npm run generate` last parsed it: JSON parses in 2 ms where the YAML takes
 * 700, and every Playwright worker that samples requests reads it (a worker restarts after each
 * failed test). tests/unit/generated-files.spec.ts holds it equal to the YAML.
 */
export const PARSED_SPEC_PATH = fileURLToPath(new URL('./generated/openapi.json', import.meta.url));

/** A loosely typed OpenAPI node: the generator walks it generically. */
export type Node = Record<string, unknown>;

/** Reads the contract (by default as generated from contracts/openapi.yaml), or the YAML or JSON at `path`. */
export async function loadSpec(path = PARSED_SPEC_PATH): Promise<Node> {
  const text = await readFile(path, 'utf8');
  const doc: unknown = path.endsWith('.json') ? JSON.parse(text) : parse(text);
  if (!isNode(doc) || typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.1')) {
    throw new Error(
      `Expected an OpenAPI 3.1 document in ${path}. Got ${JSON.stringify(isNode(doc) ? doc.openapi : typeof doc)}.`,
    );
  }
  return doc;
}

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a local `$ref` (a JSON pointer into the same document). */
export function resolvePointer(doc: Node, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`Expected a local $ref starting with "#/". Got "${ref}".`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isNode(node) || !(key in node)) throw new Error(`Unresolved $ref "${ref}" (no "${key}").`);
    node = node[key];
  }
  return node;
}

/** Replaces a `{ $ref }` node (response, parameter, header) by its target, repeatedly. */
export function deref(doc: Node, node: unknown): Node {
  let current = node;
  for (let hops = 0; isNode(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 16) throw new Error(`$ref cycle at ${current.$ref}`);
    current = resolvePointer(doc, current.$ref);
  }
  if (!isNode(current)) throw new Error(`Expected an object. Got ${JSON.stringify(current)}.`);
  return current;
}
