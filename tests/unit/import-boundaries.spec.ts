// The layering of the tree, enforced by a check rather than by hope (as Playwright's DEPS.list
// does): each top-level folder may import only from the folders below it. TypeScript's own
// pre-processor finds the imports, so comments and strings that look like imports do not count.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What an import points at: a file of the tree (relative to the root), a Node module, or a package. */
type Target = { kind: 'file'; path: string } | { kind: 'node'; name: string } | { kind: 'package'; name: string };

/** A layer: its files, and what they may import. */
interface Layer {
  name: string;
  files: (path: string) => boolean;
  allows: (target: Target) => boolean;
}

const under =
  (...folders: string[]) =>
  (path: string) =>
    folders.some((folder) => path === folder || path.startsWith(`${folder}/`));
const fileUnder =
  (...folders: string[]) =>
  (target: Target) =>
    target.kind === 'file' && under(...folders)(target.path);
/** The part of contracts/ that k6 loads: no Node module, no package (k6 has no node_modules). */
const k6Contracts = under(
  'contracts/check',
  'contracts/generated',
  'contracts/operation-spec.ts',
  'contracts/request-meta-data.ts',
);

const LAYERS: Layer[] = [
  { name: 'lib/', files: under('lib'), allows: (t) => t.kind !== 'file' || under('lib')(t.path) },
  { name: 'contracts/ (k6-loaded part)', files: k6Contracts, allows: fileUnder('contracts') },
  {
    name: 'contracts/',
    files: under('contracts'),
    allows: (t) => t.kind !== 'file' || under('contracts', 'lib')(t.path),
  },
  {
    name: 'mock/',
    files: under('mock'),
    allows: (t) => t.kind !== 'file' || under('mock', 'contracts', 'lib')(t.path),
  },
  // The load report is a product of its own: it reads k6 output, never the mock's internals.
  {
    name: 'load-report/',
    files: under('load-report'),
    allows: (t) => t.kind !== 'file' || under('load-report', 'contracts', 'lib', 'load/lib/metric-names.ts')(t.path),
  },
  {
    name: 'load/',
    files: under('load'),
    allows: (t) =>
      (t.kind === 'package' && /^k6(\/|$)/.test(t.name)) ||
      (t.kind === 'file' && (under('load')(t.path) || k6Contracts(t.path))),
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    const stat = lstatSync(join(ROOT, path));
    // load/contracts links to contracts/ (decision 0010): those files are judged as contracts/.
    if (name === 'node_modules' || stat.isSymbolicLink()) return [];
    if (stat.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

function targetOf(from: string, specifier: string): Target {
  if (specifier.startsWith('.')) return { kind: 'file', path: relative(ROOT, resolve(ROOT, dirname(from), specifier)) };
  const bare = specifier.replace(/^node:/, '');
  if (specifier.startsWith('node:') || builtinModules.includes(bare.split('/')[0] ?? ''))
    return { kind: 'node', name: bare };
  return { kind: 'package', name: specifier };
}

function importsOf(path: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, path), 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** Every import that breaks a layer's rule, as "file -> specifier (layer)". */
function crossings(files: string[], layers: Layer[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    for (const layer of layers.filter((l) => l.files(file))) {
      for (const specifier of importsOf(file)) {
        if (!layer.allows(targetOf(file, specifier))) out.push(`${file} -> ${specifier} (${layer.name})`);
      }
    }
  }
  return out;
}

test('every import keeps the layering: lib/ and contracts/ below all, mock/ below tests and scripts, load/ on k6 and contracts/, the load report apart from the mock', () => {
  const files = ['lib', 'contracts', 'mock', 'load', 'load-report'].flatMap(sourceFiles);
  expect(files.length).toBeGreaterThan(50);
  expect(crossings(files, LAYERS)).toEqual([]);
});

test.describe('the boundary check itself', () => {
  const cases: Array<[string, { file: string; specifier: string; allowed: boolean }]> = [
    [
      'contracts/check may import the generated index',
      { file: 'contracts/check/x.ts', specifier: '../generated/validators.js', allowed: true },
    ],
    [
      'contracts/check may not import a Node module',
      { file: 'contracts/check/x.ts', specifier: 'node:fs', allowed: false },
    ],
    ['contracts/ may not import the mock', { file: 'contracts/x.ts', specifier: '../mock/build.ts', allowed: false }],
    [
      'mock/ may import contracts/',
      { file: 'mock/http/x.ts', specifier: '../../contracts/check/check-response.ts', allowed: true },
    ],
    [
      'mock/ may not import tests/',
      { file: 'mock/testing/x.ts', specifier: '../../tests/support/target.ts', allowed: false },
    ],
    ['mock/ may not import scripts/', { file: 'mock/x.ts', specifier: '../scripts/generate.ts', allowed: false }],
    ['load/ may import k6 modules', { file: 'load/lib/x.ts', specifier: 'k6/http', allowed: true }],
    ['load/ may not import a Node module', { file: 'load/lib/x.ts', specifier: 'node:fs', allowed: false }],
    [
      'load/ may not import the mock',
      { file: 'load/lib/x.ts', specifier: '../../mock/limits/random.ts', allowed: false },
    ],
    [
      'the load report may import the shared seeded generator',
      { file: 'load-report/x.ts', specifier: '../lib/seeded-random.ts', allowed: true },
    ],
    [
      'the load report may not import the mock',
      { file: 'load-report/x.ts', specifier: '../mock/limits/latency.ts', allowed: false },
    ],
    ['lib/ may not import the mock', { file: 'lib/x.ts', specifier: '../mock/build.ts', allowed: false }],
  ];
  for (const [name, { file, specifier, allowed }] of cases) {
    test(name, () => {
      const broken = LAYERS.filter((l) => l.files(file)).some((l) => !l.allows(targetOf(file, specifier)));
      expect(!broken).toBe(allowed);
    });
  }
});
