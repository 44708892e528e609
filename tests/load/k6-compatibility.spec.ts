// Every script as k6 0.57+ would load it: each file through k6's esbuild transform, and only
// imports k6 can resolve. The mutations show the rules bite: a Node import is refused.
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { k6stub } from './stubs/state.ts';
import { FAKE_KEY, installFakeApi } from './support/fake-api.ts';
import { InitError, loadScript, runScenario, runSetup } from './support/k6-harness.ts';
import {
  importsOf,
  judgeImport,
  K6_MODULES,
  LOAD_DIR,
  ROOT,
  SCRIPTS,
  scriptGraph,
  transformLikeK6,
} from './support/k6-transform.ts';
import { evaluateThresholds } from './support/thresholds.ts';

const smoke = join(LOAD_DIR, 'smoke.ts');

test.describe('k6 compatibility of load/', () => {
  for (const script of SCRIPTS) {
    test(`${script} passes k6's transform and imports only k6 modules, relative .ts files and the validators`, () => {
      const { files, violations } = scriptGraph(script);
      expect(violations).toEqual([]);
      const loaded = files.map((file) => relative(ROOT, file.path));
      expect(loaded[0]).toBe(`load/${script}`);
      expect(loaded).toContain('load/lib/client.ts');
      const imported = files.flatMap((file) => file.imports.map((record) => record.specifier));
      expect(imported).toContain('../contracts/generated/validators.js');
      expect(imported).toContain('../contracts/check/check-response.ts');
      expect(
        imported.filter((specifier) => specifier.startsWith('k6')).every((specifier) => K6_MODULES.has(specifier)),
      ).toBe(true);
      // Type-only imports are gone after the transform: k6 never sees k6/options or operation-spec.ts.
      expect(imported).not.toContain('k6/options');
      expect(imported).not.toContain('../contracts/operation-spec.ts');
    });
  }

  for (const script of SCRIPTS) {
    test(`${script} exports setup, teardown, handleSummary and every scenario's exec, and thresholds only on declared metrics`, async () => {
      const loaded = await loadScript(script, { API_KEY: 'k' });
      for (const name of ['setup', 'teardown', 'handleSummary'])
        expect(typeof loaded.exports[name], name).toBe('function');
      for (const [name, scenario] of Object.entries(loaded.options.scenarios)) {
        expect(typeof loaded.exports[scenario.exec ?? 'default'], `${name}.exec`).toBe('function');
      }
      // k6 refuses a threshold on a metric the init context never declared; the evaluator does too.
      expect(() => evaluateThresholds(loaded.options.thresholds)).not.toThrow();
      expect(k6stub.metricTypes.has('unexpected_responses')).toBe(true);
      expect(loaded.options.thresholds.unexpected_responses).toContainEqual({
        threshold: 'count<=10',
        abortOnFail: true,
        delayAbortEval: '5s',
      });
    });
  }

  // esbuild lowers syntax newer than its target; identical output means there was none to lower.
  const newerThanEs2020 = (source: string, path: string): boolean =>
    transformLikeK6(source, path, 'es2020') !== transformLikeK6(source, path);

  test('the scripts keep to ES2020 syntax, so nothing depends on a newer engine than sobek', () => {
    for (const script of SCRIPTS) {
      for (const file of scriptGraph(script).files) {
        expect(newerThanEs2020(readFileSync(file.path, 'utf8'), file.path), relative(ROOT, file.path)).toBe(false);
      }
    }
  });

  test('the ES2020 rule notices logical assignment and class fields', () => {
    expect(newerThanEs2020('let a: number | undefined; a ??= 1; export { a };', smoke)).toBe(true);
    expect(newerThanEs2020('export class A { x = 1; }', smoke)).toBe(true);
    expect(newerThanEs2020('export const f = (o?: { a?: number }) => o?.a ?? 1;', smoke)).toBe(false);
  });

  test('k6 modules are read from @types/k6: the real ones are allowed, k6/options (types only) is not', () => {
    expect([...K6_MODULES]).toEqual(
      expect.arrayContaining(['k6', 'k6/http', 'k6/metrics', 'k6/execution', 'k6/net/grpc']),
    );
    expect(K6_MODULES.has('k6/options')).toBe(false);
  });

  const refused: Array<[string, { given: string; want: RegExp }]> = [
    [
      'a Node built-in',
      {
        given: "import { lstatSync, readFileSync, readlinkSync } from 'node:fs';\nexport const f = readFileSync;",
        want: /node:fs.*no Node built-ins/,
      },
    ],
    [
      'a bare Node module name',
      { given: "import fs from 'fs';\nexport const f = fs;", want: /"fs".*no Node built-ins and no node_modules/ },
    ],
    [
      'an npm package',
      { given: "import lodash from 'lodash';\nexport const l = lodash;", want: /lodash.*node_modules/ },
    ],
    [
      'a remote jslib module',
      {
        given:
          "import { textSummary } from 'https://jslib.k6.io/k6-summary/0.1.0/index.js';\nexport const t = textSummary;",
        want: /jslib.*only k6 modules/,
      },
    ],
    [
      'a relative import without .ts',
      { given: "import { CAPS } from './lib/safety';\nexport const c = CAPS;", want: /must name a \.ts file/ },
    ],
    [
      'a module k6 does not have',
      { given: "import x from 'k6/x/faker';\nexport const f = x;", want: /k6\/x\/faker is not a k6 module/ },
    ],
    ['require()', { given: "export const f = require('k6/http');", want: /require-call/ }],
  ];
  for (const [name, { given, want }] of refused) {
    test(`refuses ${name}`, () => {
      const { violations } = scriptGraph('smoke.ts', (path, source) =>
        path === smoke ? `${given}\n${source}` : source,
      );
      expect(violations).toHaveLength(1);
      expect(`${violations[0]?.file}: "${violations[0]?.specifier}" ${violations[0]?.reason}`).toMatch(want);
    });
  }

  test('a script that imports a Node module is not loaded at all', async () => {
    const mutate = (path: string, source: string): string =>
      path === smoke
        ? `import { lstatSync, readFileSync, readlinkSync } from 'node:fs';\nexport const peek = readFileSync;\n${source}`
        : source;
    await expect(loadScript('smoke.ts', { API_KEY: 'k' }, mutate)).rejects.toThrow(
      /k6 could not load smoke\.ts.*node:fs/,
    );
  });

  test('a metric declared in VU code is refused, as k6 refuses it', async () => {
    const mutant = await loadScript('smoke.ts', { API_KEY: FAKE_KEY }, (path, source) =>
      path.endsWith('/lib/answers.ts')
        ? source
            .replace(
              'export function run(',
              "import { Counter as LateCounter } from 'k6/metrics';\nexport function run(",
            )
            .replace(
              "  if (!readyForRun(ctx.client, threadId, ctx.policy)) return null;\n  const res = ctx.client.send({ op: 'createRun'",
              "  new LateCounter('late_metric');\n  if (!readyForRun(ctx.client, threadId, ctx.policy)) return null;\n  const res = ctx.client.send({ op: 'createRun'",
            )
        : source,
    );
    installFakeApi();
    const { data } = runSetup(mutant);
    expect(() => runScenario(mutant, 'smoke', data)).toThrow(
      'metric late_metric: metrics must be declared in the init context',
    );
  });

  test('judges imports relative to the importing file; contract code comes through the load/contracts link', () => {
    const lib = join(LOAD_DIR, 'lib', 'client.ts');
    const judge = (specifier: string) => judgeImport(lib, { specifier, kind: 'import-statement' });
    expect(judge('../contracts/generated/validators.js')).toEqual({
      path: join(LOAD_DIR, 'contracts', 'generated', 'validators.js'),
    });
    expect(judge('../contracts/check/check-response.ts')).toEqual({
      path: join(LOAD_DIR, 'contracts', 'check', 'check-response.ts'),
    });
    expect(judge('../contracts/operation-spec.ts')).toEqual({ path: join(LOAD_DIR, 'contracts', 'operation-spec.ts') });
    expect(judge('../contracts/request-meta-data.ts')).toEqual({
      path: join(LOAD_DIR, 'contracts', 'request-meta-data.ts'),
    });
    const refused = {
      reason:
        'from contracts/, k6 scripts may load only contracts/check/*.ts, contracts/client/retry-after.ts, contracts/operation-spec.ts, contracts/request-meta-data.ts and the generated validators',
    };
    expect(judge('../contracts/client/retry-after.ts')).toEqual({
      path: join(LOAD_DIR, 'contracts', 'client', 'retry-after.ts'),
    });
    expect(judge('../contracts/client/transport.ts')).toEqual(refused);
    expect(judge('../contracts/generated/api.ts')).toEqual(refused);
    expect(judge('../contracts/arbitraries/text.ts')).toEqual(refused);
    expect(judge('../../contracts/check/check-response.ts')).toEqual({
      reason: 'relative .ts imports must stay inside load/; import contract code through the load/contracts link',
    });
    expect(judge('../../mock/build.ts')).toEqual({
      reason: 'relative .ts imports must stay inside load/; import contract code through the load/contracts link',
    });
  });

  test('load/contracts is a link to ../contracts, not a copy', () => {
    expect(lstatSync(join(LOAD_DIR, 'contracts')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(LOAD_DIR, 'contracts'))).toBe('../contracts');
  });

  test("the contract checker is in every script's graph, so the import and ES2020 rules above cover it", () => {
    const { files } = scriptGraph('smoke.ts');
    const checker = files.filter((file) => file.path.startsWith(join(LOAD_DIR, 'contracts', 'check')));
    expect(checker.map((file) => file.path.split('/').pop()).sort()).toEqual([
      'assumptions.ts',
      'body-text.ts',
      'check-response.ts',
      'named-check.ts',
      'operation-path.ts',
      'response-checks.ts',
      'status-class.ts',
    ]);
  });

  test('importsOf reads the transformed code, not the comments or strings', () => {
    const code = transformLikeK6(
      "// import x from 'node:fs'\nconst s = \"from 'node:os'\";\nimport http from 'k6/http';\nexport { http, s };",
      'x.ts',
    );
    expect(importsOf(code, join(LOAD_DIR, 'x.ts'))).toEqual([{ specifier: 'k6/http', kind: 'import-statement' }]);
  });

  test('an unusable setting stops the init context with its fix, before any request', async () => {
    await expect(loadScript('smoke.ts', { BASE_URL: 'ftp://example.org' })).rejects.toThrow(InitError);
    await expect(loadScript('smoke.ts', { BASE_URL: 'ftp://example.org' })).rejects.toThrow(
      /BASE_URL must be an http\(s\) URL/,
    );
  });
});
