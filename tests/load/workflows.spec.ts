// .github/workflows/*.yml against the GitHub workflow schema (@action-validator/core), plus what
// they must do; load/k8s/testrun.yaml against the TestRun fields the k6-operator knows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { ROOT } from './support/k6-transform.ts';

interface Step {
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
  for (const name of ['contract.yml', 'load.yml']) {
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

  test('contract.yml smoke-tests the scripts with k6 against the mock on loopback, without secrets', () => {
    const flow = workflow('contract.yml');
    const smoke = flow.jobs.smoke;
    expect(smoke?.env).toMatchObject({ API_KEY: 'mock-api-key', BASE_URL: 'http://127.0.0.1:4010' });
    expect(read('.github/workflows/contract.yml')).not.toContain('secrets.');
    const uses = smoke?.steps.map((step) => step.uses) ?? [];
    expect(uses).toEqual(expect.arrayContaining(['grafana/setup-k6-action@v1', 'grafana/run-k6-action@v1']));
    expect(smoke?.steps.find((step) => step.uses === 'grafana/run-k6-action@v1')?.with).toMatchObject({ path: 'load/smoke.ts' });
  });

  test('load.yml runs on a schedule and by hand, with setup-k6-action, run-k6-action and the key from a secret', () => {
    const flow = workflow('load.yml');
    expect(Object.keys(flow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(flow.env).toMatchObject({ API_KEY: '${{ secrets.AGENTS_API_KEY }}', REPORT_DIR: 'reports/load', K6_WEB_DASHBOARD_PORT: '-1' });
    expect(flow.env?.LOAD_CONFIRM_TARGET).toContain('api.haufe.ai');
    const all = steps(flow);
    expect(all.some((step) => step.uses === 'grafana/setup-k6-action@v1')).toBe(true);
    const runs = all.filter((step) => step.uses === 'grafana/run-k6-action@v1');
    expect(runs.map((step) => step.with?.path)).toEqual(['load/smoke.ts', 'load/latency.ts', 'load/stream.ts', 'load/rate-limit.ts']);
    for (const step of runs) expect(step.env?.K6_WEB_DASHBOARD_EXPORT).toMatch(/^reports\/load\/[a-z-]+-dashboard\.html$/);
    expect(all.some((step) => step.run?.startsWith('npm run load:report -- reports/load/rate-limit.ndjson'))).toBe(true);
    expect(all.find((step) => step.uses === 'actions/upload-artifact@v4')?.with?.path).toBe('reports/load/');
  });

  test('no workflow writes a key into the file: API_KEY is the mock\'s or a secret', () => {
    for (const name of ['contract.yml', 'load.yml']) {
      const flow = workflow(name);
      const envs = [flow.env, ...Object.values(flow.jobs).flatMap((job) => [job.env, ...job.steps.map((step) => step.env)])];
      const keys = envs.flatMap((env) => (env?.API_KEY === undefined ? [] : [env.API_KEY]));
      expect(keys.length, name).toBeGreaterThan(0);
      for (const key of keys) expect(key === 'mock-api-key' || /^\$\{\{ secrets\.[A-Z_]+ \}\}$/.test(key), `${name}: ${key}`).toBe(true);
    }
  });
});

test.describe('load/k8s/testrun.yaml', () => {
  const SPEC_FIELDS = ['arguments', 'args', 'cleanup', 'initializer', 'parallelism', 'paused', 'quiet', 'runner', 'script', 'separate', 'starter', 'testRunId', 'token'];
  const manifest = () =>
    parse(read('load/k8s/testrun.yaml')) as {
      apiVersion: string;
      kind: string;
      metadata: { name: string };
      spec: Record<string, unknown> & {
        parallelism: number;
        script: { configMap: { name: string; file: string } };
        runner: { image: string; env: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }> };
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
