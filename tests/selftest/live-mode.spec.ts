// The contract suite, tried as a new user would, in live mode against the independent reference
// server: it passes when the server keeps every promise, and for each single broken promise it
// fails and names that promise.
import { expect, test } from '@playwright/test';
import { breakContradictions } from './break-ledger.ts';
import { type BreakNaming, breakNamings } from './break-namings.ts';
import { type NestedRun, runContractSuite } from './nested-run.ts';
import { type BreakName, breakNames, breakPromises, startReferenceServer } from './reference-server/index.ts';

// Nested runs are independent: run them side by side (nested-run.ts caps them at two at a time).
test.describe.configure({ mode: 'parallel' });

/** A readable account of a nested run for assertion messages. */
function account(run: NestedRun): string {
  const failed = run.cases.filter((c) => c.outcome === 'failed').map((c) => `  failed: ${c.title}`);
  const violations = run.violations.map(
    (v) => `  violation: ${v.title} [${v.operationId} ${v.status}${v.pointer ? ` ${v.pointer}` : ''}] in ${v.test}`,
  );
  return [
    `$ ${run.command}`,
    `exit ${run.exitCode} after ${run.durationMs} ms`,
    ...failed,
    ...violations,
    '--- output (tail) ---',
    run.output.slice(-4_000),
  ].join('\n');
}

// A nested run is stopped well before its test times out (the test's time also covers waiting for
// a run slot), so that no nested Playwright outlives the test that started it.
const NESTED_TIMEOUT_MS = { whole: 120_000, grep: 60_000 };
const TEST_TIMEOUT_MS = 180_000;

async function withServer(
  breaks: BreakName[],
  grep: string | undefined,
  env?: Record<string, string>,
): Promise<NestedRun> {
  const server = await startReferenceServer({ breaks });
  try {
    const run = await runContractSuite(
      server,
      grep === undefined
        ? { timeoutMs: NESTED_TIMEOUT_MS.whole }
        : { grep, timeoutMs: NESTED_TIMEOUT_MS.grep, ...(env ? { env } : {}) },
    );
    test.info().annotations.push({
      type: 'nested run',
      description: `exit ${run.exitCode} in ${run.durationMs} ms: ${run.command}`,
    });
    return run;
  } finally {
    await server.close();
  }
}

function expectNamed(run: NestedRun, name: BreakName, naming: BreakNaming): void {
  const why = `${name} breaks "${breakPromises[name]}"; the run must name it.\n${account(run)}`;
  if (naming.violation) {
    const want = naming.violation;
    const found = run.violations.some(
      (v) =>
        v.title === want.title &&
        v.operationId === want.operationId &&
        (want.status === undefined || v.status === want.status) &&
        (want.pointer === undefined || v.pointer === want.pointer),
    );
    expect(found, `contract-report.json names ${JSON.stringify(want)}\n${why}`).toBe(true);
  }
  if (naming.failedTest !== undefined) {
    const failed = run.cases.filter((c) => c.outcome === 'failed' && c.title.includes(naming.failedTest ?? ''));
    expect(failed.length, `the test "${naming.failedTest}" fails\n${why}`).toBeGreaterThan(0);
    if (naming.failureText !== undefined) {
      expect(failed.map((c) => c.failure).join('\n'), `its failure says "${naming.failureText}"\n${why}`).toContain(
        naming.failureText,
      );
    }
  }
}

test.describe('the contract suite in live mode against the reference server', () => {
  test('passes, every test run (including @mock ones through Prefer), when the server keeps every promise', async () => {
    test.setTimeout(TEST_TIMEOUT_MS);
    const run = await withServer([], undefined);
    const summary = account(run);
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

  const assumedBreaks = breakNames.filter((name) => breakNamings[name].basis === 'assumed');

  test('passes when the server only contradicts assumptions, and reports each as pending with its statement', async () => {
    test.setTimeout(TEST_TIMEOUT_MS);
    const grep = assumedBreaks.map((name) => `(${breakNamings[name].grep})`).join('|');
    const run = await withServer(assumedBreaks, grep);
    const summary = account(run);
    expect(run.exitCode, `a contradicted assumption is pending, not red\n${summary}`).toBe(0);
    expect(run.violations, summary).toEqual([]);
    for (const name of assumedBreaks) {
      const want = breakNamings[name].violation;
      if (want === undefined) throw new Error(`${name}: an assumed break names the violation it reports`);
      expect(
        run.pending.some((v) => v.title === want.title && v.operationId === want.operationId),
        `${name}: contract-report.json lists "${want.title}" on ${want.operationId} under assumptionsContradicted\n${summary}`,
      ).toBe(true);
    }
    expect(run.output, `the run ends by naming the contradicted assumptions\n${summary}`).toMatch(/contradicted/i);
  });

  for (const name of breakNames) {
    const naming = breakNamings[name];
    const strict = naming.basis === 'assumed';
    const title = strict
      ? `fails under CONTRACT_STRICT=1 and names the assumption when the server has ${name}`
      : `fails and names the promise when the server has ${name}`;
    test(title, async () => {
      test.setTimeout(TEST_TIMEOUT_MS);
      const env = strict ? { ...naming.env, CONTRACT_STRICT: '1' } : naming.env;
      const run = await withServer([name], naming.grep, env);
      expect(
        run.cases.length,
        `the nested run ran the tests matching --grep "${naming.grep}"\n${account(run)}`,
      ).toBeGreaterThan(0);
      expect(
        run.exitCode,
        `the nested run must fail: ${name} breaks "${breakPromises[name]}"\n${account(run)}`,
      ).not.toBe(0);
      expectNamed(run, name, naming);
      expect(
        run.ledger?.contradicted ?? 'no assumptions.json',
        `the ledger contradicts exactly the assumptions ${name} breaks\n${account(run)}`,
      ).toEqual(breakContradictions[name] ?? []);
    });
  }
});
