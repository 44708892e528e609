// The contract reporter tells the run's story from what the workers recorded: driven here as
// Playwright drives it (constructed, onBegin, onEnd), on a recorded broken promise, with and
// without GitHub Actions' job summary file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import type { FullConfig, FullResult, Suite, TestCase } from '@playwright/test/reporter';
import type { Violation } from '../../contracts/check/check-names.ts';
import { recordObservation } from '../../contracts/ledger/observations.ts';
import { test } from '../support/base-test.ts';
import ContractReporter from '../support/contract-reporter.ts';
import { useScratchReportDir } from '../support/scratch-report-dir.ts';

useScratchReportDir(test, 'reporter-story');

const ROOT = process.cwd();
const BROKEN: Violation = {
  check: 'body-schema',
  title: 'Response violates schema',
  pointer: '/sources',
  message: "must have required property 'sources'",
  assumptions: [],
  assumptionIds: [],
  basis: 'documented',
};
const CURL = `curl -sS -i -X POST 'http://127.0.0.1:9/v1/threads/t/run' -H "api-key: $API_KEY"`;

/** A test of the run, as the reporter API hands it over. */
function testCase(titles: string[], line: number, outcome: ReturnType<TestCase['outcome']>): TestCase {
  return {
    titlePath: () => ['', 'contract-suite', 'run.spec.ts', ...titles],
    location: { file: join(ROOT, 'tests', 'contract', 'run.spec.ts'), line, column: 3 },
    outcome: () => outcome,
  } as unknown as TestCase;
}

/** Runs the reporter through a run with one failed and one passed test; returns what it printed. */
function reportRun(dir: string): string {
  const reporter = new ContractReporter({ outputFile: join(dir, 'contract-report.json') });
  const tests = [testCase(['Run', 'answers'], 12, 'unexpected'), testCase(['Run', 'streams'], 30, 'expected')];
  const config = {
    globalTimeout: 0,
    configFile: join(ROOT, 'playwright.config.ts'),
    reporter: [
      ['list', undefined],
      ['html', { outputFolder: join(dir, 'html') }],
      ['junit', { outputFile: join(dir, 'junit.xml') }],
    ],
  } as unknown as FullConfig;
  reporter.onBegin(config, { allTests: () => tests } as unknown as Suite);
  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    reporter.onEnd({ status: 'failed' } as FullResult);
  } finally {
    process.stdout.write = write;
  }
  return printed.join('');
}

function recordBrokenPromise(): void {
  recordObservation({ operationId: 'createRun', status: 200, test: 'Run > answers', violations: [BROKEN], curl: CURL });
  recordObservation({ operationId: 'createRun', status: 200, test: 'Run > streams', curl: CURL });
}

const keep = { summary: process.env.GITHUB_STEP_SUMMARY, workspace: process.env.GITHUB_WORKSPACE };
test.afterEach(() => {
  for (const [name, value] of [
    ['GITHUB_STEP_SUMMARY', keep.summary],
    ['GITHUB_WORKSPACE', keep.workspace],
  ] as const)
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
});

test('ends the run with the broken promise, where it broke, the assumptions and the reports that exist', () => {
  const dir = process.env.REPORT_DIR ?? '';
  delete process.env.GITHUB_STEP_SUMMARY;
  recordBrokenPromise();
  const printed = reportRun(dir);
  const story = printed.slice(printed.indexOf('Broken promises'));
  expect(story.split('\n').slice(0, 5)).toEqual([
    'Broken promises: 1 check broken 1 time in 1 test (of 2 recorded responses, mock):',
    '  Response violates schema (body-schema): 1 time in 1 test; createRun 1',
    `    first in: Run > answers (${join('tests', 'contract', 'run.spec.ts')}:12)`,
    "      createRun 200 at /sources: must have required property 'sources'",
    `      ${CURL}`,
  ]);
  expect(story).toMatch(/^Assumptions: \d+ confirmed \/ 0 contradicted \/ \d+ not exercised /m);
  // The reports this run wrote, and none it did not (no HTML report, no JUnit file here).
  const reports = story.slice(story.indexOf('Reports:\n')).split('\n').slice(1, -1);
  expect(reports.map((line) => line.trim().split(/\s+/)[0])).toEqual([
    join(dir, 'assumptions.html'),
    join(dir, 'contract-report.json'),
  ]);
  expect(printed).not.toContain('::error');
});

test('in GitHub Actions also appends the job summary and annotates the test; runs it nests get neither', () => {
  const dir = process.env.REPORT_DIR ?? '';
  const summary = join(dir, 'step-summary.md');
  process.env.GITHUB_STEP_SUMMARY = summary;
  process.env.GITHUB_WORKSPACE = ROOT;
  recordBrokenPromise();
  const printed = reportRun(dir);
  // The reporter claimed the summary: the workers, and any run a test starts, do not see it.
  expect(process.env.GITHUB_STEP_SUMMARY).toBeUndefined();
  expect(printed).toContain(
    `\n::error file=tests/contract/run.spec.ts,line=12,title=Broken promise%3A Response violates schema::Response violates schema (body-schema), 1 time in "Run > answers".%0AcreateRun 200 at /sources: must have required property 'sources'%0A${CURL}\n`,
  );
  expect(printed.match(/^::error /gm)).toHaveLength(1);
  const md = readFileSync(summary, 'utf8');
  expect(md).toMatch(
    /^## Contract run \(mock, http:\/\/127\.0\.0\.1:\d+\): 1 check broken\n\nTests: 1 passed, 1 failed, 0 flaky, 0 skipped\./,
  );
  expect(md).toContain('| Response violates schema (`body-schema`) | 1 | 1 | createRun 1 |');
  expect(md).toContain('At `tests/contract/run.spec.ts:12`.');
  // A second run in the same job appends to the summary, as GitHub expects.
  process.env.GITHUB_STEP_SUMMARY = summary;
  reportRun(dir);
  expect(readFileSync(summary, 'utf8').match(/^## Contract run/gm)).toHaveLength(2);
  expect(existsSync(join(dir, 'contract-report.json'))).toBe(true);
});
