// The import boundaries of the whole tree, enforced by a check rather than by hope, as Playwright's
// DEPS.list files do: each folder's DEPS.list says what its files may import (see the root
// DEPS.list for the format). Three more rules hold across lists: every source file is governed by
// a list; k6 loads only k6 modules and relative files (followed from every load/*.ts script through
// every file it reaches); and what the package ships imports only packages of "dependencies".
// TypeScript's own pre-processor finds the imports, so comments and strings that look like imports
// do not count.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { typescriptCompiler } from './helpers/typescript-compiler.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCE = /\.(ts|js|mjs)$/;
/** Folders whose files are no one's source: machine output, installs, reports. */
const SKIPPED = new Set(['node_modules', '.git', 'reports', 'test-results', 'contracts/generated']);

/** What an import points at: a file of the tree (relative to the root), a Node module, or a package. */
type Target = { kind: 'file'; path: string } | { kind: 'node'; name: string } | { kind: 'package'; name: string };

/** One DEPS.list: where it stands, and its sections ('*' or a file name) with their entries. */
interface DepsList {
  dir: string;
  sections: Map<string, string[]>;
}

/** Parses a DEPS.list's text; `dir` is its folder relative to the root ('' for the root). */
function parseDepsList(dir: string, text: string): DepsList {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = [];
      sections.set(header[1] ?? '', current);
    } else if (current) current.push(line);
    else throw new Error(`${dir || '.'}/DEPS.list: the entry "${line}" stands before any [section].`);
  }
  return { dir, sections };
}

/** A path of the tree as written, with the load/contracts link read as the folder it links to (decision 0010). */
function canonical(path: string): string {
  return path === 'load/contracts' || path.startsWith('load/contracts/') ? path.slice('load/'.length) : path;
}

function targetOf(from: string, specifier: string): Target {
  if (specifier.startsWith('.'))
    return { kind: 'file', path: canonical(posix.normalize(posix.join(posix.dirname(from), specifier))) };
  const bare = specifier.replace(/^node:/, '');
  if (specifier.startsWith('node:') || builtinModules.includes(bare.split('/')[0] ?? ''))
    return { kind: 'node', name: bare };
  return { kind: 'package', name: specifier };
}

/** The package an import names: `@scope/name` or `name`, without a subpath. */
function packageOf(name: string): string {
  return name
    .split('/')
    .slice(0, name.startsWith('@') ? 2 : 1)
    .join('/');
}

/** Whether one entry of a list (relative to the list's folder) admits a target. */
function admits(list: DepsList, entry: string, target: Target): boolean {
  if (entry === 'node:*') return target.kind === 'node';
  if (entry.startsWith('node_modules/'))
    return target.kind === 'package' && packageOf(target.name) === entry.slice('node_modules/'.length);
  if (target.kind !== 'file') return false;
  const path = posix.normalize(posix.join(list.dir, entry));
  return entry.endsWith('/') ? target.path.startsWith(path.endsWith('/') ? path : `${path}/`) : target.path === path;
}

/** The rules a file is held to: its nearest list and the entries that govern it there. */
interface Governance {
  list: DepsList;
  entries: string[];
}

/** The DEPS.list that governs a file, and its entries for it; undefined when none does. */
function governanceOf(file: string, lists: Map<string, DepsList>): Governance | undefined {
  for (let dir = posix.dirname(file); ; dir = posix.dirname(dir)) {
    const key = dir === '.' ? '' : dir;
    const list = lists.get(key);
    const name = key === '' ? file : file.slice(key.length + 1);
    // The root list names its files one by one: a file of the root is not under a [*] of any folder.
    const own = list?.sections.get(name);
    const all = key === '' ? undefined : list?.sections.get('*');
    if (list && (own || all)) return { list, entries: [...(all ?? []), ...(own ?? [])] };
    if (key === '') return undefined;
  }
}

/** Whether a target is governed by the same list as the importing file (siblings may import each other). */
function sameList(target: Target, governance: Governance, lists: Map<string, DepsList>): boolean {
  return target.kind === 'file' && governanceOf(target.path, lists)?.list === governance.list;
}

