import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import type { Violation } from '../../contracts/check/check-names.ts';
import { targetFromEnv } from './target.ts';

interface ViolationRecord extends Violation {
  test: string;
  operationId: string;
  status: number;
  curl: string;
}

/**
 * Writes the machine-readable contract report: every named violation with the test that met it
 * and a curl line (key as $API_KEY), and the coverage of Create a run. Never the key, never a
 * live response body.
 */
export default class ContractReporter implements Reporter {
  readonly #violations: ViolationRecord[] = [];
  readonly #outputFile: string;

  constructor(options: { outputFile?: string } = {}) {
    this.#outputFile = options.outputFile ?? 'reports/contract-report.json';
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    for (const attachment of result.attachments) {
      if (attachment.name !== 'contract-violations' || !attachment.body) continue;
      const report = JSON.parse(attachment.body.toString('utf8')) as { operationId: string; status: number; curl: string; violations: Violation[] };
      for (const v of report.violations) {
        this.#violations.push({ ...v, test: test.titlePath().slice(2).join(' > '), operationId: report.operationId, status: report.status, curl: report.curl });
      }
    }
  }

  onEnd(): void {
    let coverage: unknown = null;
    try {
      coverage = JSON.parse(readFileSync(join(dirname(this.#outputFile), 'coverage.json'), 'utf8'));
    } catch {
      // The coverage test did not run (a filtered or non-contract run).
    }
    let target: { mode: string; baseURL: string } | { mode: 'invalid' };
    try {
      const t = targetFromEnv(process.env);
      target = { mode: t.live ? 'live' : 'mock', baseURL: t.baseURL };
    } catch {
      target = { mode: 'invalid' };
    }
    const byCheck: Record<string, number> = {};
    for (const v of this.#violations) byCheck[v.title] = (byCheck[v.title] ?? 0) + 1;
    mkdirSync(dirname(this.#outputFile), { recursive: true });
    writeFileSync(this.#outputFile, `${JSON.stringify({ target, summary: byCheck, violations: this.#violations, coverage }, null, 2)}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
