// First contact end to end (issue 22): `agents-api-suite contract --base-url --openapi-path` against
// an API that serves its own OpenAPI document there, differing from ours in a status and a field,
// names both in the ledger and says in one line how to bring our statements in line. One nested run:
// the line for an API that serves none, and the order in which the paths are asked, are the same
// global setup's, tested in process (tests/unit/served-openapi.spec.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { runContractSuite } from './nested-run.ts';
import { differingDocument, startServingApi } from './served-openapi-api.ts';

// One small test is enough: first contact happens in the global setup, the ledger in the reporter.
const GREP = 'lists the negative feedback reasons';

test("names the status and the field in which the API's own document differs, and how to align ours, read where --openapi-path says", async () => {
  test.setTimeout(180_000);
  // The document at another path than /openapi.json: the flag must reach the global setup's first contact.
  const api = await startServingApi(await differingDocument(), '/docs/openapi.json');
  const reports = mkdtempSync(join(tmpdir(), 'served-openapi-'));
  try {
    const run = await runContractSuite(api, {
      grep: GREP,
      env: { REPORT_DIR: reports },
      args: ['--openapi-path', '/docs/openapi.json'],
    });
    expect(run.exitCode, run.output).toBe(0);
    const lines = run.output.split('\n');
    const found = lines.filter((l) => l.includes('The API serves its own OpenAPI document ('));
    expect(found, 'one line when the run begins').toHaveLength(1);
    // The status (204 for 202) and the field (Thread.title) contradict; 202 is what theirs adds.
    expect(found[0]).toMatch(
      /^agents-api-suite: The API serves its own OpenAPI document \(http:\/\/127\.0\.0\.1:\d+\/docs\/openapi\.json\): it contradicts 2 statement\(s\) of contracts\/openapi\.yaml, says 1 thing\(s\) ours does not, and confirms \d+ of our assumptions\.$/,
    );
    expect(lines.filter((l) => l.startsWith('To bring contracts/openapi.yaml in line with it'))).toHaveLength(1);
    const md = readFileSync(join(reports, 'assumptions.md'), 'utf8');
    expect(md).toContain('`#/paths/~1v1~1threads~1{thread_id}/delete/responses/204`');
    expect(md).toContain('`#/components/schemas/Thread/properties/title`');
    expect(api.asked.map((a) => a.path)).toEqual(['/docs/openapi.json']);
  } finally {
    rmSync(reports, { recursive: true, force: true });
    await api.close();
  }
});
