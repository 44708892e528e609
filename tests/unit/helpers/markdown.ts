// Just enough Markdown for the documentation tests: fenced code is not prose, links are checked the
// way GitHub resolves them (relative to the file, anchors as GitHub slugs its headings).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';

/** A line of a Markdown file outside fenced code, with its 1-based number. */
export interface ProseLine {
  line: number;
  text: string;
}

/** The lines outside fenced code blocks (``` or ~~~), fences included in neither. */
export function proseLines(markdown: string): ProseLine[] {
  const out: ProseLine[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, i) => {
    const opening = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence === undefined && opening) fence = opening;
    else if (fence !== undefined && opening?.startsWith(fence[0] ?? '') && opening.length >= fence.length)
      fence = undefined;
    else if (fence === undefined) out.push({ line: i + 1, text });
  });
  return out;
}

/** The line with its code spans blanked out, so that a link written as code is not a link. */
function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)[\s\S]*?\1/g, (span) => ' '.repeat(span.length));
}

/** A link or image target of a Markdown file, as written. */
export interface MarkdownLink {
  line: number;
  target: string;
}

/** Inline links and images (`[text](target "title")`) outside code. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  return proseLines(markdown).flatMap(({ line, text }) =>
    [...withoutCodeSpans(text).matchAll(/!?\[[^\]]*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+["'(][^)]*)?\)/g)].map((m) => ({
      line,
      target: (m[1] ?? '').replace(/^<|>$/g, ''),
    })),
  );
}

/** GitHub's anchor for a heading's text: inline markup dropped, lower case, punctuation gone, spaces as hyphens. */
export function githubSlug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .replace(/(\*\*|__|\*|\b_|_\b)/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The ATX headings outside code, with their level and text. */
export function headings(markdown: string): Array<{ level: number; text: string }> {
  return proseLines(markdown).flatMap(({ text }) => {
    const m = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text);
    return m ? [{ level: m[1]?.length ?? 0, text: m[2] ?? '' }] : [];
  });
}

/** Every anchor the headings of a file give, repeated ones numbered as GitHub numbers them (-1, -2, ...). */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const { text } of headings(markdown)) {
    const base = githubSlug(text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** A target with a scheme (https:, mailto:) or a protocol-relative one: not a file of the tree. */
const external = (target: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

/**
 * The relative links of a Markdown file that do not resolve, as `file:line: target: why`: a file or
 * folder that does not exist, or an anchor that no heading of the target file gives.
 */
export function brokenLinks(file: string, root: string): string[] {
  const markdown = readFileSync(file, 'utf8');
  const where = (line: number) => `${relative(root, file)}:${line}`;
  return markdownLinks(markdown).flatMap(({ line, target }) => {
    if (external(target)) return [];
    const hash = target.indexOf('#');
    const path = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    if (path.startsWith('/')) return [`${where(line)}: ${target}: a path from the site root; write it relative`];
    const linked = path === '' ? file : resolve(dirname(file), path);
    if (!existsSync(linked)) return [`${where(line)}: ${target}: no such file or folder`];
    if (anchor === undefined || anchor === '') return [];
    if (statSync(linked).isDirectory() || extname(linked) !== '.md')
      return [`${where(line)}: ${target}: an anchor into something that is not a Markdown file`];
    if (!headingAnchors(readFileSync(linked, 'utf8')).has(anchor))
      return [`${where(line)}: ${target}: no heading of ${relative(root, linked)} gives #${anchor}`];
    return [];
  });
}

/** The Markdown files under a folder, depth first, in a stable order. */
export function markdownFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return markdownFilesUnder(path);
      return extname(name) === '.md' ? [path] : [];
    });
}
