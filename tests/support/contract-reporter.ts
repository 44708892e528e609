import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { asFailure, fails } from '../../contracts/check/pending.ts';
import { strictnessOf } from '../../contracts/client/api-client.ts';
import { type Target, targetFromEnv } from '../../contracts/client/target.ts';
import { annotations, jobSummary, type TestLocation } from '../../contracts/ledger/actions-summary.ts';
import { historyPath, recordRun } from '../../contracts/ledger/assumption-history.ts';
import { assumptionStory } from '../../contracts/ledger/assumption-story.ts';
import { withAuthChecks } from '../../contracts/ledger/auth-report.ts';
import { readObservations } from '../../contracts/ledger/observations.ts';
import { operationCoverage } from '../../contracts/ledger/operation-coverage.ts';
import { coverageOf } from '../../contracts/ledger/run-coverage.ts';
import {
  type BrokenPromise,
  type ReportFile,
  type RunStory,
  runStoryLines,
  shownPath,
} from '../../contracts/ledger/run-story.ts';
import { writeLedger } from '../../contracts/ledger/write-ledger.ts';
import { targetName } from '../../contracts/lib/target-name.ts';
import { generatedSettings } from '../../contracts/stateful/settings.ts';

/** A test's title path as the suite's records name it: describe > title, without project and file. */
const recordedTitle = (test: TestCase) => test.titlePath().slice(3).join(' > ');

/**
 * Writes the machine-readable contract report from what the workers observed: every named
 * violation with its test and a curl line (key as $API_KEY), and the coverage of Create a run.
 * It reads the observation files rather than test results, so it is complete even when tests
 * fail. Then the run's story: on the terminal, and in GitHub Actions as the job summary and an
 * annotation per broken promise. Never the key, never a live response body.
 */
export default class ContractReporter implements Reporter {
  readonly #outputFile: string;
  /** GitHub Actions' job summary file, when this run is the job's (see the constructor). */
  readonly #stepSummary: string | undefined;
  #config: FullConfig | undefined;
  #suite: Suite | undefined;
  /** Where each test is declared, by the title the records name it by (the first, should two files share one). */
  readonly #declared = new Map<string, TestCase['location']>();
  #deadlineMs = 0;
  #total = 0;
  readonly #ended = new Map<string, TestResult['status']>();

