// Runs a k6 script's functions in Node with the k6 modules stubbed. The script's import graph is
// transformed file by file exactly as k6 would (k6-transform.ts) and written as .mjs to a fresh
// directory, with `k6*` imports pointing at tests/load/stubs and the validators at the generated
// module. A fresh directory per load means fresh module state, so each test reads __ENV anew.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Phase } from '../stubs/state.ts';
import { k6stub, resetStub, StubAbort } from '../stubs/state.ts';
import { GENERATED_MODULES, judgeImport, LOAD_DIR, ROOT, scriptGraph } from './k6-transform.ts';

// One temporary folder per worker, removed when the worker exits.
let scratch: string | undefined;
function scratchDir(): string {
  if (scratch === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'k6-scripts-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    scratch = dir;
  }
  return scratch;
}

const STUBS: Record<string, string> = {
  k6: 'k6.ts',
  'k6/http': 'k6-http.ts',
  'k6/metrics': 'k6-metrics.ts',
  'k6/execution': 'k6-execution.ts',
};

/** A loaded script: its exports, by name. */
export interface LoadedScript {
  exports: Record<string, unknown>;
  options: {
    scenarios: Record<string, Record<string, unknown> & { exec?: string }>;
    thresholds: Record<string, Array<string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string }>>;
    [key: string]: unknown;
  };
}

/** What a load error looks like when the init context throws (k6 would print it and stop). */
export class InitError extends Error {}

function stubUrl(specifier: string): string {
  const file = STUBS[specifier];
  if (file === undefined) throw new Error(`No stub for ${specifier}; add one to tests/load/stubs.`);
  return pathToFileURL(join(ROOT, 'tests', 'load', 'stubs', file)).href;
}

function relativeSpecifier(from: string, to: string): string {
  const path = relative(dirname(from), to).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

function target(dir: string, path: string): string {
  return join(dir, relative(LOAD_DIR, path)).replace(/\.ts$/, '.mjs');
}

/** Loads load/<script> with `env` as __ENV, its init context run against the stubs. */
export async function loadScript(
  script: string,
  env: Record<string, string>,
  mutate?: (path: string, source: string) => string,
): Promise<LoadedScript> {
  const { files, violations } = scriptGraph(script, mutate);
  if (violations.length > 0) throw new Error(`k6 could not load ${script}: ${JSON.stringify(violations)}`);
  // Under a node_modules folder Playwright's loader leaves the files alone: Node runs exactly the
  // code the k6 transform produced (and skips a babel pass per file).
  const dir = join(mkdtempSync(join(scratchDir(), 'load-')), 'node_modules', 'load');
  for (const file of files) {
    let code = file.code;
    for (const record of file.imports) {
      const verdict = judgeImport(file.path, record);
      if ('reason' in verdict) continue;
      const replacement =
        verdict.path === null
          ? stubUrl(record.specifier)
          : GENERATED_MODULES.includes(verdict.path)
            ? pathToFileURL(verdict.path).href
            : relativeSpecifier(target(dir, file.path), target(dir, verdict.path));
      // esbuild prints every string with double quotes, so the import's specifier is found exactly.
      const escaped = record.specifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      code = code.replace(
        new RegExp(`(\\bfrom\\s*|\\bimport\\s*)"${escaped}"`, 'g'),
        (_whole, lead: string) => `${lead}"${replacement}"`,
      );
    }
    const out = target(dir, file.path);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, code);
  }
  resetStub();
  k6stub.phase = 'init';
  (globalThis as { __ENV?: Record<string, string> }).__ENV = { ...env };
  try {
    const exports = (await import(pathToFileURL(target(dir, join(LOAD_DIR, script))).href)) as Record<string, unknown>;
    return { exports, options: exports.options as LoadedScript['options'] };
  } catch (error) {
    throw new InitError((error as Error).message);
  } finally {
    k6stub.phase = 'idle';
  }
}

/** Runs `fn` as k6 would run a phase: virtual clock for Date.now(), console captured, abort caught. */
export function inPhase<T>(phase: Phase, fn: () => T, context: { scenario?: string; vu?: number } = {}): T {
  const realNow = Date.now;
  const realWarn = console.warn;
  const realLog = console.log;
  k6stub.phase = phase;
  k6stub.scenario = context.scenario ?? (phase === 'vu' ? 'default' : phase);
  k6stub.vuId = context.vu ?? (phase === 'vu' ? 1 : 0);
  Date.now = () => k6stub.clock;
  console.warn = (...args: unknown[]) => void k6stub.logs.push(args.map(String).join(' '));
  console.log = (...args: unknown[]) => void k6stub.logs.push(args.map(String).join(' '));
  try {
    return fn();
  } finally {
    Date.now = realNow;
    console.warn = realWarn;
    console.log = realLog;
    k6stub.phase = 'idle';
  }
}

/** Calls an exported function of the script by name. */
export function call<T = unknown>(script: LoadedScript, name: string, ...args: unknown[]): T {
  const fn = script.exports[name];
  if (typeof fn !== 'function') throw new Error(`The script exports no function ${name}.`);
  return (fn as (...a: unknown[]) => T)(...args);
}

/** setup() under the stubs; returns its data, or the abort message when it stopped the test. */
export function runSetup<T>(script: LoadedScript): { data: T; aborted: null } | { data: undefined; aborted: string } {
  try {
    return { data: inPhase('setup', () => call<T>(script, 'setup')), aborted: null };
  } catch (error) {
    if (error instanceof StubAbort) return { data: undefined, aborted: error.message };
    throw error;
  }
}

/** Runs the exec function of `scenario` for `iterations` iterations on VU `vu`. */
export function runScenario(script: LoadedScript, scenario: string, data: unknown, iterations = 1, vu = 1): void {
  const exec = script.options.scenarios[scenario]?.exec ?? 'default';
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    k6stub.iteration = iteration;
    inPhase('vu', () => call(script, exec, data), { scenario, vu });
  }
}
