// What k6 does to a .ts script, done here without k6: each file goes through esbuild's transform
// with the options k6 uses (internal/js/compiler: loader ts, target esnext, platform neutral), and
// the imports that survive are checked against what k6 can load: its own modules, relative .ts
// files of load/, and from contracts/ (through the load/contracts link) the checker, the operation
// index types and the generated validators. Nothing else exists for k6: no node_modules, no Node
// built-ins.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { buildSync, transformSync } from 'esbuild';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const LOAD_DIR = join(ROOT, 'load');
/** load/contracts, the link to ../contracts through which k6 scripts import the contract's code. */
export const CONTRACTS_LINK = join(LOAD_DIR, 'contracts');
/** The generated modules k6 loads as they are: plain, dependency-free JavaScript (`npm run generate`). */
export const GENERATED_MODULES = ['validators.js', 'rate-budgets.js'].map((name) =>
  join(CONTRACTS_LINK, 'generated', name),
);
/** The contract code k6 may load: the checker (k6-compatible by rule) and the operation index types. */
const CONTRACT_CODE = [
  join(CONTRACTS_LINK, 'check') + sep,
  // The one 429 policy of every client: it imports nothing, so k6 can load it too.
  join(CONTRACTS_LINK, 'client', 'retry-after.ts'),
  join(CONTRACTS_LINK, 'operation-spec.ts'),
  join(CONTRACTS_LINK, 'request-meta-data.ts'),
];
export const SCRIPTS = ['smoke.ts', 'latency.ts', 'rate-limit.ts', 'stream.ts'] as const;

/** k6's own modules: those @types/k6 types, except k6/options, which holds types only. */
export const K6_MODULES: ReadonlySet<string> = (() => {
  const base = join(ROOT, 'node_modules', '@types', 'k6');
  const found = new Set<string>(['k6']);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (!statSync(path).isDirectory()) continue;
      if (existsSync(join(path, 'index.d.ts'))) found.add(`k6/${relative(base, path).split(sep).join('/')}`);
      walk(path);
    }
  };
  walk(base);
  found.delete('k6/options');
  return found;
})();

/** The transform k6 applies to a .ts file (esbuild's TransformOptions in k6's compiler). */
export function transformLikeK6(source: string, filename: string, target = 'esnext'): string {
  return transformSync(source, {
    loader: 'ts',
    target,
    platform: 'neutral',
    sourcefile: filename,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  }).code;
}

/** An import that survives the transform. */
export interface ImportRecord {
  specifier: string;
  kind: string;
}

/** The imports esbuild's parser finds in transformed code (static, dynamic and require), from its metafile. */
export function importsOf(code: string, filename: string): ImportRecord[] {
  const result = buildSync({
    stdin: { contents: code, loader: 'js', sourcefile: filename, resolveDir: dirname(filename) },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    metafile: true,
    // Everything external: esbuild only lists what the file imports, it loads nothing.
    external: ['*'],
    logLevel: 'silent',
  });
  return Object.values(result.metafile.inputs).flatMap((input) =>
    input.imports.map((record) => ({ specifier: record.original ?? record.path, kind: record.kind })),
  );
}

/** A rule a file breaks. */
export interface ImportViolation {
  file: string;
  specifier: string;
  reason: string;
}

/** One file of a script's import graph, after the transform. */
export interface GraphFile {
  path: string;
  code: string;
  imports: ImportRecord[];
}

/** Resolves an allowed import to a file path, or explains why k6 cannot load it. */
export function judgeImport(from: string, record: ImportRecord): { path: string | null } | { reason: string } {
  const { specifier, kind } = record;
  if (kind !== 'import-statement') return { reason: `${kind} is not how k6 scripts load modules; use a static import` };
  if (specifier === 'k6' || specifier.startsWith('k6/')) {
    return K6_MODULES.has(specifier) ? { path: null } : { reason: `${specifier} is not a k6 module` };
  }
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    const path = resolve(dirname(from), specifier);
    if (GENERATED_MODULES.includes(path)) return { path };
    if (!specifier.endsWith('.ts'))
      return {
        reason:
          'relative imports must name a .ts file with its extension (or a generated module: validators.js, rate-budgets.js)',
      };
    if (!path.startsWith(LOAD_DIR + sep)) {
      return {
        reason: 'relative .ts imports must stay inside load/; import contract code through the load/contracts link',
      };
    }
    if (
      path.startsWith(CONTRACTS_LINK + sep) &&
      !CONTRACT_CODE.some(
        (allowed) =>
          path === allowed ||
          (allowed.endsWith(sep) && path.startsWith(allowed) && !path.slice(allowed.length).includes(sep)),
      )
    ) {
      return {
        reason:
          'from contracts/, k6 scripts may load only contracts/check/*.ts, contracts/client/retry-after.ts, contracts/operation-spec.ts, contracts/request-meta-data.ts and the generated validators',
      };
    }
    if (!existsSync(path)) return { reason: 'the file does not exist' };
    return { path };
  }
  if (specifier.startsWith('node:') || /^[a-z_]/.test(specifier)) {
    return {
      reason:
        'k6 has no Node built-ins and no node_modules; only k6 modules, relative .ts files and the generated validators',
    };
  }
  return { reason: 'only k6 modules, relative .ts files and the generated validators can be imported' };
}

const graphs = new Map<string, { files: GraphFile[]; violations: ImportViolation[] }>();

/**
 * The import graph of a script, each file transformed as k6 would. `mutate` changes a file's
 * source before the transform, so tests can show that a broken rule is caught.
 */
export function scriptGraph(
  script: string,
  mutate?: (path: string, source: string) => string,
): { files: GraphFile[]; violations: ImportViolation[] } {
  // Unchanged scripts are read once per worker.
  const known = mutate === undefined ? graphs.get(script) : undefined;
  if (known !== undefined) return known;
  const graph = walkGraph(script, mutate ?? ((_path, source) => source));
  if (mutate === undefined) graphs.set(script, graph);
  return graph;
}

function walkGraph(
  script: string,
  mutate: (path: string, source: string) => string,
): { files: GraphFile[]; violations: ImportViolation[] } {
  const files: GraphFile[] = [];
  const violations: ImportViolation[] = [];
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const source = mutate(path, readFileSync(path, 'utf8'));
    const code = transformLikeK6(source, path);
    const imports = importsOf(code, path);
    files.push({ path, code, imports });
    for (const record of imports) {
      const verdict = judgeImport(path, record);
      if ('reason' in verdict) {
        violations.push({ file: relative(ROOT, path), specifier: record.specifier, reason: verdict.reason });
      } else if (verdict.path !== null && !GENERATED_MODULES.includes(verdict.path)) {
        visit(verdict.path);
      }
    }
  };
  visit(join(LOAD_DIR, script));
  return { files, violations };
}
