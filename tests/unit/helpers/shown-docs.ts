// What the README and the guides in docs/ show: their text, their tables row by row, and the
// settings a row names. docs/decisions/ are records of their time and are not read.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** README.md and every guide: docs/*.md and docs/guides/*.md. */
export const GUIDES = [
  'README.md',
  ...['docs', 'docs/guides'].flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `${dir}/${name}`),
  ),
];

/** A guide's text. */
export function guide(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}

/** One row of a Markdown table: its first cell and every cell by the header above it. */
export interface TableRow {
  file: string;
  first: string;
  cells: Record<string, string>;
}

const cellsOf = (line: string): string[] =>
  line
    .replace(/^\s*\|/, '')
    .replace(/\|\s*$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());

/** Every body row of every table in `files`. */
export function tableRows(files: string[] = GUIDES): TableRow[] {
  const rows: TableRow[] = [];
  for (const file of files) {
    const lines = guide(file).split('\n');
    let header: string[] | undefined;
    for (const [i, line] of lines.entries()) {
      if (!line.trimStart().startsWith('|')) {
        header = undefined;
        continue;
      }
      if (header === undefined) {
        if (/^\s*\|[\s:|-]+\|\s*$/.test(lines[i + 1] ?? '')) header = cellsOf(line);
        continue;
      }
      if (/^\s*\|[\s:|-]+\|\s*$/.test(line)) continue;
      const cells = cellsOf(line);
      rows.push({
        file,
        first: cells[0] ?? '',
        cells: Object.fromEntries((header ?? []).map((name, k) => [name, cells[k] ?? ''])),
      });
    }
  }
  return rows;
}

/** The settings a cell names, in order: `LIKE_THIS` in backticks (a `=1` suffix dropped). */
export function settingsIn(cell: string): string[] {
  return [...cell.matchAll(/`([A-Z][A-Z0-9_]+)(?:=[^`]*)?`/g)].map((match) => match[1] ?? '');
}

/** The default column of a row: the cell under a header that starts with "default". */
export function defaultCell(row: TableRow): string | undefined {
  const key = Object.keys(row.cells).find((name) => /^default/i.test(name));
  return key === undefined ? undefined : row.cells[key];
}
