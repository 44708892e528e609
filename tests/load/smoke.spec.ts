// load/smoke.ts with k6 stubbed: setup creates the thread through the API, the runs are tagged and
// checked, teardown deletes, and setup stops with the fix when the key or the target is wrong.
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { k6stub } from './stubs/state.ts';
import { FAKE_KEY, installFakeApi } from './support/fake-api.ts';
import { call, InitError, inPhase, loadScript, runScenario, runSetup } from './support/k6-harness.ts';
import { failedThresholds } from './support/thresholds.ts';

const ENV = { API_KEY: FAKE_KEY, BASE_URL: 'http://127.0.0.1:4010' };
type Data = { assistantId: string; threads: string[]; title: string };

test.describe('load/smoke.ts', () => {
  test('setup() creates one thread with a user message through the API', async () => {
    const script = await loadScript('smoke.ts', ENV);
    const api = installFakeApi();
    const { data } = runSetup<Data>(script);
    expect(api.calls.map((c) => `${c.op} ${c.status}`)).toEqual([
      'listAssistants 200',
      'createThread 201',
      'createMessage 201',
    ]);
    expect(data?.threads).toHaveLength(1);
    const thread = api.threads.get(data?.threads[0] ?? '');
    expect(thread?.messages.map((m) => m.role)).toEqual(['user']);
    expect(thread?.title).toMatch(/^agents-api-suite load smoke /);
  });

  test('runs the thread once per iteration, tagged with a stable name, every check green', async () => {
    const script = await loadScript('smoke.ts', ENV);
    installFakeApi();
    const { data } = runSetup<Data>(script);
    runScenario(script, 'smoke', data, 3);

    const runs = k6stub.requests.filter((r) => r.path.endsWith('/run'));
    expect(runs).toHaveLength(3);
    for (const run of runs) {
      expect(run.tags).toEqual({ name: 'POST /v1/threads/{thread_id}/run', endpoint: 'createRun', budget: 'answers' });
      expect(run.headers['api-key']).toBe(FAKE_KEY);
      expect(run.url).toBe(`http://127.0.0.1:4010/v1/threads/${data?.threads[0]}/run`);
    }
    // An answered run ends the thread on the assistant's message, so the next run gets a user message first.
    const sequence = k6stub.requests.filter((r) => r.method === 'POST').map((r) => r.path.split('/').pop());
    expect(sequence).toEqual(['threads', 'messages', 'run', 'messages', 'run', 'messages', 'run']);
    expect(k6stub.checks.length).toBeGreaterThan(0);
    expect(k6stub.checks.filter((c) => !c.ok)).toEqual([]);
    expect(k6stub.checks.map((c) => c.name)).toContain('createRun: 200 follows the contract');
    expect(failedThresholds(script.options.thresholds)).toEqual([]);
  });

  test('teardown() deletes the threads setup() created', async () => {
    const script = await loadScript('smoke.ts', ENV);
    const api = installFakeApi();
    const { data } = runSetup<Data>(script);
    inPhase('teardown', () => call(script, 'teardown', data));
    expect(api.calls.filter((c) => c.op === 'deleteThread')).toEqual([{ op: 'deleteThread', status: 204 }]);
    expect([...api.threads.values()].every((t) => t.deleted)).toBe(true);
  });

  test('setup() stops the test with the fix when the key is refused', async () => {
    const script = await loadScript('smoke.ts', { ...ENV, API_KEY: 'wrong-key' });
    installFakeApi();
    const result = runSetup(script);
    expect(result.aborted).toContain('refused the key (401 unauthorized)');
    expect(result.aborted).toContain('API_KEY=mock-api-key');
    expect(result.aborted).not.toContain('wrong-key');
  });

  test('setup() stops the test with the fix when API_KEY is not set', async () => {
    const script = await loadScript('smoke.ts', { BASE_URL: 'http://127.0.0.1:4010' });
    installFakeApi();
    expect(runSetup(script).aborted).toContain('API_KEY is not set');
  });

  test('setup() stops the test when the API cannot be reached', async () => {
    const script = await loadScript('smoke.ts', ENV);
    k6stub.server = () => ({ status: 0, error: 'dial tcp 127.0.0.1:4010: connect: connection refused' });
    expect(runSetup(script).aborted).toContain('npm run mock');
  });

  test('a 5xx from run is unexpected: checks, http_req_failed and the abort guard fail', async () => {
    const script = await loadScript('smoke.ts', ENV);
    const api = installFakeApi();
    const { data } = runSetup<Data>(script);
    api.override('createRun', () => ({
      status: 503,
      headers: { 'content-type': 'application/json' },
      body: '{"error_code":"internal_service_error","detail":"down"}',
    }));
    runScenario(script, 'smoke', data, 3);
    expect(failedThresholds(script.options.thresholds)).toEqual([
      'checks: rate==1',
      'http_req_failed: rate==0',
      'http_req_failed: rate<0.05',
      'unexpected_responses: count==0',
    ]);
    expect(k6stub.samples.filter((s) => s.metric === 'error_code_internal_service_error')).toHaveLength(3);
  });

  test('a 429 below the limit is a failure, not an expected answer', async () => {
    const script = await loadScript('smoke.ts', ENV);
    const api = installFakeApi();
    const { data } = runSetup<Data>(script);
    api.override('createRun', () => ({
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '1' },
      body: '{"error_code":"rate_limit_gateway","detail":"slow down"}',
    }));
    runScenario(script, 'smoke', data, 1);
    const failed = k6stub.samples.filter((s) => s.metric === 'http_req_failed' && s.tags.status === '429');
    expect(failed.map((s) => s.value)).toEqual([1]);
    expect(k6stub.samples.filter((s) => s.metric === 'unexpected_responses').map((s) => s.tags)).toEqual([
      { scenario: 'smoke', endpoint: 'createRun', status: '429' },
    ]);
  });

  test('SMOKE_RUNS is capped', async () => {
    await expect(loadScript('smoke.ts', { ...ENV, SMOKE_RUNS: '500' })).rejects.toThrow(InitError);
    await expect(loadScript('smoke.ts', { ...ENV, SMOKE_RUNS: '500' })).rejects.toThrow(
      /SMOKE_RUNS is capped at 20 runs/,
    );
  });
});