function sourceFiles(dir = ''): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = dir ? `${dir}/${name}` : name;
    // load/contracts links to contracts/ (decision 0010): its files are read where they live.
    if (SKIPPED.has(path) || SKIPPED.has(name) || lstatSync(join(ROOT, path)).isSymbolicLink()) return [];
    if (lstatSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function depsLists(): Map<string, DepsList> {
  const lists = new Map<string, DepsList>();
  const walk = (dir: string) => {
    const file = join(ROOT, dir, 'DEPS.list');
    if (existsSync(file)) lists.set(dir, parseDepsList(dir, readFileSync(file, 'utf8')));
    for (const name of readdirSync(join(ROOT, dir))) {
      const path = dir ? `${dir}/${name}` : name;
      if (!SKIPPED.has(path) && !SKIPPED.has(name) && lstatSync(join(ROOT, path)).isDirectory()) walk(path);
    }
  };
  walk('');
  return lists;
}

function importsOf(path: string): string[] {
  const info = typescriptCompiler().preProcessFile(readFileSync(join(ROOT, path), 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** Every import that its file's DEPS.list does not admit, as "file -> specifier (list)"; and every ungoverned file. */
function crossings(files: string[], lists: Map<string, DepsList>): string[] {
  const out: string[] = [];
  for (const file of files) {
    const governance = governanceOf(file, lists);
    if (!governance) {
      out.push(`${file}: no DEPS.list governs it (add one to its folder, or a [${posix.basename(file)}] section)`);
      continue;
    }
    for (const specifier of importsOf(file)) {
      const target = targetOf(file, specifier);
      if (sameList(target, governance, lists)) continue;
      if (!governance.entries.some((entry) => admits(governance.list, entry, target)))
        out.push(`${file} -> ${specifier} (${governance.list.dir || '.'}/DEPS.list)`);
    }
  }
  return out;
}

/** Every file a set of entry files reaches through relative imports (the load/contracts link followed). */
function reachable(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of importsOf(file)) {
      const target = targetOf(file, specifier);
      if (target.kind === 'file') queue.push(target.path);
    }
  }
  return seen;
}

/** Whether the package ships a file, by package.json's "files". */
function shipped(file: string, patterns: string[]): boolean {
  return patterns.some((p) => file === p || file.startsWith(`${p}/`));
}

test('every source file of the tree is governed by a DEPS.list, and every import is one its list admits', () => {
  const files = sourceFiles();
  expect(files.length).toBeGreaterThan(250);
  expect(crossings(files, depsLists())).toEqual([]);
});

test('nothing outside tests/ imports tests/', () => {
  const wrong = sourceFiles()
    .filter((file) => !file.startsWith('tests/'))
    .flatMap((file) => importsOf(file).map((specifier) => ({ file, target: targetOf(file, specifier) })))
    .filter(({ target }) => target.kind === 'file' && target.path.startsWith('tests/'));
  expect(wrong).toEqual([]);
});

test('k6 loads only k6 modules and files of the tree, from every load script through every file it reaches', () => {
  const scripts = readdirSync(join(ROOT, 'load'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `load/${name}`);
  expect(scripts.length).toBeGreaterThanOrEqual(4);
  const files = [...reachable(scripts)];
  // The scripts reach into contracts/ (the checker and the index): those are held to k6's rule too.
  expect(files.some((f) => f.startsWith('contracts/check/'))).toBe(true);
  const wrong = files.flatMap((file) =>
    importsOf(file)
      .map((specifier) => ({ specifier, target: targetOf(file, specifier) }))
      .filter(({ target }) => target.kind === 'node' || (target.kind === 'package' && !/^k6(\/|$)/.test(target.name)))
      .map(({ specifier }) => `${file} -> ${specifier}`),
  );
  expect(wrong).toEqual([]);
});

test('what the package ships imports only packages of "dependencies", and ships every file it imports', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    files: string[];
    dependencies: Record<string, string>;
  };
  const files = sourceFiles().filter((file) => shipped(file, pkg.files));
  expect(files.length).toBeGreaterThan(100);
  const wrong = files.flatMap((file) =>
    importsOf(file).flatMap((specifier) => {
      const target = targetOf(file, specifier);
      if (target.kind === 'package' && !/^k6(\/|$)/.test(target.name) && !(packageOf(target.name) in pkg.dependencies))
        return [`${file} -> ${specifier}: not a dependency`];
      if (target.kind === 'file' && !shipped(target.path, pkg.files)) return [`${file} -> ${specifier}: not shipped`];
      return [];
    }),
  );
  expect(wrong).toEqual([]);
});

test.describe('the boundary check itself', () => {
  const lists = new Map<string, DepsList>([
    ['', parseDepsList('', '[root.ts]\na/\n')],
    ['a', parseDepsList('a', '[*]\n../b/\nnode:*\nnode_modules/fast-check\n[special.ts]\nnode_modules/yaml\n')],
    ['a/deep', parseDepsList('a/deep', '[*]\n../\n')],
    ['b', parseDepsList('b', '[*]\n')],
    ['load', parseDepsList('load', '[*]\n../contracts/check/\n')],
  ]);
  const cases: Array<[string, { file: string; specifier: string; allowed: boolean }]> = [
    ['a file may import a folder its list names', { file: 'a/x.ts', specifier: '../b/y.ts', allowed: true }],
    ['a file may import a sibling under the same list', { file: 'a/x.ts', specifier: './sub/y.ts', allowed: true }],
    ['a file may not import what its list does not name', { file: 'b/x.ts', specifier: '../a/y.ts', allowed: false }],
    ['node:* admits Node modules', { file: 'a/x.ts', specifier: 'node:fs', allowed: true }],
    ['a bare Node module counts as one', { file: 'b/x.ts', specifier: 'fs', allowed: false }],
    ['a package entry admits its subpaths', { file: 'a/x.ts', specifier: 'fast-check/lib/x.js', allowed: true }],
    ['a package not listed is refused', { file: 'a/x.ts', specifier: 'yaml', allowed: false }],
    ['a [file] section adds to [*] for that file', { file: 'a/special.ts', specifier: 'yaml', allowed: true }],
    [
      'a deeper list replaces its parent for its files',
      { file: 'a/deep/x.ts', specifier: '../../b/y.ts', allowed: false },
    ],
    ['a deeper list may admit its parent folder', { file: 'a/deep/x.ts', specifier: '../y.ts', allowed: true }],
    ['the root list names its files', { file: 'root.ts', specifier: './a/y.ts', allowed: true }],
    [
      'a path through the load/contracts link is read as contracts/',
      { file: 'load/lib/x.ts', specifier: '../contracts/check/y.ts', allowed: true },
    ],
    [
      'the link gives no more than the list names',
      { file: 'load/lib/x.ts', specifier: '../contracts/mock/y.ts', allowed: false },
    ],
  ];
  for (const [name, { file, specifier, allowed }] of cases) {
    test(name, () => {
      const governance = governanceOf(file, lists);
      if (!governance) throw new Error(`no list governs ${file}`);
      const target = targetOf(file, specifier);
      const ok =
        sameList(target, governance, lists) || governance.entries.some((e) => admits(governance.list, e, target));
      expect(ok).toBe(allowed);
    });
  }
  test('a file that no list governs is named', () => {
    expect(governanceOf('c/x.ts', lists)).toBeUndefined();
    expect(governanceOf('other-root.ts', lists)).toBeUndefined();
  });
  test('an entry before any section is refused with the fix', () => {
    expect(() => parseDepsList('z', 'node:*\n')).toThrow(/before any \[section\]/);
  });
  test('the package check reads "files" as folders and files', () => {
    expect(shipped('contracts/check/x.ts', ['contracts'])).toBe(true);
    expect(shipped('contracts-old/x.ts', ['contracts'])).toBe(false);
    expect(shipped('playwright.config.ts', ['playwright.config.ts'])).toBe(true);
  });
});
