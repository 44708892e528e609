// The end-of-test summary for people: verdict, thresholds with the values they were judged on,
// failing checks, the rate-limit figures and the error codes seen.

import { K6_METRIC, METRIC } from '../metric-names.ts';
import type { SummaryData, SummaryMetric } from './data.ts';
import { checkResults, errorCodeCounts, thresholdResults, unjudgedReason, verdict } from './data.ts';

function round(value: number, digits = 1): string {
  const factor = 10 ** digits;
  return String(Math.round(value * factor) / factor);
}

function percent(metric: SummaryMetric | undefined): string {
  const rate = metric?.values.rate;
  return rate === undefined ? 'n/a' : `${round(rate * 100)}%`;
}

function trendLine(name: string, metric: SummaryMetric | undefined): string | null {
  if (metric === undefined || metric.type !== 'trend') return null;
  const stats = ['avg', 'med', 'p(95)', 'p(99)', 'max']
    .filter((stat) => metric.values[stat] !== undefined)
    .map((stat) => `${stat}=${round(metric.values[stat] ?? 0)}${metric.contains === 'time' ? 'ms' : ''}`);
  return `  ${name}: ${stats.join(' ')}`;
}

/** Plain-text summary of a run. */
export function textSummary(script: string, target: string, data: SummaryData): string {
  const lines: string[] = [];
  const seconds = (data.state?.testRunDurationMs ?? 0) / 1000;
  lines.push(
    `agents-api-suite load: ${script} against ${target}: ${verdict(data).toUpperCase()} (${round(seconds)} s)`,
  );
  const reason = unjudgedReason(data);
  if (reason !== null) lines.push(`  ${reason}`);

  lines.push('', 'Thresholds');
  const thresholds = thresholdResults(data);
  if (thresholds.length === 0) lines.push('  (none in this summary)');
  for (const result of thresholds) {
    const seen = result.observed === null ? '' : `  (${result.observed})`;
    lines.push(`  ${result.ok ? 'ok  ' : 'FAIL'} ${result.metric}: ${result.threshold}${seen}`);
  }

  const checks = checkResults(data);
  const failing = checks.filter((check) => check.fails > 0);
  const total = checks.reduce((sum, check) => sum + check.passes + check.fails, 0);
  const failed = failing.reduce((sum, check) => sum + check.fails, 0);
  lines.push('', `Checks: ${total - failed} passed, ${failed} failed`);
  for (const check of failing)
    lines.push(`  FAIL ${check.name}: ${check.fails} of ${check.passes + check.fails} failed`);

  const m = data.metrics;
  if (m[METRIC.rateLimited] !== undefined || m[METRIC.retryAfterPresent] !== undefined) {
    lines.push('', 'Rate limit');
    lines.push(`  429 share of answer calls: ${percent(m[METRIC.rateLimited])}`);
    lines.push(
      `  Retry-After present: ${percent(m[METRIC.retryAfterPresent])}, honoured: ${percent(m[METRIC.retryAfterHonoured])}`,
    );
    const recovery = m[METRIC.recoveryTime]?.values.max;
    if (recovery !== undefined) lines.push(`  recovery after honouring Retry-After: ${round(recovery / 1000, 2)} s`);
    const burst = m[METRIC.burstAnswered]?.values.value;
    if (burst !== undefined) lines.push(`  runs answered out of one burst: ${burst}`);
  }

  const codes = errorCodeCounts(data);
  const seen = Object.keys(codes).filter((code) => (codes[code] ?? 0) > 0);
  if (seen.length > 0) {
    lines.push('', 'Error codes');
    for (const code of seen.sort()) lines.push(`  ${code}: ${codes[code]}`);
  }

  const latency = [
    trendLine(
      'run (http_req_duration, answered)',
      m[`${K6_METRIC.httpReqDuration}{endpoint:createRun,expected_response:true}`],
    ),
    trendLine('run time to first byte', m[METRIC.runTtfb]),
    trendLine('stream time to headers', m[METRIC.streamHeaders]),
    trendLine('stream total', m[METRIC.streamTotal]),
    trendLine('all requests (expected responses)', m[`${K6_METRIC.httpReqDuration}{expected_response:true}`]),
  ].filter((line): line is string => line !== null);
  if (latency.length > 0) lines.push('', 'Latency', ...latency);

  const violations = m[METRIC.contractViolations]?.values.count ?? 0;
  const checked = m[METRIC.contractChecked]?.values.count ?? 0;
  lines.push('', `Contract: ${checked} responses checked, ${violations} violations`);
  return `${lines.join('\n')}\n`;
}
