// load/rate-limit.ts with k6 stubbed: the plan, how 200/429/5xx are counted, and each probe
// (burst, shared budget, recovery) against a fake API with the documented limits and broken variants.
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { k6stub } from './stubs/state.ts';
import type { FakeApi, FakeLimits } from './support/fake-api.ts';
import { FAKE_KEY, installFakeApi } from './support/fake-api.ts';
import type { LoadedScript } from './support/k6-harness.ts';
import { call, inPhase, loadScript, runScenario, runSetup } from './support/k6-harness.ts';
import { throttlingCountedAsFailure } from './support/rules.ts';
import { failedThresholds } from './support/thresholds.ts';

const ENV = { API_KEY: FAKE_KEY };
const DOCUMENTED = { answersPerSecond: 15, answersPerMinute: 60, otherPerSecond: 60, otherPerMinute: 180 };
type Data = { threads: string[]; feedback?: { threadId: string; messageId: string } };

const samples = (metric: string) => k6stub.samples.filter((s) => s.metric === metric);
const values = (metric: string) => samples(metric).map((s) => s.value);
const failedChecks = () => k6stub.checks.filter((c) => !c.ok).map((c) => c.name);

async function prepared(
  limits: FakeLimits | null = DOCUMENTED,
): Promise<{ script: LoadedScript; api: FakeApi; data: Data }> {
  const script = await loadScript('rate-limit.ts', ENV);
  const api = installFakeApi();
  api.limits = limits;
  const { data } = runSetup<Data>(script);
  if (data === undefined) throw new Error('setup stopped');
  // What setup() spent is not what the probes are about.
  k6stub.samples.length = 0;
  k6stub.checks.length = 0;
  k6stub.requests.length = 0;
  k6stub.clock += 120_000;
  return { script, api, data };
}

function throttle(api: FakeApi, retryAfter: string | null): void {
  api.override('createRun', () => ({
    status: 429,
    headers: { 'content-type': 'application/json', ...(retryAfter === null ? {} : { 'retry-after': retryAfter }) },
    body: '{"error_code":"rate_limit_gateway","detail":"Rate limit exceeded"}',
  }));
}

