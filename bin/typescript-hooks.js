// Module hooks that run the suite's TypeScript with its types blanked out (ts-blank-space): every
// other character stays where it was, so a stack trace or a test's location names the real line and
// column without a source map. The tree keeps to erasable syntax (tsconfig's erasableSyntaxOnly).
//
// Why not Playwright's own compiler: it runs babel on every file and caches the output by the file's
// path, so a fresh clone (every CI run) compiles the whole tree again, and the runner does it alone,
// file after file, while it lists the tests: a first run of `npm test` started its first test 13 s
// in, a second run 6 s in (decision 0092). Here the blanked text is cached by the source's hash, and
// ts-blank-space (which loads TypeScript's parser, about a CPU-second) loads only on a miss.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const BLANKER_PACKAGE = require.resolve('ts-blank-space/package.json');
const BLANKER_VERSION = JSON.parse(readFileSync(BLANKER_PACKAGE, 'utf8')).version;
/** node_modules/.cache, beside the other caches of the suite (contracts/cli/playwright-options.ts). */
const CACHE_DIR = join(
  dirname(dirname(BLANKER_PACKAGE)),
  '.cache',
  'agents-api-suite',
  `blanked-ts-${BLANKER_VERSION}`,
);
/**
 * Playwright imports `<test file>.esm.preflight` before each test file only to compile it for its
 * source maps; a blanked file needs none. (Should Playwright rename it, Playwright compiles the file
 * again: slower, not wrong.)
 */
const PREFLIGHT = '.ts.esm.preflight';

/** @type {((source: string) => string) | undefined} */
let blank;

/** The source with its types blanked out: from the cache, else blanked now and cached. */
async function blanked(source) {
  const file = join(CACHE_DIR, `${createHash('sha1').update(source).digest('hex')}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // Not cached yet (or not readable): blank it.
  }
  blank ??= (await import('ts-blank-space')).default;
  const code = blank(source);
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    // Written aside and renamed, so that a process reading it at the same time sees all or nothing.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  } catch {
    // A read-only install: no cache, the same answer.
    rmSync(`${file}.${process.pid}.partial`, { force: true });
  }
  return code;
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:')) return nextLoad(url, context);
  if (url.endsWith(PREFLIGHT)) return { format: 'module', source: 'void 0;', shortCircuit: true };
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const source = await blanked(readFileSync(fileURLToPath(url), 'utf8'));
  return { format: 'module', source, shortCircuit: true };
}
