// load/latency.ts and load/stream.ts with k6 stubbed: the arrival rate stays below the limit, the
// SLOs are the configured thresholds, TTFB and stream timings are recorded, NDJSON lines are checked.
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { k6stub } from './stubs/state.ts';
import { FAKE_KEY, installFakeApi, PLAIN_ASSISTANT } from './support/fake-api.ts';
import { loadScript, runScenario, runSetup } from './support/k6-harness.ts';
import { failedThresholds } from './support/thresholds.ts';

const ENV = { API_KEY: FAKE_KEY };
type Data = { threads: string[] };
const values = (metric: string) => k6stub.samples.filter((s) => s.metric === metric).map((s) => s.value);

test.describe('load/latency.ts', () => {
  test('offers a constant arrival rate below the documented 60 runs per minute', async () => {
    const { options } = await loadScript('latency.ts', ENV);
    expect(options.scenarios.latency).toEqual({
      executor: 'constant-arrival-rate',
      rate: 30,
      timeUnit: '1m',
      duration: '120s',
      preAllocatedVUs: 5,
      maxVUs: 10,
      exec: 'latency',
    });
    await expect(loadScript('latency.ts', { ...ENV, LATENCY_RPM: '60' })).rejects.toThrow(
      /LATENCY_RPM=60 is not below the documented 60 runs per minute/,
    );
  });

  test('the SLOs are p95 and p99 of http_req_duration for expected responses, as configured', async () => {
    const { options } = await loadScript('latency.ts', { ...ENV, LATENCY_P95_MS: '1500', LATENCY_P99_MS: '2500' });
    expect(options.thresholds['http_req_duration{expected_response:true}']).toEqual(['p(95)<1500', 'p(99)<2500']);
    expect(options.thresholds['http_req_duration{endpoint:createRun,expected_response:true}']).toEqual([
      'p(95)<1500',
      'p(99)<2500',
    ]);
  });

  test('records time to first byte and holds the SLOs when answers are fast', async () => {
    const script = await loadScript('latency.ts', ENV);
    installFakeApi();
    const { data } = runSetup<Data>(script);
    runScenario(script, 'latency', data, 4, 2);
    expect(values('run_ttfb')).toEqual([120, 120, 120, 120]);
    expect(failedThresholds(script.options.thresholds)).toEqual([]);
  });

  test('fails the SLO when answers are slower than it', async () => {
    const script = await loadScript('latency.ts', { ...ENV, LATENCY_P95_MS: '150', LATENCY_P99_MS: '170' });
    const api = installFakeApi();
    api.answerTimings = { waiting: 100, duration: 400 };
    const { data } = runSetup<Data>(script);
    runScenario(script, 'latency', data, 4);
    expect(failedThresholds(script.options.thresholds)).toEqual([
      'http_req_duration{expected_response:true}: p(95)<150',
      'http_req_duration{expected_response:true}: p(99)<170',
      'http_req_duration{endpoint:createRun,expected_response:true}: p(95)<150',
      'http_req_duration{endpoint:createRun,expected_response:true}: p(99)<170',
    ]);
  });

  test('slow answers get VUs beyond those started up front, and a dropped iteration fails the run', async () => {
    const script = await loadScript('latency.ts', { ...ENV, LATENCY_VUS: '8' });
    expect(script.options.scenarios.latency).toMatchObject({ preAllocatedVUs: 4, maxVUs: 8 });
    expect(script.options.thresholds.dropped_iterations).toEqual(['count==0']);
    installFakeApi();
    const { data } = runSetup<Data>(script);
    expect(data?.threads).toHaveLength(8);
    runScenario(script, 'latency', data, 2);
    expect(failedThresholds(script.options.thresholds)).toEqual([]);
    // What k6 emits when an arrival-rate scenario has no free VU for an iteration.
    k6stub.samples.push({ metric: 'dropped_iterations', value: 1, tags: { scenario: 'latency' }, time: k6stub.clock });
    expect(failedThresholds(script.options.thresholds)).toEqual(['dropped_iterations: count==0']);
  });

  test('each VU runs its own thread, so concurrent runs never share one', async () => {
    const script = await loadScript('latency.ts', ENV);
    installFakeApi();
    const { data } = runSetup<Data>(script);
    for (const vu of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) runScenario(script, 'latency', data, 1, vu);
    const threads = k6stub.requests.filter((r) => r.path.endsWith('/run')).map((r) => r.path.split('/')[3]);
    expect(new Set(threads).size).toBe(10);
    expect(threads.sort()).toEqual([...(data?.threads ?? [])].sort());
  });
});

