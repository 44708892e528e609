// The name of every metric the scripts write and the load report reads, declared once. Plain
// constants with no k6 import, so that k6 scripts and the Node report both import this module.

/** Names of k6's built-in metrics that thresholds and the report use. */
export const K6_METRIC = {
  httpReqDuration: 'http_req_duration',
  httpReqFailed: 'http_req_failed',
  checks: 'checks',
  droppedIterations: 'dropped_iterations',
} as const;

/** Names of the custom metrics of the scripts (declared in metrics.ts). */
export const METRIC = {
  unexpected: 'unexpected_responses',
  rateLimited: 'rate_limited',
  retryAfterPresent: 'retry_after_present',
  retryAfterSeconds: 'retry_after_seconds',
  retryAfterHonoured: 'retry_after_honoured',
  recoveryTime: 'recovery_time',
  contractChecked: 'contract_checked',
  contractViolations: 'contract_violations',
  runTtfb: 'run_ttfb',
  // k6 buffers the body: timings.waiting ends at the first byte of the response headers, so this
  // is header latency, not the first NDJSON line (`npm run probe:stream` measures that).
  streamHeaders: 'stream_time_to_headers',
  streamTotal: 'stream_total',
  streamChunks: 'stream_chunks',
  sharedBudgetRefused: 'shared_budget_refused',
  otherBudgetUnaffected: 'other_budget_unaffected',
  burstAnswered: 'burst_answered',
  threadNotReady: 'thread_not_ready',
} as const;

/** Metric name of the counter of one error_code. */
export function errorCodeMetricName(code: string): string {
  return `error_code_${code.replace(/[^a-z0-9_]/gi, '_')}`;
}
