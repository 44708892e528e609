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

/** Where the blanked text of `source` is cached: by its content, never by its path. */
const cacheFile = (source) => join(CACHE_DIR, `${createHash('sha1').update(source).digest('hex')}.js`);

/** The blanked text cached in `file`, or undefined when it is not cached yet (or not readable). */
function cached(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Caches `code` in `file` and returns it. */
function store(file, code) {
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

const PREFLIGHT_MODULE = { format: 'module', source: 'void 0;', shortCircuit: true };
/** The module of a TypeScript file's blanked text. */
const blankedModule = (code) => ({ format: 'module', source: code, shortCircuit: true });

/**
 * What the hooks answer for `url`: a module (the preflight's, or a TypeScript file's blanked text
 * from the cache), a miss (the file's source and where to cache its blanked text), or undefined for
 * a URL they pass on.
 */
function answerFor(url) {
  if (!url.startsWith('file:')) return undefined;
  if (url.endsWith(PREFLIGHT)) return { module: PREFLIGHT_MODULE };
  if (!url.endsWith('.ts')) return undefined;
  const source = readFileSync(fileURLToPath(url), 'utf8');
  const file = cacheFile(source);
  const code = cached(file);
  return code === undefined ? { miss: { source, file } } : { module: blankedModule(code) };
}

/** The module of a miss: its source blanked by `blankWith`, and cached. */
const blankedMiss = ({ source, file }, blankWith) => blankedModule(store(file, blankWith(source)));

/** The load hook of module.register (Node 20): ts-blank-space is imported on the first miss. */
export async function load(url, context, nextLoad) {
  const answer = answerFor(url);
  if (answer === undefined) return nextLoad(url, context);
  return answer.module ?? blankedMiss(answer.miss, (blank ??= (await import('ts-blank-space')).default));
}

/**
 * The load hook of module.registerHooks (Node 22.15 and later), which runs in the loading thread and
 * so cannot wait: ts-blank-space, an ES module, is required (require(esm), there since Node 22.12)
 * on the first miss.
 */
export function loadSync(url, context, nextLoad) {
  const answer = answerFor(url);
  if (answer === undefined) return nextLoad(url, context);
  return answer.module ?? blankedMiss(answer.miss, (blank ??= require('ts-blank-space').default));
}
