// The contract suite, tried as a new user would, in live mode against the independent reference
// server: it passes when the server keeps every documented promise (reporting the assumptions it
// contradicts as pending), and with broken promises it fails and names each one. Breaks share
// nested runs by the rule of break-groups.ts: `npm test` runs the sample group (a broken promise of
// each kind), `npm run test:full` every group of the catalog, every break alone and each group
// without each of its breaks (live-mode-single.spec.ts).
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { allGroups, groupContradictions, groupEnv, groupGrep, sampleGroup } from './break-groups.ts';
import { breakNamings } from './break-namings.ts';
import { account, missingNaming, runWithBreaks, TEST_TIMEOUT_MS } from './break-runs.ts';
import { differingDocument } from './differing-document.ts';
import type { NestedRun } from './nested-run.ts';
import { breakNames, breakPromises } from './reference-server/index.ts';

// Nested runs are independent: run them side by side (nested-run.ts caps them at two at a time).
test.describe.configure({ mode: 'parallel' });

test.describe('the contract suite in live mode against the reference server', () => {
  // Longest first (Playwright starts tests in declaration order): the groups by their breaks.
  for (const group of [...allGroups].sort((a, b) => b.breaks.length - a.breaks.length)) {
    const { name, breaks } = group;
    const tag = group === sampleGroup ? [] : ['@full'];
    test(`fails and names each broken promise when the server has several breaks (${name})`, { tag }, async () => {
      test.setTimeout(TEST_TIMEOUT_MS);
      const grep = groupGrep(breaks);
      const run = await runWithBreaks(breaks, grep, { env: groupEnv(breaks) });
      expect(
        run.cases.length,
        `the nested run ran the tests matching --grep "${grep}"\n${account(run)}`,
      ).toBeGreaterThan(0);
      expect(
        run.exitCode,
        `the nested run must fail: ${breaks.map((b) => `${b} breaks "${breakPromises[b]}"`).join('; ')}\n${account(run)}`,
      ).not.toBe(0);
      const unnamed = breaks.flatMap((b) => {
        const missing = missingNaming(run, breakNamings[b]);
        return missing ? [`${b} (it breaks "${breakPromises[b]}"): ${missing}`] : [];
      });
      expect(unnamed, `each break is named by its own naming\n${account(run)}`).toEqual([]);
      expect(
        run.ledger?.contradicted.slice().sort() ?? 'no assumptions.json',
        `the ledger contradicts exactly the assumptions the breaks contradict\n${account(run)}`,
      ).toEqual(groupContradictions(breaks));
    });
  }

  const assumedBreaks = breakNames.filter((name) => breakNamings[name].basis === 'assumed');

  /** What every green run must show: each test ran and passed, @mock ones too, and no promise broke. */
  function expectGreen(run: NestedRun, summary: string): void {
    expect(run.cases.length, `the nested run reports its tests\n${summary}`).toBeGreaterThan(20);
    expect(
      run.cases.filter((c) => c.outcome === 'failed').map((c) => `${c.title}\n${c.failure.slice(0, 600)}`),
      summary,
    ).toEqual([]);
    expect(
      run.cases.filter((c) => c.outcome === 'skipped').map((c) => c.title),
      `no test is skipped against a target with fault injection\n${summary}`,
    ).toEqual([]);
    // Tags are not in JUnit's test names; a test tagged @mock (fault injection) stands for them all.
    expect(
      run.cases.some((c) => c.title.includes('answers 429 rate_limit_gateway, its headers judged by the contract')),
      `@mock tests ran\n${summary}`,
    ).toBe(true);
    expect(run.violations, summary).toEqual([]);
    expect(run.exitCode, summary).toBe(0);
  }

  // npm test's green run: a server that keeps every documented promise but answers against the
  // contract's assumptions is what "green on every API that keeps the documented promises" means,
  // so one run shows both that nothing fails and that each contradicted assumption is reported as
  // pending, with its statement (two runs cost about 4 CPU-seconds more: decision 0094). The server
  // also serves its own OpenAPI document, differing from ours, where --openapi-path says: first
  // contact (issue 22) happens in the global setup and ends in the ledger, beside every test, and a
  // run of its own cost about 4 CPU-seconds more (decision 0095).
  test('passes, every test run, when the server keeps every documented promise, and reports each contradicted assumption as pending and where its own OpenAPI document differs', async () => {
    test.setTimeout(TEST_TIMEOUT_MS);
    // At another path than /openapi.json: the flag must reach the global setup's first contact.
    const served = { path: '/docs/openapi.json', document: await differingDocument() };
    const run = await runWithBreaks(assumedBreaks, undefined, { served });
    const summary = account(run);
    expectGreen(run, summary);
    expect(
      run.ledger?.contradicted.slice().sort(),
      `assumptions.json contradicts exactly what the server does\n${summary}`,
    ).toEqual(groupContradictions(assumedBreaks));
    // What the live answers showed is confirmed beside it.
    expect(run.ledger?.confirmed, summary).toEqual(
      expect.arrayContaining(['error-code-sets', '#/components/schemas/ValidationError/properties/error_code']),
    );
    for (const name of assumedBreaks) {
      const want = breakNamings[name].violation;
      if (want === undefined) throw new Error(`${name}: an assumed break names the violation it reports`);
      expect(
        run.pending.some((v) => v.title === want.title && v.operationId === want.operationId),
        `${name}: contract-report.json lists "${want.title}" on ${want.operationId} under assumptionsContradicted\n${summary}`,
      ).toBe(true);
    }
    expect(run.output, `the run ends by naming the contradicted assumptions\n${summary}`).toMatch(/contradicted/i);

    // The API's own document: one line when the run begins, naming the status (204 for 202) and the
    // field (Thread.title) that contradict ours and what theirs adds (202), and one saying how to
    // bring ours in line; the ledger's section on it names both statements and what differs, read in
    // that section alone (the 204's pointer is also an assumption's id, listed elsewhere in the
    // ledger); only the path given was asked, once.
    const lines = run.output.split('\n');
    const found = lines.filter((l) => l.includes('The API serves its own OpenAPI document ('));
    expect(found, `one line when the run begins\n${summary}`).toHaveLength(1);
    expect(found[0], summary).toMatch(
      /^agents-api-suite: The API serves its own OpenAPI document \(http:\/\/127\.0\.0\.1:\d+\/docs\/openapi\.json\): it contradicts 2 statement\(s\) of contracts\/openapi\.yaml, says 1 thing\(s\) ours does not, and confirms \d+ of our assumptions\.$/,
    );
    expect(
      lines.filter((l) => l.startsWith('To bring contracts/openapi.yaml in line with it')),
      summary,
    ).toHaveLength(1);
    const heading = "## The API's own OpenAPI document";
    const section = run.ledgerMarkdown.slice(Math.max(0, run.ledgerMarkdown.indexOf(heading)));
    expect(section.startsWith(heading), `assumptions.md has a section on the API's own document\n${summary}`).toBe(
      true,
    );
    for (const said of [
      '`#/paths/~1v1~1threads~1{thread_id}/delete/responses/204`',
      'DELETE /v1/threads/{thread_id} (deleteThread), response 204: Their document lists no 204.',
      'DELETE /v1/threads/{thread_id} (deleteThread), response 202: Their document lists 202; ours does not.',
      '`#/components/schemas/Thread/properties/title`',
      'GET /v1/threads/{thread_id} (getThread), 200 body /title: Their document does not name this field.',
    ])
      expect(section, said).toContain(said);
    expect(
      run.asked.map((a) => a.path),
      `the document was asked at the path given, once\n${summary}`,
    ).toEqual([served.path]);
  });

  test('passes, every test run, when the server keeps every promise and every assumption, and confirms them', {
    tag: '@full',
  }, async () => {
    test.setTimeout(TEST_TIMEOUT_MS);
    const run = await runWithBreaks([], undefined);
    const summary = account(run);
    expectGreen(run, summary);
    // The assumption ledger: nothing contradicted, and the exact promises the suite exercises confirmed.
    expect(run.ledger?.contradicted, `assumptions.json contradicts nothing\n${summary}`).toEqual([]);
    expect(run.ledger?.confirmed, summary).toEqual(
      expect.arrayContaining([
        '#/components/schemas/ThreadNotFoundError/properties/error_code',
        '#/components/headers/RetryAfter',
        '#/components/schemas/AnswerTimestamp',
      ]),
    );
  });
});
