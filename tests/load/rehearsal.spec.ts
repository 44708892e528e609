// A short rehearsal of load/rate-limit.ts against the real mock (rate limits on), over real HTTP
// on 127.0.0.1: setup, the burst, the budget probe, recovery and teardown. k6 itself cannot run
// here, but its scripts can: this shows the probes reproduce the documented per-second limit, the
// shared budget and an exact Retry-After against the reference double, and that every response
// the mock gives passes the contract checks under load. (The minute window takes a minute; the
// full rehearsal with k6 is in docs/load.md.)

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { TYPESCRIPT_NODE } from '../../contracts/lib/typescript-node.ts';
import { test } from '../support/base-test.ts';
import { k6stub } from './stubs/state.ts';
import { call, inPhase, loadScript, runScenario, runSetup } from './support/k6-harness.ts';
import { ROOT } from './support/k6-transform.ts';
import { installRealHttp } from './support/real-http.ts';
import { failedThresholds } from './support/thresholds.ts';

async function startMock(): Promise<{ url: string; process: ChildProcess }> {
  // What `npm run mock` runs, rate limits on (the default), on a free port of 127.0.0.1.
  const child = spawn(
    process.execPath,
    [...TYPESCRIPT_NODE, join(ROOT, 'contracts', 'mock', 'cli.ts'), '--port', '0', '--quiet'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    output += chunk.toString();
    const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
    if (match?.[1] !== undefined) return { url: match[1], process: child };
  }
  throw new Error(`The mock did not print its URL: ${output}`);
}

// Side by side: each test starts a mock of its own and mostly waits on its rate windows. One after
// the other they held one slot for about 8 s at the end of `npm test`, with the other slots idle.
test.describe.configure({ mode: 'parallel' });

test.describe('rehearsal against the mock', () => {
  test('smoke, latency and stream run clean: every response passes the contract, every check is green', async () => {
    const mock = await startMock();
    let http: { close: () => Promise<number> } | undefined;
    try {
      for (const [script, scenario] of [
        ['smoke.ts', 'smoke'],
        ['latency.ts', 'latency'],
        ['stream.ts', 'stream'],
      ] as const) {
        // Three scripts' setups and teardowns within a second or two: pools of 5 threads keep them
        // inside the mock's 60 calls a second of the other budget (the default pool is 10).
        const pools = { LATENCY_VUS: '5', STREAM_VUS: '5' };
        const loaded = await loadScript(script, {
          API_KEY: 'mock-api-key',
          BASE_URL: mock.url,
          CONTRACT_SAMPLE: '1',
          ...pools,
        });
        await http?.close();
        http = installRealHttp();
        const setup = runSetup(loaded);
        expect(setup.aborted, script).toBeNull();
        runScenario(loaded, scenario, setup.data, 3);
        inPhase('teardown', () => call(loaded, 'teardown', setup.data));
        expect(
          k6stub.checks.filter((c) => !c.ok).map((c) => c.name),
          script,
        ).toEqual([]);
        // run, message, run, message, run: each checked against the contract.
        expect(
          k6stub.samples.filter((s) => s.metric === 'contract_checked'),
          script,
        ).toHaveLength(5);
        expect(failedThresholds(loaded.options.thresholds), script).toEqual([]);
      }
    } finally {
      await http?.close();
      mock.process.kill('SIGTERM');
      await once(mock.process, 'exit');
    }
  });

  test('the rate-limit probes reproduce the documented limits over real HTTP', async () => {
    test.setTimeout(30_000);
    const mock = await startMock();
    let http: { close: () => Promise<number> } | undefined;
    try {
      // CONTRACT_SAMPLE=1: every response of the mock is checked, not a sample.
      const script = await loadScript('rate-limit.ts', {
        API_KEY: 'mock-api-key',
        BASE_URL: mock.url,
        CONTRACT_SAMPLE: '1',
      });
      // After loading: loading resets the stubs.
      http = installRealHttp();
      const setup = runSetup<{ threads: string[] }>(script);
      expect(setup.aborted).toBeNull();
      expect(setup.data?.threads).toHaveLength(53);

      runScenario(script, 'burst', setup.data);
      runScenario(script, 'budgets', setup.data, 1, 33);
      runScenario(script, 'recovery', setup.data, 1, 34);
      inPhase('teardown', () => call(script, 'teardown', setup.data));

      const values = (metric: string) => k6stub.samples.filter((s) => s.metric === metric).map((s) => s.value);
      expect(values('burst_answered')).toEqual([15]);
      expect(values('shared_budget_refused')).toEqual([1, 1]);
      // Thread, messages, a message, and the three feedback calls: answered while runs are refused.
      expect(values('other_budget_unaffected')).toEqual([1, 1, 1, 1, 1, 1]);
      expect(values('retry_after_honoured')).toEqual([1]);
      expect(values('recovery_time')[0]).toBeGreaterThanOrEqual(900);
      expect(values('recovery_time')[0]).toBeLessThan(3000);
      expect(k6stub.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([]);
      expect(values('contract_violations')).toEqual([]);
      // Burst 20, budgets 9, recovery 2: every observed response was checked.
      expect(values('contract_checked')).toHaveLength(31);
      const thresholds = script.options.thresholds;
      const probes = [
        'burst_answered',
        'shared_budget_refused',
        'other_budget_unaffected',
        'retry_after_present',
        'retry_after_honoured',
        'unexpected_responses',
        'contract_violations',
        'checks',
      ];
      expect(failedThresholds(Object.fromEntries(probes.map((name) => [name, thresholds[name] ?? []])))).toEqual([]);
      // teardown() removed every thread setup() made: the pool and the feedback thread.
      expect(
        k6stub.requests.filter((r) => r.method === 'DELETE' && /^\/v1\/threads\/[^/]+$/.test(r.path)),
      ).toHaveLength(54);
    } finally {
      await http?.close();
      mock.process.kill('SIGTERM');
      await once(mock.process, 'exit');
    }
  });
});