  constructor(options: { outputFile?: string } = {}) {
    this.#outputFile = options.outputFile ?? join(process.env.REPORT_DIR ?? 'reports', 'contract-report.json');
    // The job summary and the annotations belong to the run the job started. Workers, and the runs
    // a test nests (the self-test's), inherit this process's environment: without the variable
    // they write neither onto the job's page. Reporters are made before any worker starts.
    this.#stepSummary = process.env.GITHUB_STEP_SUMMARY || undefined;
    delete process.env.GITHUB_STEP_SUMMARY;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.#config = config;
    this.#suite = suite;
    this.#deadlineMs = config.globalTimeout;
    this.#total = suite.allTests().length;
    for (const test of suite.allTests())
      if (!this.#declared.has(recordedTitle(test))) this.#declared.set(recordedTitle(test), test.location);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.#ended.set(test.id, result.status);
  }

  onEnd(result?: FullResult): void {
    if (result?.status === 'timedout') this.#reportDeadline();
    const observations = readObservations();
    if (observations.length === 0) return; // Not a contract run (unit tests only): nothing to report.
    let target: { mode: string; baseURL?: string };
    let configured: Target | undefined;
    try {
      configured = targetFromEnv(process.env);
      target = { mode: configured.live ? 'live' : 'mock', baseURL: configured.baseURL };
    } catch {
      target = { mode: 'invalid configuration' };
    }
    // Read before this run adds to the history: what the workers held the API to.
    const strictness = configured ? strictnessOf(configured) : undefined;
    const all = observations.flatMap((o) =>
      (o.violations ?? []).map((v) => ({
        ...v,
        test: o.test,
        operationId: o.operationId,
        status: o.status,
        curl: o.curl,
      })),
    );
    // A broken documented promise, or an assumption the run holds the API to, is a violation; an
    // assumption that is only contradicted is pending (docs/decisions/0070).
    const violations = all
      .filter((v) => strictness === undefined || fails(v, strictness))
      .map((v) => (strictness === undefined ? v : asFailure(v, strictness)));
    const assumptionsContradicted = all.filter((v) => strictness !== undefined && !fails(v, strictness));
    const summary: Record<string, number> = {};
    for (const v of violations) summary[v.title] = (summary[v.title] ?? 0) + 1;
    const coverage = { operationId: 'createRun', rows: coverageOf('createRun', observations) };
    const operationsCoverage = operationCoverage(observations);
    const dir = dirname(this.#outputFile);
    mkdirSync(dir, { recursive: true });
    const report = {
      ...withAuthChecks({ target, responses: observations.length, summary, violations, coverage }),
      operationsCoverage,
      assumptionsContradicted,
    };
    writeFileSync(this.#outputFile, `${JSON.stringify(report, null, 2)}\n`);
    const ledger = writeLedger(observations, target, dir);
    const history = configured?.live ? historyPath(process.env) : undefined;
    if (configured?.live) {
      const ids = (verdict: string) => ledger.assumptions.filter((a) => a.verdict === verdict).map((a) => a.id);
      recordRun(history, targetName(configured), { confirmed: ids('confirmed'), contradicted: ids('contradicted') });
    }
    const assumptions = assumptionStory(ledger, {
      strict: strictness?.strict ?? true,
      ledgerPath: join(dir, 'assumptions.html'),
      ...(history === undefined ? {} : { historyPath: history }),
    });
    const story: RunStory = {
      target,
      responses: observations.length,
      broken: report.violations as BrokenPromise[],
      assumptions,
      reports: this.#reportFiles(dir, history, configured),
    };
    const location = (test: string) => this.#location(test);
    const where = (test: string) => {
      const at = location(test);
      return at && `${at.file}:${at.line}`;
    };
    process.stdout.write(`\n${runStoryLines(story, where).join('\n')}\n`);
    if (this.#stepSummary === undefined) return;
    appendFileSync(this.#stepSummary, jobSummary(story, this.#testCounts(), location));
    const lines = annotations(story, location);
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  }

  /** Where a test the records name is declared, relative to the repository (GITHUB_WORKSPACE, else here). */
  #location(recorded: string): TestLocation | undefined {
    const at = this.#declared.get(recorded);
    if (at === undefined) return undefined;
    return { file: relative(process.env.GITHUB_WORKSPACE || process.cwd(), at.file), line: at.line };
  }

  #testCounts(): { passed: number; failed: number; skipped: number; flaky: number } {
    const outcomes = (this.#suite?.allTests() ?? []).map((t) => t.outcome());
    const count = (outcome: ReturnType<TestCase['outcome']>) => outcomes.filter((o) => o === outcome).length;
    return { passed: count('expected'), failed: count('unexpected'), skipped: count('skipped'), flaky: count('flaky') };
  }

  /** The reports this run wrote, in the order a reader opens them; only those that exist. */
  #reportFiles(dir: string, history: string | undefined, target: Target | undefined): ReportFile[] {
    const configDir = this.#config?.configFile ? dirname(this.#config.configFile) : process.cwd();
    const option = (name: string, key: string): string | undefined => {
      const entry = this.#config?.reporter.find(([reporter]) => reporter === name);
      const value = (entry?.[1] as Record<string, unknown> | undefined)?.[key];
      return typeof value === 'string' ? resolve(configDir, value) : undefined;
    };
    const html = option('html', 'outputFolder');
    const examples = target && generatedSettings(process.env, target).examples;
    const files: Array<[string | undefined, string]> = [
      [
        html && join(html, 'index.html'),
        `every test with its steps and attachments (npx playwright show-report ${html && shownPath(html)})`,
      ],
      [
        join(dir, 'assumptions.html'),
        'the assumption ledger, contradicted and not exercised first (also .md and .json)',
      ],
      [this.#outputFile, 'every broken promise with its test and curl line, and what the run covered'],
      [option('junit', 'outputFile'), "the tests' results for CI (JUnit XML)"],
      [history, 'the assumptions each live run confirmed, per target'],
      [examples, "the generated tests' failures, replayed first by the next run"],
    ];
    return files.flatMap(([path, what]) =>
      path !== undefined && existsSync(path) ? [{ path: resolve(path), what }] : [],
    );
  }

  /** The run's deadline passed: what ran, what was cut off, what never started, and what to do. */
  #reportDeadline(): void {
    const count = (status: TestResult['status']) => [...this.#ended.values()].filter((s) => s === status).length;
    const cut = count('interrupted') + count('timedOut');
    const ran = this.#ended.size - count('skipped');
    process.stderr.write(
      `\nagents-api-suite: the run stopped at its deadline (${this.#deadlineMs / 1_000} s, RUN_MAX_SECONDS): ${ran} of ${this.#total} tests ran (${count('passed')} passed, ${count('failed')} failed, ${cut} cut off by a timeout or the deadline), ${this.#total - this.#ended.size} did not run. The failures above name what was slow; raise RUN_MAX_SECONDS for a slower API.\n`,
    );
  }

  printsToStdio(): boolean {
    return false;
  }
}