test.describe('load/stream.ts', () => {
  test('times the response headers (not a first line k6 cannot see) and the whole stream, and counts the lines', async () => {
    const script = await loadScript('stream.ts', { ...ENV, CONTRACT_SAMPLE: '1' });
    installFakeApi();
    const { data } = runSetup<Data>(script);
    runScenario(script, 'stream', data, 2);
    expect(values('stream_time_to_headers')).toEqual([80, 80]);
    expect(values('stream_first_chunk')).toEqual([]);
    expect(script.options.thresholds.stream_time_to_headers).toEqual(['p(95)<2000']);
    expect(values('stream_total')).toEqual([900, 900]);
    expect(values('stream_chunks')).toEqual([3, 3]);
    expect(k6stub.requests.filter((r) => r.path.endsWith('/run/stream')).map((r) => r.headers.accept)).toEqual([
      'application/x-ndjson',
      'application/x-ndjson',
    ]);
    expect(k6stub.checks.filter((c) => !c.ok)).toEqual([]);
    expect(failedThresholds(script.options.thresholds)).toEqual([]);
  });

  test('a stream line that breaks the chunk schema is a contract violation naming the line', async () => {
    const script = await loadScript('stream.ts', { ...ENV, CONTRACT_SAMPLE: '1' });
    const api = installFakeApi();
    const { data } = runSetup<Data>(script);
    api.override('createRunStream', (request) => {
      const threadId = request.path.split('/')[3];
      const good = JSON.stringify({
        created_at: '2025-01-15T10:00:00.000000Z',
        delta: { content: 'a', role: 'assistant' },
        message_id: threadId,
        thread_id: threadId,
      });
      return { status: 200, headers: { 'content-type': 'application/x-ndjson' }, body: `${good}\n{"delta":{}}\n` };
    });
    runScenario(script, 'stream', data, 1);
    // The check id contract-report.json uses; the pointer names the second line.
    const tagged = k6stub.samples.filter((s) => s.metric === 'contract_violations').map((s) => s.tags.check);
    expect(tagged.length).toBeGreaterThan(0);
    expect(new Set(tagged)).toEqual(new Set(['body-schema']));
    expect(k6stub.logs.join('\n')).toContain('Response violates schema [body-schema] at /1/created_at');
    expect(k6stub.logs.join('\n')).not.toContain(' at /0/');
    expect(failedThresholds({ contract_violations: script.options.thresholds.contract_violations ?? [] })).toEqual([
      'contract_violations: count==0',
    ]);
  });

  test('setup() refuses an assistant that does not stream', async () => {
    const script = await loadScript('stream.ts', { ...ENV, ASSISTANT_ID: PLAIN_ASSISTANT });
    installFakeApi();
    expect(runSetup(script).aborted).toMatch(/does not stream; run\/stream needs an assistant with streaming: true/);
  });

  test('the old STREAM_FIRST_CHUNK_P95_MS is refused with the name of the new setting', async () => {
    await expect(loadScript('stream.ts', { ...ENV, STREAM_FIRST_CHUNK_P95_MS: '900' })).rejects.toThrow(
      /STREAM_FIRST_CHUNK_P95_MS is gone: k6 times the response headers of run\/stream, not its first line. Set STREAM_HEADERS_P95_MS/,
    );
  });

  test('STREAM_RPM at or above the limit is refused', async () => {
    await expect(loadScript('stream.ts', { ...ENV, STREAM_RPM: '75' })).rejects.toThrow(
      /STREAM_RPM=75 is not below the documented 60/,
    );
  });
});
