// handleSummary() of every script: the text summary on stdout and in a file, a machine-readable
// JSON digest and JUnit XML, all under REPORT_DIR. The digest holds no setup data and no key.
import { checkResults, errorCodeCounts, passed, thresholdResults } from './summary-data.ts';
import type { SummaryData } from './summary-data.ts';
import { junitSummary } from './summary-junit.ts';
import { normalizeSummary } from './summary-shape.ts';
import { textSummary } from './summary-text.ts';

/** The machine-readable digest of a run. */
export interface SummaryDigest {
  script: string;
  target: string;
  passed: boolean;
  durationMs: number;
  thresholds: ReturnType<typeof thresholdResults>;
  checks: ReturnType<typeof checkResults>;
  errorCodes: { [code: string]: number };
  metrics: SummaryData['metrics'];
}

/** The digest written to `<script>-summary.json`. */
export function summaryDigest(script: string, target: string, data: SummaryData): SummaryDigest {
  return {
    script,
    target,
    passed: passed(data),
    durationMs: data.state?.testRunDurationMs ?? 0,
    thresholds: thresholdResults(data),
    checks: checkResults(data),
    errorCodes: errorCodeCounts(data),
    metrics: data.metrics,
  };
}

/** The files handleSummary() returns: paths (relative to the working directory) and stdout. */
export function summaryFiles(script: string, target: string, reportDir: string, raw: unknown): { [path: string]: string } {
  const data = normalizeSummary(raw);
  const text = textSummary(script, target, data);
  return {
    stdout: text,
    [`${reportDir}/${script}-summary.txt`]: text,
    [`${reportDir}/${script}-summary.json`]: `${JSON.stringify(summaryDigest(script, target, data), null, 2)}\n`,
    [`${reportDir}/${script}-junit.xml`]: junitSummary(script, data),
  };
}
