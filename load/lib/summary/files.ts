// handleSummary() of every script: the text summary on stdout and in a file, a machine-readable
// JSON digest and JUnit XML, all under REPORT_DIR. The digest holds no setup data and no key.

import type { SummaryData, Verdict } from './data.ts';
import { checkResults, errorCodeCounts, thresholdResults, unjudgedReason, verdict } from './data.ts';
import { junitSummary } from './junit.ts';
import { normalizeSummary } from './shape.ts';
import { textSummary } from './text.ts';

/** The machine-readable digest of a run. */
export interface SummaryDigest {
  script: string;
  target: string;
  /** True or false only when k6 evaluated thresholds; null when the run is not judged. */
  passed: boolean | null;
  verdict: Verdict;
  /** Why the run is not judged; null when it is. */
  unjudged: string | null;
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
    passed: verdict(data) === 'not judged' ? null : verdict(data) === 'passed',
    verdict: verdict(data),
    unjudged: unjudgedReason(data),
    durationMs: data.state?.testRunDurationMs ?? 0,
    thresholds: thresholdResults(data),
    checks: checkResults(data),
    errorCodes: errorCodeCounts(data),
    metrics: data.metrics,
  };
}

/** The files handleSummary() returns: paths (relative to the working directory) and stdout. */
export function summaryFiles(
  script: string,
  target: string,
  reportDir: string,
  raw: unknown,
): { [path: string]: string } {
  const data = normalizeSummary(raw);
  const text = textSummary(script, target, data);
  return {
    stdout: text,
    [`${reportDir}/${script}-summary.txt`]: text,
    [`${reportDir}/${script}-summary.json`]: `${JSON.stringify(summaryDigest(script, target, data), null, 2)}\n`,
    [`${reportDir}/${script}-junit.xml`]: junitSummary(script, data),
  };
}
