// `agents-api-suite drift` end to end against loopback servers: empty for a server that answers
// as the mock does, and each injected difference named with the assumption behind it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import type { Verdict } from '../../contracts/check/step-verdict.ts';
import type { RequestStep } from '../../contracts/client/request-step.ts';
import { MOCK_KEYS } from '../../contracts/client/target.ts';
import { type DriftOutput, main } from '../../contracts/drift/cli.ts';
import { NO_ASSUMPTION } from '../../contracts/drift/divergence-kinds.ts';
import type { DriftReport } from '../../contracts/drift/drift-report.ts';
import { namedScenarios, type SequenceOptions, type SequenceProvider } from '../../contracts/drift/scenarios.ts';
import { freePort } from '../../contracts/lib/free-port.ts';
import { differingDocument } from '../selftest/differing-document.ts';
import { startServingApi } from '../selftest/served-openapi-api.ts';
import { test } from '../support/base-test.ts';
import { type ProxiedAnswer, startRewritingProxy } from './helpers/rewriting-proxy.ts';
import { type RunningMock, startMock } from './helpers/start-mock.ts';

const THREAD_NOT_FOUND = '#/components/schemas/ThreadNotFoundError/properties/error_code';
const META_DATA = '#/components/schemas/RunMetaData';
const ENV = {
  API_KEY: MOCK_KEYS.main,
  API_KEY_OTHER_TENANT: MOCK_KEYS.otherTenant,
  LIVE_MAX_RPS: '1000',
  LIVE_MAX_RPM: '100000',
};

let mock: RunningMock;
let reports: string;
test.beforeEach(async () => {
  mock = await startMock({ rateLimit: false });
  reports = mkdtempSync(join(tmpdir(), 'drift-'));
});
test.afterEach(async () => {
  await mock.close();
  rmSync(reports, { recursive: true, force: true });
});

/** The command's two streams, kept instead of printed. */
function collected(): DriftOutput & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (line) => outLines.push(line), err: (line) => errLines.push(line) };
}

async function drift(
  baseURL: string,
  args: string[] = [],
  provider?: SequenceProvider,
): Promise<{ code: number; report: DriftReport; output: ReturnType<typeof collected> }> {
  const output = collected();
  const code = await main(['--base-url', baseURL, ...args], { ...ENV, REPORT_DIR: reports }, provider, output);
  return { code, report: JSON.parse(readFileSync(join(reports, 'drift.json'), 'utf8')) as DriftReport, output };
}

const isRun = (a: ProxiedAnswer) => a.method === 'POST' && /\/run$/.test(a.path);
const isStream = (a: ProxiedAnswer) => a.method === 'POST' && /\/run\/stream$/.test(a.path);

/** The injected differences: each changes one thing the mock answers. */
function inject(a: ProxiedAnswer): ProxiedAnswer {
  if (isRun(a) && a.status === 404 && a.body.includes('thread_not_found')) return { ...a, status: 400 };
  if (isRun(a) && a.status === 200) {
    const body = JSON.parse(a.body) as { meta_data: Record<string, unknown> };
    return {
      ...a,
      body: JSON.stringify({ ...body, model: 'gpt', meta_data: { ...body.meta_data, legal_advice: 'no' } }),
    };
  }
  if (isStream(a) && a.status === 200) return { ...a, headers: { ...a.headers, 'content-type': 'application/json' } };
  if (isRun(a) && a.status === 401) return { ...a, headers: { ...a.headers, 'retry-after': '1' } };
  return a;
}

test('a server that answers as the mock does: no divergence, exit 0, every named scenario and 20 generated sequences of seed 1 run, and their threads deleted', async () => {
  const { code, report } = await drift(mock.url);
  expect(report.divergences).toEqual([]);
  expect(code).toBe(0);
  const generated = Array.from({ length: 20 }, (_, i) => [`generated sequence ${i + 1} of seed 1`, undefined]);
  expect(report.scenarios.map((s) => [s.name, s.skipped])).toEqual([
    ...namedScenarios.map((s) => [s.name, undefined]),
    ...generated,
  ]);
  expect(report.generated).toEqual({ seed: 1, count: 20 });
  const namedSteps = namedScenarios.reduce((n, s) => n + s.steps.length, 0);
  expect(report.summary.steps).toBe(report.scenarios.reduce((n, s) => n + s.steps, 0));
  expect(report.summary.steps - namedSteps, 'the generated sequences add their steps').toBeGreaterThan(100);
  expect(report.notes).toEqual([]);
  for (const key of [MOCK_KEYS.main, MOCK_KEYS.otherTenant]) {
    const threads = await fetch(`${mock.url}/v1/threads`, { headers: { 'api-key': key } });
    expect(
      ((await threads.json()) as { items: unknown[] }).items,
      'the threads the scenarios created are deleted',
    ).toEqual([]);
  }
  expect(readFileSync(join(reports, 'drift.md'), 'utf8')).toMatch(
    /^\*\*no divergence \(\d+ steps of 28 scenarios compared with the embedded mock\)\*\*$/m,
  );
});

