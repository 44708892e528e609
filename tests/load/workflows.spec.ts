// .github/workflows/*.yml against the GitHub workflow schema (@action-validator/core), plus what
// they must do; load/k8s/testrun.yaml against the TestRun fields the k6-operator knows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { expect } from '@playwright/test';
import { parse } from 'yaml';
import { test } from '../support/base-test.ts';
import { evaluate } from './support/gh-expression.ts';
import { ROOT } from './support/k6-transform.ts';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, { steps: Step[]; env?: Record<string, string> }>;
}

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const workflow = (name: string): Workflow => parse(read(`.github/workflows/${name}`)) as Workflow;
const steps = (flow: Workflow): Step[] => Object.values(flow.jobs).flatMap((job) => job.steps);

test.describe('CI workflows', () => {
  for (const name of ['contract.yml', 'load.yml', 'full.yml']) {
    test(`${name} is a valid GitHub workflow`, () => {
      expect(validateWorkflow(read(`.github/workflows/${name}`)).errors).toEqual([]);
    });
  }

  test('the validator does catch a broken workflow', () => {
    const broken = read('.github/workflows/contract.yml').replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  test('contract.yml runs npm ci and npm test on pull requests and keeps the reports', () => {
    const flow = workflow('contract.yml');
    expect(Object.keys(flow.on)).toContain('pull_request');
    const runs = steps(flow).map((step) => step.run ?? step.uses ?? '');
    expect(runs).toEqual(expect.arrayContaining(['npm ci', 'npm test', 'actions/upload-artifact@v4']));
    const upload = steps(flow).find((step) => step.uses === 'actions/upload-artifact@v4');
    expect(upload?.with?.path).toBe('reports/');
    expect(upload?.if).toBe('${{ !cancelled() }}');
  });

  test('full.yml runs npm run test:full every night and by hand, and keeps the reports', () => {
    const flow = workflow('full.yml');
    expect(Object.keys(flow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const runs = steps(flow).map((step) => step.run ?? step.uses ?? '');
    expect(runs).toEqual(expect.arrayContaining(['npm ci', 'npm run test:full', 'actions/upload-artifact@v4']));
    expect(steps(flow).find((step) => step.uses === 'actions/upload-artifact@v4')?.with?.path).toBe('reports/');
    // test:full is everything: the script runs Playwright without its --grep-invert @full.
    expect(JSON.parse(read('package.json')).scripts['test:full']).toBe(
      'node --import ./bin/typescript-loader.js scripts/test.ts --full',
    );
  });

  test('contract.yml smoke-tests the scripts with k6 against the mock on loopback, without secrets', () => {
    const flow = workflow('contract.yml');
    const smoke = flow.jobs.smoke;
    expect(smoke?.env).toMatchObject({ API_KEY: 'mock-api-key', BASE_URL: 'http://127.0.0.1:4010' });
    expect(read('.github/workflows/contract.yml')).not.toContain('secrets.');
    const uses = smoke?.steps.map((step) => step.uses) ?? [];
    expect(uses).toEqual(expect.arrayContaining(['grafana/setup-k6-action@v1', 'grafana/run-k6-action@v1']));
    expect(smoke?.steps.find((step) => step.uses === 'grafana/run-k6-action@v1')?.with).toMatchObject({
      path: 'load/smoke.ts',
    });
  });

  test('load.yml runs on a schedule and by hand, with setup-k6-action, run-k6-action and the key from a secret', () => {
    const flow = workflow('load.yml');
    expect(Object.keys(flow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(flow.env).toMatchObject({
      API_KEY: '${{ secrets.AGENTS_API_KEY }}',
      REPORT_DIR: 'reports/load',
      K6_WEB_DASHBOARD_PORT: '-1',
    });
    expect(flow.env?.LOAD_CONFIRM_TARGET).toContain('api.haufe.ai');
    const all = steps(flow);
    expect(all.some((step) => step.uses === 'grafana/setup-k6-action@v1')).toBe(true);
    const runs = all.filter((step) => step.uses === 'grafana/run-k6-action@v1');
    expect(runs.map((step) => step.with?.path)).toEqual([
      'load/smoke.ts',
      'load/latency.ts',
      'load/stream.ts',
      'load/rate-limit.ts',
    ]);
    for (const step of runs)
      expect(step.env?.K6_WEB_DASHBOARD_EXPORT).toMatch(/^reports\/load\/[a-z-]+-dashboard\.html$/);
    expect(all.some((step) => step.run?.startsWith('npm run load:report -- reports/load/rate-limit.ndjson'))).toBe(
      true,
    );
    expect(all.find((step) => step.uses === 'actions/upload-artifact@v4')?.with?.path).toBe('reports/load/');
  });

  test('both workflows pin the k6 they install (setup-k6-action installs the newest k6 without k6-version)', () => {
    for (const name of ['contract.yml', 'load.yml']) {
      const flow = workflow(name);
      for (const [jobName, job] of Object.entries(flow.jobs)) {
        const setup = job.steps.filter((step) => step.uses === 'grafana/setup-k6-action@v1');
        const env = { ...flow.env, ...job.env };
        for (const step of setup) {
          const version = evaluate(String(step.with?.['k6-version'] ?? "''"), { env });
          expect(version, `${name} ${jobName}`).toMatch(/^\d+\.\d+\.\d+$/);
        }
      }
    }
  });

  // run-k6-action runs `k6 cloud run --local-execution` whenever K6_CLOUD_TOKEN is non-empty
  // (src/k6helper.ts, isCloudIntegrationEnabled); that needs a project and, on k6 2.x, a stack.
  const cloudCases: Array<[string, { secrets: Record<string, string>; vars: Record<string, string>; cloud: boolean }]> =
    [
      ['no cloud settings', { secrets: {}, vars: {}, cloud: false }],
      ['a token alone', { secrets: { K6_CLOUD_TOKEN: 't0ken' }, vars: {}, cloud: false }],
      [
        'a token and a project, no stack',
        { secrets: { K6_CLOUD_TOKEN: 't0ken' }, vars: { K6_CLOUD_PROJECT_ID: '42' }, cloud: false },
      ],
      [
        'a token, a project and a stack',
        {
          secrets: { K6_CLOUD_TOKEN: 't0ken' },
          vars: { K6_CLOUD_PROJECT_ID: '42', K6_CLOUD_STACK_ID: '7' },
          cloud: true,
        },
      ],
      [
        'a project and a stack without a token',
        { secrets: {}, vars: { K6_CLOUD_PROJECT_ID: '42', K6_CLOUD_STACK_ID: '7' }, cloud: false },
      ],
    ];
  for (const [name, { secrets, vars, cloud }] of cloudCases) {
    test(`load.yml with ${name}: ${cloud ? 'k6 cloud run --local-execution with project and stack' : 'plain k6 run'}`, () => {
      const flow = workflow('load.yml');
      const env = Object.fromEntries(
        Object.entries(flow.env ?? {}).map(([key, value]) => [key, evaluate(value, { secrets, vars, inputs: {} })]),
      );
      const token = env.K6_CLOUD_TOKEN;
      expect(token !== null && token !== '', 'run-k6-action switches to the cloud').toBe(cloud);
      if (cloud)
        expect(env).toMatchObject({ K6_CLOUD_TOKEN: 't0ken', K6_CLOUD_PROJECT_ID: '42', K6_CLOUD_STACK_ID: '7' });
    });
  }

  test('load.yml warns when the cloud token is set but the project or stack is missing', () => {
    const check = steps(workflow('load.yml')).find((step) => step.name === 'Check the Grafana Cloud settings');
    expect(check?.env?.CLOUD_TOKEN_SET).toBe("${{ secrets.K6_CLOUD_TOKEN != '' }}");
    expect(check?.run).toContain('::warning::K6_CLOUD_TOKEN is set but K6_CLOUD_PROJECT_ID or K6_CLOUD_STACK_ID');
  });

  test('the expression evaluator follows GitHub: && and || return operands, a missing value is empty', () => {
    expect(
      evaluate("${{ (vars.A != '' && vars.B != '') && secrets.T || '' }}", {
        vars: { A: '1', B: '2' },
        secrets: { T: 'x' },
      }),
    ).toBe('x');
    expect(
      evaluate("${{ (vars.A != '' && vars.B != '') && secrets.T || '' }}", { vars: { A: '1' }, secrets: { T: 'x' } }),
    ).toBe('');
    expect(evaluate("${{ inputs.script || 'all' }}", { inputs: {} })).toBe('all');
  });

  test("no workflow writes a key into the file: API_KEY is the mock's or a secret", () => {
    for (const name of ['contract.yml', 'load.yml']) {
      const flow = workflow(name);
      const envs = [
        flow.env,
        ...Object.values(flow.jobs).flatMap((job) => [job.env, ...job.steps.map((step) => step.env)]),
      ];
      const keys = envs.flatMap((env) => (env?.API_KEY === undefined ? [] : [env.API_KEY]));
      expect(keys.length, name).toBeGreaterThan(0);
      for (const key of keys)
        expect(key === 'mock-api-key' || /^\$\{\{ secrets\.[A-Z_]+ \}\}$/.test(key), `${name}: ${key}`).toBe(true);
    }
  });
});

/** The maintained LTS lines of Node and when their support ends (nodejs.org/en/about/previous-releases). */
const MAINTAINED_LTS: Record<number, string> = { 22: '2027-04-30', 24: '2028-04-30' };

/** Whether `version` (x.y.z) satisfies a range of the forms package.json's engines uses here: `^x.y.z`, `>=x.y.z`, `<x.y.z`, joined by spaces and `||`. */
function satisfies(version: string, range: string): boolean {
  const parts = (v: string) => v.replace(/^v/, '').split('.').map(Number);
  const compare = (a: number[], b: number[]) => a.map((n, i) => n - (b[i] ?? 0)).find((d) => d !== 0) ?? 0;
  const have = parts(version);
  return range.split('||').some((set) =>
    set
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        const [, op, v] = /^(\^|>=|<)(\d+\.\d+\.\d+)$/.exec(comparator) ?? [];
        if (op === undefined || v === undefined)
          throw new Error(`engines: "${comparator}" is not a comparator this check reads.`);
        const want = parts(v);
        if (op === '>=') return compare(have, want) >= 0;
        if (op === '<') return compare(have, want) < 0;
        return have[0] === want[0] && compare(have, want) >= 0;
      }),
  );
}

test.describe('Node', () => {
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  const lts = Number(read('.nvmrc').trim());

  test('every workflow installs the Node of .nvmrc, a maintained LTS line', () => {
    expect(Object.keys(MAINTAINED_LTS).map(Number)).toContain(lts);
    for (const name of ['contract.yml', 'load.yml']) {
      const setups = steps(workflow(name)).filter((step) => step.uses?.startsWith('actions/setup-node@'));
      expect(setups.length, name).toBeGreaterThan(0);
      for (const step of setups) expect(step.with, name).toEqual({ 'node-version-file': '.nvmrc', cache: 'npm' });
    }
  });

  test("engines admits every maintained LTS line and this machine's Node 20, and refuses what the tools refuse", () => {
    for (const major of Object.keys(MAINTAINED_LTS)) expect(satisfies(`${major}.99.0`, engines), major).toBe(true);
    expect(satisfies(process.version, engines), process.version).toBe(true);
    // Redocly CLI (npm run lint) needs 20.19 on the 20 line and 22.12 after it; 21 is an odd line, never LTS.
    for (const refused of ['20.18.0', '21.7.0', '22.11.0', '18.20.0'])
      expect(satisfies(refused, engines), refused).toBe(false);
  });
});

test.describe('load/k8s/testrun.yaml', () => {
  const SPEC_FIELDS = [
    'arguments',
    'args',
    'cleanup',
    'initializer',
    'parallelism',
    'paused',
    'quiet',
    'runner',
    'script',
    'separate',
    'starter',
    'testRunId',
    'token',
  ];
  const manifest = () =>
    parse(read('load/k8s/testrun.yaml')) as {
      apiVersion: string;
      kind: string;
      metadata: { name: string };
      spec: Record<string, unknown> & {
        parallelism: number;
        script: { configMap: { name: string; file: string } };
        runner: {
          image: string;
          env: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
        };
      };
    };

  test('is a k6-operator TestRun with parallelism and only fields the CRD knows', () => {
    const run = manifest();
    expect(run.apiVersion).toBe('k6.io/v1alpha1');
    expect(run.kind).toBe('TestRun');
    expect(run.metadata.name).toMatch(/^[a-z0-9-]+$/);
    expect(Number.isInteger(run.spec.parallelism) && run.spec.parallelism >= 2).toBe(true);
    expect(Object.keys(run.spec).filter((key) => !SPEC_FIELDS.includes(key))).toEqual([]);
    expect(run.spec.script.configMap.file).toBe('latency.tar');
  });

  test('confirms its non-loopback target and takes the key from a Secret', () => {
    const env = Object.fromEntries(manifest().spec.runner.env.map((entry) => [entry.name, entry]));
    const host = /^https?:\/\/([^/:]+)/.exec(env.BASE_URL?.value ?? '')?.[1];
    expect(env.LOAD_CONFIRM_TARGET?.value).toBe(host);
    expect(env.API_KEY?.value).toBeUndefined();
    expect(env.API_KEY?.valueFrom?.secretKeyRef).toEqual({ name: 'agents-api', key: 'api-key' });
  });
});
