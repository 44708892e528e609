import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { targetFromEnv } from '../../contracts/client/target.ts';
import { withAuthChecks } from '../../contracts/ledger/auth-report.ts';
import { readObservations } from '../../contracts/ledger/observations.ts';
import { coverageOf } from '../../contracts/ledger/run-coverage.ts';
import { writeLedger } from '../../contracts/ledger/write-ledger.ts';

/**
 * Writes the machine-readable contract report from what the workers observed: every named
 * violation with its test and a curl line (key as $API_KEY), and the coverage of Create a run.
 * It reads the observation files rather than test results, so it is complete even when tests
 * fail. Never the key, never a live response body.
 */
export default class ContractReporter implements Reporter {
  readonly #outputFile: string;
  #deadlineMs = 0;
  #total = 0;
  readonly #ended = new Map<string, TestResult['status']>();

  constructor(options: { outputFile?: string } = {}) {
    this.#outputFile = options.outputFile ?? join(process.env.REPORT_DIR ?? 'reports', 'contract-report.json');
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.#deadlineMs = config.globalTimeout;
    this.#total = suite.allTests().length;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.#ended.set(test.id, result.status);
  }

  onEnd(result?: FullResult): void {
    if (result?.status === 'timedout') this.#reportDeadline();
    const observations = readObservations();
    if (observations.length === 0) return; // Not a contract run (unit tests only): nothing to report.
    let target: { mode: string; baseURL?: string };
    try {
      const t = targetFromEnv(process.env);
      target = { mode: t.live ? 'live' : 'mock', baseURL: t.baseURL };
    } catch {
      target = { mode: 'invalid configuration' };
    }
    const violations = observations.flatMap((o) =>
      (o.violations ?? []).map((v) => ({
        ...v,
        test: o.test,
        operationId: o.operationId,
        status: o.status,
        curl: o.curl,
      })),
    );
    const summary: Record<string, number> = {};
    for (const v of violations) summary[v.title] = (summary[v.title] ?? 0) + 1;
    const coverage = { operationId: 'createRun', rows: coverageOf('createRun', observations) };
    mkdirSync(dirname(this.#outputFile), { recursive: true });
    writeFileSync(
      this.#outputFile,
      `${JSON.stringify(withAuthChecks({ target, responses: observations.length, summary, violations, coverage }), null, 2)}\n`,
    );
    writeLedger(observations, target, dirname(this.#outputFile));
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
