// TypeScript's compiler for the tests that read source as syntax, loaded when such a test runs: it
// is 9 MB of JavaScript, and a static import would load it in Playwright's runner (which imports
// every test file to list the tests) and in every worker given one of those files.
import { createRequire } from 'node:module';
import type TS from 'typescript';

let loaded: typeof TS | undefined;

/** The `typescript` module, required on the first call. */
export function typescriptCompiler(): typeof TS {
  loaded ??= createRequire(import.meta.url)('typescript') as typeof TS;
  return loaded;
}
