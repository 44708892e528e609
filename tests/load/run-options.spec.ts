// A k6 archive freezes `options` (k6 uses the archive's options, not the script's, when it runs
// one), while the script's code reads __ENV anew. setup() must stop when the two disagree, so that
// a LATENCY_DURATION given only to a k6-operator runner is not silently ignored.
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { k6stub } from './stubs/state.ts';
import { FAKE_KEY, installFakeApi } from './support/fake-api.ts';
import { loadScript, runSetup } from './support/k6-harness.ts';

// exec.test.options as k6 hands it over: its options as JSON, durations Go-style.
const archivedLatency = (overrides: Record<string, unknown> = {}) => ({
  scenarios: {
    latency: {
      executor: 'constant-arrival-rate',
      startTime: '0s',
      gracefulStop: '30s',
      rate: 30,
      timeUnit: '1m0s',
      duration: '2m0s',
      preAllocatedVUs: 5,
      maxVUs: 10,
      exec: 'latency',
      ...overrides,
    },
  },
});

test('setup() runs when the options k6 runs are the ones the environment gives', async () => {
  const script = await loadScript('latency.ts', { API_KEY: FAKE_KEY });
  installFakeApi();
  k6stub.testOptions = archivedLatency();
  expect(runSetup(script).aborted).toBeNull();
});

test('setup() stops a run whose archived duration differs from LATENCY_DURATION, naming both and the fix', async () => {
  const script = await loadScript('latency.ts', { API_KEY: FAKE_KEY, LATENCY_DURATION: '5m' });
  installFakeApi();
  k6stub.testOptions = archivedLatency();
  const aborted = runSetup(script).aborted ?? '';
  expect(aborted).toContain('latency.duration 2m0s (this environment asks for 300s)');
  expect(aborted).toContain('pass the settings that shape the load to k6 archive with -e');
  expect(k6stub.requests).toEqual([]);
});

test('setup() stops a run whose scenarios were replaced by --vus/--duration', async () => {
  const script = await loadScript('stream.ts', { API_KEY: FAKE_KEY });
  installFakeApi();
  k6stub.testOptions = { scenarios: { default: { executor: 'constant-vus', vus: 5, duration: '30s' } } };
  expect(runSetup(script).aborted).toContain(
    'scenario stream is not run (--vus, --duration, --iterations or --stages replace',
  );
});