test('names each injected difference at its step, with the assumptions behind it, and exits 1', async () => {
  const proxy = await startRewritingProxy(mock.url, inject);
  try {
    const { code, report, output } = await drift(proxy.url, ['--sequences', '0']);
    expect(code).toBe(1);
    expect(report.generated).toEqual({ seed: 1, count: 0 });
    const found = report.divergences.map((d) => ({
      at: `${d.scenario} #${d.step}`,
      differences: d.differences,
      assumptions: d.assumptions.map((a) => a.id),
    }));
    expect(found).toEqual([
      {
        at: 'an answered run, then a second run on the answered thread #3',
        differences: [
          { aspect: 'shape', at: '/meta_data/legal_advice', target: 'string', mock: 'boolean' },
          { aspect: 'shape', at: '/model', target: 'string' },
        ],
        assumptions: [META_DATA],
      },
      {
        at: 'a run on an unknown thread #1',
        differences: [{ aspect: 'status', target: '400', mock: '404' }],
        assumptions: [THREAD_NOT_FOUND],
      },
      {
        at: 'a run without a key, and one with an invalid key #1',
        differences: [{ aspect: 'header', at: 'retry-after', target: 'present', mock: 'absent' }],
        assumptions: [],
      },
      {
        at: 'a run without a key, and one with an invalid key #2',
        differences: [{ aspect: 'header', at: 'retry-after', target: 'present', mock: 'absent' }],
        assumptions: [],
      },
      {
        at: 'a streamed run #3',
        differences: [
          { aspect: 'content-type', target: 'application/json', mock: 'application/x-ndjson' },
          { aspect: 'shape', at: '', target: '<not JSON>', mock: 'object' },
        ],
        assumptions: [],
      },
    ]);
    const unknown = report.divergences.find((d) => d.scenario === 'a run on an unknown thread');
    expect(unknown?.curl).toMatch(
      /^curl .*'http:\/\/127\.0\.0\.1:\d+\/v1\/threads\/[0-9a-f-]+\/run' -H "api-key: \$API_KEY"/,
    );
    expect(unknown?.target).toMatchObject({
      status: 400,
      errorCode: 'thread_not_found',
      shape: { '': 'object', '/detail': 'string', '/error_code': 'string' },
    });
    expect(unknown?.mock).toMatchObject({ status: 404, errorCode: 'thread_not_found' });
    // The same difference on two steps is one kind, with its count and both steps as examples.
    const md = readFileSync(join(reports, 'drift.md'), 'utf8');
    expect(md).toContain(`Assumptions behind it: \`${THREAD_NOT_FOUND}\``);
    expect(md).toContain('## Divergences (4 kinds, 5 steps)');
    expect(md).toContain('### 1. header retry-after: target present, mock absent: 2 steps');
    expect(md).toContain(NO_ASSUMPTION);
    expect(md).not.toContain('The docs allow both');
    const html = readFileSync(join(reports, 'drift.html'), 'utf8');
    expect(html.match(/<section class="kind"/g)).toHaveLength(4);
    expect(html.match(/<section class="kind" data-count="(\d+)"/g)?.map((m) => m.replace(/\D/g, ''))).toEqual([
      '2',
      '1',
      '1',
      '1',
    ]);
    expect(html).not.toMatch(/<script|<link|\bsrc=/i);
    // Every full curl line, numbered as the report's entries.
    const curls = readFileSync(join(reports, 'drift-curl.txt'), 'utf8');
    expect(curls.match(/^# entry \d+: /gm)).toHaveLength(5);
    expect(curls).toContain(unknown?.curl);
    // The terminal: what first contact found (the mock serves no OpenAPI document) and the run's
    // header, a progress line per scenario on standard error, then the summary and one line per kind.
    expect(output.outLines[0]).toMatch(
      /^The API serves no OpenAPI document \(GET http:\/\/127\.0\.0\.1:\d+\/openapi\.json: /,
    );
    expect(output.outLines[1]).toMatch(/^Comparing http:\/\/127\.0\.0\.1:\d+ with the embedded mock: /);
    expect(output.errLines).toHaveLength(namedScenarios.length);
    expect(output.errLines[1]).toBe(
      `  [2/${namedScenarios.length}] a run on an unknown thread: 1 step, 1 answered differently`,
    );
    expect(output.outLines[2]).toBe(
      `4 kinds of divergence on 5 steps (${report.summary.steps} steps of ${namedScenarios.length} scenarios compared with the embedded mock)`,
    );
    expect(output.outLines).toContain(
      '  divergence, 2 steps: header retry-after: target present, mock absent (createRun)',
    );
    for (const file of ['drift.json', 'drift.md', 'drift.html', 'drift-curl.txt'])
      expect(readFileSync(join(reports, file), 'utf8'), `${file} names no key`).not.toContain('mock-api-key');
  } finally {
    await proxy.close();
  }
});

test("a provider's generated sequences run on both sides after the named scenarios; a divergence the step's verdict allows both ways says so", async () => {
  const calls: SequenceOptions[] = [];
  const unknownRun: RequestStep = {
    operationId: 'createRun',
    path: { thread_id: '5b5b5b5b-0000-4000-8000-000000000001' },
    body: { text: '{}' },
  };
  const created: Verdict = { mayAccept: true, refusals: [] };
  const notFound = (statuses: number[]): Verdict => ({
    mayAccept: false,
    refusals: statuses.map((status) => ({ status, code: 'thread_not_found', why: 'the thread does not exist' })),
  });
  const provider: SequenceProvider = (options) => {
    calls.push(options);
    const opening: RequestStep = {
      operationId: 'createThread',
      body: { text: '{"assistant_id":"{{assistant:streaming}}"}' },
      label: 't1',
    };
    return [
      { steps: [opening, unknownRun], verdicts: [created, notFound([404])] },
      { steps: [opening, unknownRun], verdicts: [created, notFound([404, 400])] },
    ];
  };
  const proxy = await startRewritingProxy(mock.url, inject);
  try {
    const { report } = await drift(proxy.url, ['--seed', '7', '--sequences', '3'], provider);
    expect(calls).toEqual([
      {
        seed: 7,
        count: 3,
        otherTenant: true,
        assistants: [
          { id: '{{assistant:streaming}}', streaming: true, request_required_fields: {} },
          {
            id: '{{assistant:non-streaming}}',
            streaming: false,
            request_required_fields: { __root__: ['user_data'], user_data: ['licence'] },
          },
        ],
      },
    ]);
    expect(report.generated).toEqual({ seed: 7, count: 2 });
    expect(report.scenarios.slice(-2)).toEqual([
      { name: 'generated sequence 1 of seed 7', source: 'generated', steps: 2, divergences: 1 },
      { name: 'generated sequence 2 of seed 7', source: 'generated', steps: 2, divergences: 1 },
    ]);
    const generated = report.divergences.filter((d) => d.source === 'generated');
    expect(generated.map((d) => [d.step, d.differences[0]?.aspect, d.bothAllowed])).toEqual([
      [2, 'status', undefined],
      [2, 'status', 'the docs allow 404 thread_not_found or 400 thread_not_found here (the thread does not exist)'],
    ]);
    expect(report.summary.bothAllowed).toBe(1);
    // The step the docs allow both ways is in a section of its own, which says why and claims nothing else.
    const md = readFileSync(join(reports, 'drift.md'), 'utf8');
    const allowed = md.slice(md.indexOf('## The docs allow both (1 kind, 1 step)'));
    expect(allowed).toContain(
      '- The docs allow 404 thread_not_found or 400 thread_not_found here (the thread does not exist).',
    );
    expect(allowed.slice(0, allowed.indexOf('## Scenarios'))).not.toContain(NO_ASSUMPTION);
    const divergences = md.slice(md.indexOf('## Divergences'), md.indexOf('## The docs allow both'));
    expect(divergences).toContain('### 1. status: target 400, mock 404: 2 steps');
  } finally {
    await proxy.close();
  }
});

test.describe('exits 2, saying what to do, when it cannot run', () => {
  // A case's arguments are a function when they take a free port: found when the test runs, not
  // whenever Playwright lists the tests.
  const cases: Array<[string, { args: string[] | (() => string[]); env?: NodeJS.ProcessEnv; says: RegExp }]> = [
    ['without a base URL', { args: [], says: /expected the API to compare with the mock: --base-url URL or BASE_URL/ }],
    [
      'with the key as a flag',
      {
        args: ['--base-url', 'http://127.0.0.1:1', '--api-key', 'k'],
        says: /--api-key is not taken: a key on the command line/,
      },
    ],
    [
      'with a flag it does not know',
      {
        args: ['--base-url', 'http://127.0.0.1:1', '--sequence', '3'],
        says: /unknown flag --sequence\. Did you mean --sequences\?/,
      },
    ],
    [
      'with a base URL that is not one, naming the flag typed',
      { args: ['--base-url', 'not-a-url'], says: /Expected --base-url to be an absolute URL .* Got "not-a-url"\./ },
    ],
    [
      'without API_KEY',
      {
        args: ['--base-url', 'http://127.0.0.1:1'],
        env: { API_KEY: '' },
        says: /--base-url is set but API_KEY is not/,
      },
    ],
    [
      'with an OpenAPI path off the API origin, naming the flag typed',
      {
        args: ['--base-url', 'http://127.0.0.1:1', '--openapi-path', 'https://elsewhere.test/openapi.json'],
        says: /Expected --openapi-path to be a path on the API, .* Got "https:\/\/elsewhere\.test\/openapi\.json"\./,
      },
    ],
    [
      'with OPENAPI_PATH that is not a path, naming the setting',
      {
        args: ['--base-url', 'http://127.0.0.1:1'],
        env: { OPENAPI_PATH: 'openapi.json' },
        says: /Expected OPENAPI_PATH to be a path on the API, .* Got "openapi\.json"\./,
      },
    ],
    [
      'with --openapi-path and no path',
      {
        args: ['--base-url', 'http://127.0.0.1:1', '--openapi-path='],
        says: /expected a path on the API after --openapi-path/,
      },
    ],
    [
      'with a bad seed',
      {
        args: ['--base-url', 'http://127.0.0.1:1', '--seed', 'x'],
        says: /Expected --seed to be a whole number, 0 or more\. Got "x"/,
      },
    ],
    [
      'against an unreachable host',
      {
        args: () => ['--base-url', `http://127.0.0.1:${freePort()}`],
        says: /the target cannot be compared\. Could not reach .*ECONNREFUSED/,
      },
    ],
  ];
  for (const [name, { args, env, says }] of cases) {
    test(name, async () => {
      const output = collected();
      const argv = typeof args === 'function' ? args() : args;
      expect(await main(argv, { ...ENV, REPORT_DIR: reports, ...env }, undefined, output)).toBe(2);
      const written = output.errLines;
      expect(written.join('')).toMatch(says);
      expect(written.join('')).not.toContain(MOCK_KEYS.main);
    });
  }
});

test("lists where the target's own OpenAPI document, at the path --openapi-path names, differs from our contract, each at the statement of ours", async () => {
  const api = await startServingApi(await differingDocument(), '/docs/openapi.json');
  try {
    const { code, report } = await drift(api.url, ['--sequences', '0', '--openapi-path', '/docs/openapi.json']);
    expect(code, 'the documents differ, the answers do not: no divergence').toBe(0);
    expect(report.served).toMatchObject({ served: true, url: `${api.url}/docs/openapi.json` });
    expect(api.asked, 'the named path is asked first, and found').toEqual([
      { path: '/docs/openapi.json', withKey: true },
    ]);
    const md = readFileSync(join(reports, 'drift.md'), 'utf8');
    expect(md).toContain("## The API's own OpenAPI document");
    expect(md).toContain('`#/paths/~1v1~1threads~1{thread_id}/delete/responses/204`');
    expect(md).toContain('`#/components/schemas/Thread/properties/title`');
    expect(readFileSync(join(reports, 'drift.html'), 'utf8')).toContain('id="served-openapi"');
  } finally {
    await api.close();
  }
});
