// k6 follows up to 10 redirects by default and carries custom headers such as api-key to the next
// origin (issue 23): every load script turns redirects off in its options, and the one client
// (load/lib/client.ts) turns them off on every request too, so the key never leaves the target.
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { k6stub } from './stubs/state.ts';
import { FAKE_KEY, installFakeApi } from './support/fake-api.ts';
import { loadScript, runScenario, runSetup } from './support/k6-harness.ts';

const ENV = { API_KEY: FAKE_KEY, BASE_URL: 'http://127.0.0.1:4010' };

for (const script of ['smoke.ts', 'latency.ts', 'stream.ts', 'rate-limit.ts']) {
  test(`${script} follows no redirect: maxRedirects 0 in its options and redirects 0 on every request`, async () => {
    const loaded = await loadScript(script, ENV);
    expect((loaded.options as { maxRedirects?: number }).maxRedirects).toBe(0);
    installFakeApi();
    const setup = runSetup<unknown>(loaded);
    expect(setup.aborted, 'setup ran').toBeNull();
    const scenarios = Object.entries((loaded.options.scenarios ?? {}) as Record<string, { exec?: string }>).slice(0, 1);
    for (const [name] of scenarios) runScenario(loaded, name, setup.data, 1);
    expect(k6stub.requests.length).toBeGreaterThan(0);
    expect(k6stub.requests.filter((r) => r.redirects !== 0).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });
}

// The same 429 policy as every client of the suite (contracts/client/retry-after.ts): setup waits
// out a Retry-After of seconds, but a day is reported and not slept through.
test('setup() waits out a short Retry-After, and reports one of a day instead of sleeping it', async () => {
  for (const [retryAfter, wantSleptMs] of [
    ['2', 2_000],
    ['86400', 0],
  ] as const) {
    const loaded = await loadScript('smoke.ts', ENV);
    const api = installFakeApi();
    let refused = false;
    k6stub.server = (request) => {
      if (request.path.endsWith('/v1/assistants') && !refused) {
        refused = true;
        return { status: 429, headers: { 'retry-after': retryAfter, 'content-type': 'application/json' }, body: '{}' };
      }
      return api.handle(request);
    };
    const before = k6stub.clock;
    runSetup<unknown>(loaded);
    const slept = k6stub.requests.length > 0 ? k6stub.clock - before : -1;
    expect(slept - (slept % 1_000), `Retry-After ${retryAfter}`).toBe(wantSleptMs);
    if (retryAfter === '86400')
      expect(k6stub.logs.join('\n')).toMatch(/answered 429: the API asked to wait 86400 s, more than the 60 s/);
  }
});
