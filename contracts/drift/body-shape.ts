// The shape of a body: each field path with its JSON type, never a value, so that two answers can
// be compared (and a live one reported) without any of their content.
import { ndjsonLines, parseJson } from '../check/body-text.ts';

/** Field path (`/delta/content`, `[]` for any array item, `` for the root) to JSON type(s), `|`-joined when they vary. */
export type BodyShape = Record<string, string>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function walk(value: unknown, path: string, out: Map<string, Set<string>>): void {
  let types = out.get(path);
  if (!types) out.set(path, (types = new Set()));
  types.add(typeOf(value));
  if (Array.isArray(value)) {
    for (const item of value) walk(item, `${path}/[]`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value))
      walk(inner, `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, out);
  }
}

/**
 * The shape of a body: JSON, or NDJSON (every line merged), or `<empty>` / `<not JSON>` at the
 * root. Numbers are one type: whether 2 or 2.5 arrived is a value, not a shape.
 */
export function bodyShape(text: string, ndjson: boolean): BodyShape {
  if (text.trim() === '') return { '': '<empty>' };
  const out = new Map<string, Set<string>>();
  for (const line of ndjson ? ndjsonLines(text) : [text]) {
    const parsed = parseJson(line);
    if (!parsed.ok) return { '': '<not JSON>' };
    walk(parsed.value, '', out);
  }
  return Object.fromEntries(
    [...out].sort(([a], [b]) => a.localeCompare(b)).map(([path, types]) => [path, [...types].sort().join('|')]),
  );
}

/** Whether both shapes have items in every array along the path: an empty list shows no item shape. */
function itemsOnBothSides(path: string, a: BodyShape, b: BodyShape): boolean {
  for (let at = path.indexOf('/[]'); at >= 0; at = path.indexOf('/[]', at + 1)) {
    const items = path.slice(0, at + 3);
    if (a[items] === undefined || b[items] === undefined) return false;
  }
  return true;
}

/** The object/array part of a type, which decides whether a path has children. */
function container(type: string | undefined): string | undefined {
  return type
    ?.split('|')
    .filter((t) => t === 'object' || t === 'array')
    .join('|');
}

/** Whether a difference at an ancestor already explains this path (a missing object, a list that is now a string). */
function explainedAbove(path: string, a: BodyShape, b: BodyShape): boolean {
  for (let at = path.lastIndexOf('/'); at >= 0; at = path.lastIndexOf('/', at - 1)) {
    const ancestor = path.slice(0, at);
    if (container(a[ancestor]) !== container(b[ancestor])) return true;
    if (at === 0) break;
  }
  return false;
}

/** The topmost paths whose presence or type differs between two shapes, in path order. */
export function shapeDifferences(a: BodyShape, b: BodyShape): Array<{ path: string; a?: string; b?: string }> {
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return paths
    .filter((p) => a[p] !== b[p] && itemsOnBothSides(p, a, b) && !explainedAbove(p, a, b))
    .map((path) => ({
      path,
      ...(a[path] === undefined ? {} : { a: a[path] }),
      ...(b[path] === undefined ? {} : { b: b[path] }),
    }));
}
