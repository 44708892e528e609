import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { build } from 'esbuild';
import type { ValidatorEntry } from './schema-bundle.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** OpenAPI extensions and annotations that may appear inside schemas. */
const ANNOTATIONS = [
  'x-source',
  'x-assumed',
  'x-assumed-id',
  'x-assumed-codes',
  'x-assumed-status',
  'x-assumed-keywords',
  'x-assumed-required',
  'x-open-reading',
  'x-refers-to',
  'example',
  'xml',
  'externalDocs',
];

/**
 * One AJV instance as the contract needs it: 2020-12, strict (a silently ignored schema mistake
 * is the worst kind), all errors (a report wants every broken field, not the first).
 */
function newAjv(coerce: boolean, derived: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    // A derived group (the documented-only validators) drops the assumed `type` of a node and keeps
    // what its documented descendants say: `items` without `type` is meant there, and the source
    // schema was compiled strictly already.
    ...(derived ? { strictTypes: false } : {}),
    allowUnionTypes: true,
    allErrors: true,
    // OpenAPI's discriminator: a body is judged against the one branch its error_code names, so
    // a report lists that branch's errors, not every branch's.
    discriminator: true,
    coerceTypes: coerce,
    // Shared component schemas compile once and are called by reference: a smaller module.
    inlineRefs: false,
    code: { source: true, esm: true, lines: false, optimize: true },
  });
  addFormats.default(ajv);
  for (const keyword of ANNOTATIONS) ajv.addKeyword(keyword);
  return ajv;
}

function compileStandalone(bundle: unknown, entries: ValidatorEntry[], coerce: boolean, derived: boolean): string {
  const ajv = newAjv(coerce, derived);
  ajv.addSchema(bundle as object);
  const exports: Record<string, string> = {};
  for (const e of entries) {
    ajv.addSchema(e.schema as object);
    const id = (e.schema as { $id: string }).$id;
    // Compiling here surfaces schema mistakes with the export name in the message.
    try {
      ajv.getSchema(id);
    } catch (error) {
      throw new Error(`Schema for validator "${e.exportName}" does not compile: ${(error as Error).message}`);
    }
    exports[e.exportName] = id;
  }
  // The CJS module sets both module.exports and .default; .default types under NodeNext.
  return standaloneCode.default(ajv, exports);
}

/** A set of validators compiled by one AJV instance against one schema bundle. */
export interface ValidatorGroup {
  /** Export name of the object that holds the group's validators by name. */
  exportName: string;
  bundle: unknown;
  entries: ValidatorEntry[];
  coerce: boolean;
  /** Derived mechanically from a group compiled strictly (see newAjv). */
  derived?: boolean;
}

/**
 * Compiles every validator ahead of time and bundles them with AJV's runtime helpers into one
 * dependency-free ES module, so that Node and k6 (which has no node_modules) import the same file.
 */
export async function validatorsModule(groups: ValidatorGroup[], operations: unknown): Promise<string> {
  const virtual: Record<string, string> = {};
  const lines: string[] = [];
  for (const group of groups) {
    virtual[`virtual:${group.exportName}`] = compileStandalone(
      group.bundle,
      group.entries,
      group.coerce,
      group.derived === true,
    );
    lines.push(`import * as ${group.exportName}Group from 'virtual:${group.exportName}';`);
  }
  for (const group of groups) lines.push(`export const ${group.exportName} = { ...${group.exportName}Group };`);
  lines.push('/** The operation index derived from openapi.yaml (see contracts/operation-spec.ts). */');
  lines.push(`export const operations = ${JSON.stringify(operations)};`);
  virtual['virtual:entry'] = lines.join('\n');
  const result = await build({
    stdin: { contents: virtual['virtual:entry'], resolveDir: ROOT, sourcefile: 'validators-entry.js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    legalComments: 'none',
    plugins: [
      {
        name: 'virtual',
        setup(b) {
          b.onResolve({ filter: /^virtual:/ }, (args) => ({ path: args.path, namespace: 'virtual' }));
          b.onLoad({ filter: /.*/, namespace: 'virtual' }, (args) => ({
            contents: virtual[args.path] ?? '',
            resolveDir: ROOT,
            loader: 'js',
          }));
        },
      },
    ],
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output for validators.js');
  return file.text;
}
