// k6 follows up to 10 redirects by default and carries custom headers such as api-key to the next
// origin (issue 23): every load script turns redirects off in its options, and the one client
// (load/lib/client.ts) turns them off on every request too, so the key never leaves the target.
import { expect, test } from '@playwright/test';
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
