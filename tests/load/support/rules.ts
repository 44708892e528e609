// Rules a rate-limit script must keep, checked by running it against the stubs. A rule returns what
// broke it (empty when kept), so a test can show both the script keeping it and a mutant breaking it.

import { k6stub } from '../stubs/state.ts';
import { installFakeApi } from './fake-api.ts';
import type { LoadedScript } from './k6-harness.ts';
import { runScenario, runSetup } from './k6-harness.ts';

const THROTTLED = {
  status: 429,
  headers: { 'content-type': 'application/json', 'retry-after': '1', 'x-ratelimit-limit': '15' },
  body: '{"error_code":"rate_limit_gateway","detail":"Rate limit exceeded"}',
};

/** Where a 429 on the run endpoint was counted as a failure (http_req_failed, unexpected_responses, checks). */
export function throttlingCountedAsFailure(script: LoadedScript, scenario: string): string[] {
  const api = installFakeApi();
  const { data } = runSetup(script);
  api.override('createRun', () => THROTTLED);
  runScenario(script, scenario, data, 3);
  const broken: string[] = [];
  const failed = k6stub.samples.filter(
    (s) => s.metric === 'http_req_failed' && s.tags.status === '429' && s.value === 1,
  );
  if (failed.length > 0) broken.push(`${failed.length} 429s counted in http_req_failed`);
  const unexpected = k6stub.samples.filter((s) => s.metric === 'unexpected_responses' && s.tags.status === '429');
  if (unexpected.length > 0) broken.push(`${unexpected.length} 429s counted in unexpected_responses`);
  const checks = k6stub.checks.filter((c) => !c.ok);
  if (checks.length > 0)
    broken.push(`${checks.length} failed checks: ${[...new Set(checks.map((c) => c.name))].join(', ')}`);
  return broken;
}
