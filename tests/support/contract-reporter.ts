import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { fails } from '../../contracts/check/pending.ts';
import { strictnessOf } from '../../contracts/client/api-client.ts';
import { type Target, targetFromEnv } from '../../contracts/client/target.ts';
import { historyPath, recordRun } from '../../contracts/ledger/assumption-history.ts';
import { assumptionStory } from '../../contracts/ledger/assumption-story.ts';
import { withAuthChecks } from '../../contracts/ledger/auth-report.ts';
import { readObservations } from '../../contracts/ledger/observations.ts';
import { operationCoverage } from '../../contracts/ledger/operation-coverage.ts';
import { coverageOf } from '../../contracts/ledger/run-coverage.ts';
import { writeLedger } from '../../contracts/ledger/write-ledger.ts';
import { targetName } from '../../contracts/lib/target-name.ts';

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
    const violations = all.filter((v) => strictness === undefined || fails(v, strictness));
    const assumptionsContradicted = all.filter((v) => strictness !== undefined && !fails(v, strictness));
    const summary: Record<string, number> = {};
    for (const v of violations) summary[v.title] = (summary[v.title] ?? 0) + 1;
    const coverage = { operationId: 'createRun', rows: coverageOf('createRun', observations) };
    const operationsCoverage = operationCoverage(observations);
    const dir = dirname(this.#outputFile);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      this.#outputFile,
      `${JSON.stringify(
        {
          ...withAuthChecks({ target, responses: observations.length, summary, violations, coverage }),
          operationsCoverage,
          assumptionsContradicted,
        },
        null,
        2,
      )}\n`,
    );
    const ledger = writeLedger(observations, target, dir);
    const history = configured?.live ? historyPath(process.env) : undefined;
    if (configured?.live) {
      const ids = (verdict: string) => ledger.assumptions.filter((a) => a.verdict === verdict).map((a) => a.id);
      recordRun(history, targetName(configured), { confirmed: ids('confirmed'), contradicted: ids('contradicted') });
    }
    const story = assumptionStory(ledger, {
      strict: strictness?.strict ?? true,
      ledgerPath: join(dir, 'assumptions.html'),
      ...(history === undefined ? {} : { historyPath: history }),
    });
    process.stdout.write(`\n${story.join('\n')}\n`);
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