test.describe('load/rate-limit.ts: the plan', () => {
  test('ramps past the documented 15 RPS, bursts above it, and sustains more than 60 RPM for two minutes', async () => {
    const { options } = await loadScript('rate-limit.ts', ENV);
    const { burst, ramp, sustained, budgets, recovery } = options.scenarios;
    expect(ramp).toMatchObject({
      executor: 'ramping-arrival-rate',
      startRate: 1,
      timeUnit: '1s',
      stages: [{ target: 30, duration: '30s' }],
    });
    expect(sustained).toMatchObject({
      executor: 'constant-arrival-rate',
      rate: 90,
      timeUnit: '1m',
      duration: '120s',
      startTime: '40s',
    });
    expect(burst).toMatchObject({ executor: 'per-vu-iterations', vus: 1, iterations: 1, startTime: '0s' });
    // The budget probe runs inside the overload, recovery right after it.
    expect(budgets).toMatchObject({ startTime: '140s' });
    expect(recovery).toMatchObject({ startTime: '160s' });
    expect(options.batchPerHost).toBe(20);
  });

  test('429 is an expected status: the response callback accepts 2xx and 429 only', async () => {
    await loadScript('rate-limit.ts', ENV);
    const accepts = k6stub.responseCallback;
    expect([200, 201, 204, 429].map((status) => accepts?.(status))).toEqual([true, true, true, true]);
    expect([301, 400, 404, 500, 503].map((status) => accepts?.(status))).toEqual([false, false, false, false, false]);
  });

  test('unexpected responses fail the run and, past UNEXPECTED_MAX, abort it', async () => {
    const { options } = await loadScript('rate-limit.ts', { ...ENV, UNEXPECTED_MAX: '7' });
    expect(options.thresholds.unexpected_responses).toEqual([
      'count==0',
      { threshold: 'count<=7', abortOnFail: true, delayAbortEval: '5s' },
    ]);
    expect(options.thresholds.http_req_failed).toEqual([
      { threshold: 'rate<0.05', abortOnFail: true, delayAbortEval: '30s' },
    ]);
  });

  const refusals: Array<[string, { given: Record<string, string>; want: RegExp }]> = [
    [
      'a ramp that stays under the limit',
      { given: { RAMP_TARGET_RPS: '12' }, want: /RAMP_TARGET_RPS=12 must pass the documented 15 RPS/ },
    ],
    [
      'a ramp above the cap',
      { given: { RAMP_TARGET_RPS: '80' }, want: /RAMP_TARGET_RPS is capped at 50 requests per second/ },
    ],
    [
      'a sustained rate under 60 RPM',
      { given: { SUSTAINED_RPM: '50' }, want: /SUSTAINED_RPM=50 must exceed the documented 60 RPM/ },
    ],
    [
      'a sustained phase shorter than two minutes',
      { given: { SUSTAINED_DURATION: '90s' }, want: /SUSTAINED_DURATION must be between 120s and 600s; got 90s/ },
    ],
    [
      'a sustained phase above the cap',
      { given: { SUSTAINED_DURATION: '20m' }, want: /SUSTAINED_DURATION is capped at 600s/ },
    ],
    [
      'a burst no larger than the limit',
      { given: { BURST_SIZE: '15' }, want: /BURST_SIZE=15 must exceed the documented 15 RPS/ },
    ],
    [
      'more threads than the other budget allows',
      {
        given: { RAMP_VUS: '50', SUSTAINED_VUS: '40' },
        want: /passes the 180 RPM budget of thread, message and feedback calls/,
      },
    ],
    [
      'a remote target that is not confirmed',
      {
        given: { BASE_URL: 'https://api.haufe.ai/agents' },
        want: /Refusing to load-test https:\/\/api\.haufe\.ai\/agents.*LOAD_CONFIRM_TARGET=api\.haufe\.ai/,
      },
    ],
  ];
  for (const [name, { given, want }] of refusals) {
    test(`refuses ${name}`, async () => {
      await expect(loadScript('rate-limit.ts', { ...ENV, ...given })).rejects.toThrow(want);
    });
  }

  test('accepts a remote target that LOAD_CONFIRM_TARGET names', async () => {
    const { options } = await loadScript('rate-limit.ts', {
      ...ENV,
      BASE_URL: 'https://api.haufe.ai/agents',
      LOAD_CONFIRM_TARGET: 'api.haufe.ai',
    });
    expect(Object.keys(options.scenarios)).toEqual(['burst', 'ramp', 'sustained', 'budgets', 'recovery']);
  });

  test('setup() creates a thread per possible VU and per burst run, waiting out 429s on the way', async () => {
    const script = await loadScript('rate-limit.ts', ENV);
    const api = installFakeApi();
    api.limits = DOCUMENTED;
    const started = k6stub.clock;
    const { data } = runSetup<Data>(script);
    expect(data?.threads).toHaveLength(20 + 33);
    expect(api.calls.filter((c) => c.status === 429).length).toBeGreaterThan(0);
    expect(k6stub.clock - started).toBeGreaterThanOrEqual(1000);
    const pool = new Set(data?.threads);
    expect([...api.threads.values()].filter((t) => pool.has(t.id)).every((t) => t.messages.length === 1)).toBe(true);
  });

  test('setup() first answers one run on a thread of its own, outside the pool, for the feedback probe, and teardown() deletes it', async () => {
    const script = await loadScript('rate-limit.ts', ENV);
    const api = installFakeApi();
    api.limits = DOCUMENTED;
    const { data } = runSetup<Data>(script);
    const feedback = data?.feedback;
    expect(feedback).toBeDefined();
    expect(data?.threads).not.toContain(feedback?.threadId);
    const thread = api.threads.get(feedback?.threadId ?? '');
    expect(thread?.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(feedback?.messageId).toBe(thread?.messages[1]?.id);
    // Its run is the first call of the answers budget, before the pool: out of the burst's second.
    expect(api.calls.filter((c) => c.op === 'createRun')).toEqual([{ op: 'createRun', status: 200 }]);
    expect(api.calls.findIndex((c) => c.op === 'createRun')).toBeLessThan(
      api.calls.findIndex((c) => c.op === 'createThread' && c.status === 201) + 3,
    );
    inPhase('teardown', () => call(script, 'teardown', data));
    expect([...api.threads.values()].every((t) => t.deleted)).toBe(true);
  });

  test('setup() stops, saying what to do, and removes the feedback thread when its run is not answered', async () => {
    const script = await loadScript('rate-limit.ts', ENV);
    const api = installFakeApi();
    api.override('createRun', () => ({
      status: 422,
      headers: { 'content-type': 'application/json' },
      body: '{"error_code":"request_metadata_missing_or_incomplete","detail":"licence"}',
    }));
    const setup = runSetup<Data>(script);
    expect(setup.aborted).toMatch(
      /^setup: POST \/v1\/threads\/\{thread_id\}\/run answered 422 for the feedback thread; expected 200 \(set RUN_META_DATA/,
    );
    expect([...api.threads.values()].map((t) => t.deleted)).toEqual([true]);
  });
});

test.describe('load/rate-limit.ts: counting responses', () => {
  test('a 200 is answered, timed and leaves its thread needing a new user message', async () => {
    const { script, data } = await prepared(null);
    runScenario(script, 'ramp', data, 2, 3);
    expect(values('rate_limited')).toEqual([0, 0]);
    expect(values('run_ttfb')).toEqual([120, 120]);
    const posts = k6stub.requests.filter((r) => r.method === 'POST').map((r) => r.path.split('/').pop());
    expect(posts).toEqual(['run', 'messages', 'run']);
    expect(failedChecks()).toEqual([]);
  });

  test('a 429 with Retry-After is expected: not failed, not unexpected, contract-checked and counted by error_code', async () => {
    const { script, api, data } = await prepared(null);
    throttle(api, '1');
    runScenario(script, 'ramp', data, 1);
    const run = samples('http_req_failed').filter((s) => s.tags.endpoint === 'createRun');
    expect(run.map((s) => [s.value, s.tags.expected_response, s.tags.status, s.tags.name])).toEqual([
      [0, 'true', '429', 'POST /v1/threads/{thread_id}/run'],
    ]);
    expect(samples('unexpected_responses')).toEqual([]);
    expect(samples('contract_checked').map((s) => s.tags)).toEqual([
      { scenario: 'ramp', endpoint: 'createRun', status: '429' },
    ]);
    expect(samples('contract_violations')).toEqual([]);
    expect(values('retry_after_present')).toEqual([1]);
    expect(values('retry_after_seconds')).toEqual([1]);
    expect(values('error_code_rate_limit_gateway')).toEqual([1]);
    expect(values('rate_limited')).toEqual([1]);
    expect(failedChecks()).toEqual([]);
    // Refused runs leave the thread as it was: no extra user message.
    expect(k6stub.requests.filter((r) => r.path.endsWith('/messages'))).toEqual([]);
  });

  test('a 429 without Retry-After breaks the contract and fails the Retry-After threshold', async () => {
    const { script, api, data } = await prepared(null);
    throttle(api, null);
    runScenario(script, 'ramp', data, 2);
    expect(samples('contract_violations').map((s) => s.tags.check)).toEqual(['required-header', 'required-header']);
    expect(values('retry_after_present')).toEqual([0, 0]);
    expect(failedChecks()).toEqual([
      'createRun: 429 follows the contract',
      'createRun: 429 carries Retry-After',
      'createRun: 429 follows the contract',
      'createRun: 429 carries Retry-After',
    ]);
    const failed = failedThresholds(
      pickThresholds(script, ['retry_after_present', 'contract_violations', 'unexpected_responses', 'checks']),
    );
    expect(failed).toEqual(['retry_after_present: rate==1', 'contract_violations: count==0', 'checks: rate==1']);
  });

  test('a 5xx is unexpected: it fails the thresholds and trips the abort guards', async () => {
    const { script, api, data } = await prepared(null);
    api.override('createRun', () => ({
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: '{"error_code":"api_error","detail":"boom"}',
    }));
    runScenario(script, 'ramp', data, 2);
    // run 500, the follow-up user message (a 500 may have stored an answer), run 500.
    expect(values('http_req_failed')).toEqual([1, 0, 1]);
    expect(samples('unexpected_responses').map((s) => s.tags.status)).toEqual(['500', '500']);
    expect(values('error_code_api_error')).toEqual([1, 1]);
    const failed = failedThresholds(pickThresholds(script, ['unexpected_responses', 'http_req_failed', 'checks']));
    expect(failed).toEqual(['unexpected_responses: count==0', 'http_req_failed: rate<0.05', 'checks: rate==1']);
  });

  test('an undocumented status is named as such', async () => {
    const { script, api, data } = await prepared(null);
    api.override('createRun', () => ({
      status: 418,
      headers: { 'content-type': 'application/json' },
      body: '{"error_code":"teapot","detail":"no"}',
    }));
    runScenario(script, 'ramp', data, 2);
    // Errors are always checked, whatever CONTRACT_SAMPLE says.
    expect(samples('contract_violations').map((s) => s.tags.check)).toEqual([
      'undocumented-status',
      'undocumented-status',
    ]);
    expect(values('error_code_undocumented')).toEqual([1, 1]);
    expect(k6stub.logs[0]).toMatch(
      /^contract: createRun answered 418: Undocumented HTTP status code \[undocumented-status\]: Expected POST \/v1\/threads\/\{thread_id\}\/run to answer one of .*\. Got 418\.$/,
    );
  });
});

test.describe('load/rate-limit.ts: the probes', () => {
  test('the burst finds the per-second limit: 15 of 20 parallel runs answered, 5 refused', async () => {
    const { script, data } = await prepared();
    runScenario(script, 'burst', data);
    expect(k6stub.batches).toEqual([20]);
    expect(values('burst_answered')).toEqual([15]);
    expect(values('rate_limited').filter((v) => v === 1)).toHaveLength(5);
    expect(failedChecks()).toEqual([]);
    expect(failedThresholds(pickThresholds(script, ['burst_answered']))).toEqual([]);
  });

  test('the burst reports an API that lets every run through', async () => {
    const { script, data } = await prepared(null);
    runScenario(script, 'burst', data);
    expect(values('burst_answered')).toEqual([20]);
    expect(failedChecks()).toEqual([
      'burst: no more than 15 of 20 parallel runs answered',
      'burst: the runs above 15 are refused with 429',
    ]);
    expect(failedThresholds(pickThresholds(script, ['burst_answered']))).toEqual(['burst_answered: value<=15']);
  });

  test('budgets: run/stream and chat/completions are refused with run, thread, message and feedback calls are not', async () => {
    const { script, api, data } = await prepared();
    api.spend('answers', 60, 1000);
    runScenario(script, 'budgets', data, 1, 33);
    const answered = k6stub.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, '{id}')}`);
    expect(answered).toEqual([
      'POST /v1/threads/{id}/run',
      'POST /v1/threads/{id}/run/stream',
      'POST /v1/chat/completions',
      'GET /v1/threads/{id}',
      'GET /v1/threads/{id}/messages',
      'POST /v1/threads/{id}/messages',
      'POST /v1/threads/{id}/messages/{id}/feedback',
      'GET /v1/feedback/negative/reasons',
      'DELETE /v1/threads/{id}/messages/{id}/feedback',
    ]);
    // Feedback goes on the answer setup() stored, on the feedback thread.
    const feedbackPath = `/v1/threads/${data.feedback?.threadId}/messages/${data.feedback?.messageId}/feedback`;
    expect(k6stub.requests.filter((r) => r.path === feedbackPath).map((r) => [r.method, r.body])).toEqual([
      ['POST', '{"feedback":"positive"}'],
      ['DELETE', null],
    ]);
    expect(
      k6stub.requests.filter((r) => r.path.includes('feedback')).map((r) => r.headers['api-key'] === FAKE_KEY),
    ).toEqual([true, true, true]);
    expect(samples('shared_budget_refused').map((s) => [s.tags.endpoint, s.value])).toEqual([
      ['createRunStream', 1],
      ['createChatCompletion', 1],
    ]);
    expect(samples('other_budget_unaffected').map((s) => [s.tags.endpoint, s.value])).toEqual([
      ['getThread', 1],
      ['listMessages', 1],
      ['createMessage', 1],
      ['upsertFeedback', 1],
      ['listNegativeFeedbackReasons', 1],
      ['deleteFeedback', 1],
    ]);
    // Each feedback call is tagged with the budget it draws on, so the report counts it apart from the answers.
    expect(
      samples('http_req_duration')
        .filter((s) => String(s.tags.endpoint).includes('Feedback'))
        .map((s) => [s.tags.endpoint, s.tags.budget]),
    ).toEqual([
      ['upsertFeedback', 'other'],
      ['listNegativeFeedbackReasons', 'other'],
      ['deleteFeedback', 'other'],
    ]);
    expect(failedChecks()).toEqual([]);
    expect(
      failedThresholds(
        pickThresholds(script, ['shared_budget_refused', 'other_budget_unaffected', 'unexpected_responses']),
      ),
    ).toEqual([]);
  });

  test('budgets: an API that counts feedback in the answers budget fails the probe', async () => {
    const { script, api, data } = await prepared({ ...DOCUMENTED, feedbackInAnswers: true });
    api.spend('answers', 60, 1000);
    runScenario(script, 'budgets', data, 1, 33);
    expect(samples('other_budget_unaffected').map((s) => [s.tags.endpoint, s.value])).toEqual([
      ['getThread', 1],
      ['listMessages', 1],
      ['createMessage', 1],
      ['upsertFeedback', 0],
      ['listNegativeFeedbackReasons', 0],
      ['deleteFeedback', 0],
    ]);
    expect(failedChecks()).toEqual([
      'budgets: upsertFeedback is answered while the answer budget is spent (own budget)',
      'budgets: listNegativeFeedbackReasons is answered while the answer budget is spent (own budget)',
      'budgets: deleteFeedback is answered while the answer budget is spent (own budget)',
    ]);
    expect(failedThresholds(pickThresholds(script, ['other_budget_unaffected']))).toEqual([
      'other_budget_unaffected: rate==1',
    ]);
  });

  test('budgets: an API that gives run/stream and chat/completions budgets of their own fails the probe', async () => {
    const { script, api, data } = await prepared({ ...DOCUMENTED, separateAnswerBudgets: true });
    api.spend('answers:createRun', 60, 1000);
    runScenario(script, 'budgets', data, 1, 33);
    expect(values('shared_budget_refused')).toEqual([0, 0]);
    expect(failedThresholds(pickThresholds(script, ['shared_budget_refused']))).toEqual([
      'shared_budget_refused: rate==1',
    ]);
  });

  test('recovery honours Retry-After and measures the time to the next answer', async () => {
    const { script, api, data } = await prepared();
    // A minute of answers, one a second: the oldest leaves the window in one second.
    api.spend('answers', 60, 1000);
    runScenario(script, 'recovery', data, 1, 34);
    expect(values('retry_after_seconds')).toEqual([1]);
    expect(values('retry_after_honoured')).toEqual([1]);
    const [recovery] = values('recovery_time');
    expect(recovery).toBeGreaterThanOrEqual(1000);
    expect(recovery).toBeLessThan(2000);
    expect(failedChecks()).toEqual([]);
    expect(
      failedThresholds(pickThresholds(script, ['retry_after_present', 'retry_after_honoured', 'recovery_time'])),
    ).toEqual([]);
  });

  test('recovery waits for the longer window when both are full', async () => {
    const { script, api, data } = await prepared();
    // Sixty answers in the last second: the second window frees in 1 s, the minute window in 60 s.
    api.spend('answers', 60, 0);
    runScenario(script, 'recovery', data, 1, 34);
    expect(values('retry_after_seconds')).toEqual([60]);
    expect(values('retry_after_honoured')).toEqual([1]);
    expect(values('recovery_time')[0]).toBeGreaterThanOrEqual(60_000);
  });

  test('recovery reports a Retry-After that was not enough', async () => {
    const { script, api, data } = await prepared(null);
    let calls = 0;
    api.override('createRun', () => {
      calls += 1;
      return calls <= 3
        ? {
            status: 429,
            headers: { 'content-type': 'application/json', 'retry-after': '1' },
            body: '{"error_code":"rate_limit_gateway","detail":"wait"}',
          }
        : undefined;
    });
    runScenario(script, 'recovery', data, 1, 34);
    expect(values('retry_after_honoured')).toEqual([0, 0, 1]);
    expect(failedThresholds(pickThresholds(script, ['retry_after_honoured']))).toEqual([
      'retry_after_honoured: rate==1',
    ]);
  });
});

test.describe('load/rate-limit.ts: the rule that 429 is not a failure', () => {
  test('the script keeps it', async () => {
    const script = await loadScript('rate-limit.ts', ENV);
    expect(throttlingCountedAsFailure(script, 'ramp')).toEqual([]);
  });

  test('a script without the response callback is caught counting 429 as a failed request', async () => {
    const mutant = await loadScript('rate-limit.ts', ENV, (path, source) =>
      path.endsWith('/load/rate-limit.ts') ? source.replace(/^http\.setResponseCallback\(.*$/m, '') : source,
    );
    expect(throttlingCountedAsFailure(mutant, 'ramp')).toEqual(['3 429s counted in http_req_failed']);
  });

  test('a script whose policy does not expect 429 is caught counting it as unexpected', async () => {
    const mutant = await loadScript('rate-limit.ts', ENV, (path, source) =>
      path.endsWith('/load/rate-limit.ts') ? source.replace('expectRateLimit: true', 'expectRateLimit: false') : source,
    );
    expect(throttlingCountedAsFailure(mutant, 'ramp')).toEqual([
      '3 429s counted in unexpected_responses',
      '3 failed checks: createRun: status is expected',
    ]);
  });
});

function pickThresholds(script: LoadedScript, metrics: string[]): LoadedScript['options']['thresholds'] {
  return Object.fromEntries(metrics.map((metric) => [metric, script.options.thresholds[metric] ?? []]));
}
