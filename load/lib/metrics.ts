// The custom metrics of every script. k6 only accepts new metrics in the init context, so they are
// all declared here, at module load; scripts and lib functions only add to them.
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';
import { operations } from '../../contracts/generated/validators.js';

/** Metrics the scripts add to. Names are what thresholds, summaries and the report refer to. */
export const metrics = {
  /** Responses whose status the script did not expect (tags: endpoint, status). */
  unexpected: new Counter('unexpected_responses'),
  /** Share of 429s among answer-budget responses. */
  rateLimited: new Rate('rate_limited'),
  /** Every 429: did it carry Retry-After? */
  retryAfterPresent: new Rate('retry_after_present'),
  /** The Retry-After values, in seconds. */
  retryAfterSeconds: new Trend('retry_after_seconds'),
  /** A call made after waiting Retry-After: was it answered? */
  retryAfterHonoured: new Rate('retry_after_honoured'),
  /** From the first 429 to the next answered call, honouring Retry-After. */
  recoveryTime: new Trend('recovery_time', true),
  /** Responses checked against the contract. */
  contractChecked: new Counter('contract_checked'),
  /** Broken promises (tags: endpoint, check). */
  contractViolations: new Counter('contract_violations'),
  /** Time to first byte of answered runs. */
  runTtfb: new Trend('run_ttfb', true),
  /** run/stream: time to the first chunk (first byte of the NDJSON body). */
  streamFirstChunk: new Trend('stream_first_chunk', true),
  /** run/stream: time to the last chunk. */
  streamTotal: new Trend('stream_total', true),
  /** run/stream: chunks per answer. */
  streamChunks: new Trend('stream_chunks'),
  /** run/stream and chat/completions refused while run is refused (one shared budget). */
  sharedBudgetRefused: new Rate('shared_budget_refused'),
  /** Thread and message calls answered while the answer budget is spent. */
  otherBudgetUnaffected: new Rate('other_budget_unaffected'),
  /** Runs answered out of one burst. */
  burstAnswered: new Gauge('burst_answered'),
  /** Iterations that could not run because their thread could not take a new user message. */
  threadNotReady: new Counter('thread_not_ready'),
};

/** Metric name for an error_code. */
export function errorCodeMetricName(code: string): string {
  return `error_code_${code.replace(/[^a-z0-9_]/gi, '_')}`;
}

function documentedErrorCodes(): string[] {
  const codes: string[] = [];
  for (const op of Object.keys(operations) as Array<keyof typeof operations>) {
    for (const spec of Object.values(operations[op].responses)) {
      for (const code of spec.errorCodes) if (codes.indexOf(code) === -1) codes.push(code);
    }
  }
  return codes.sort();
}

/** One counter per documented error_code, plus `error_code_undocumented` for anything else. */
export const errorCodeCounters: Record<string, Counter> = (() => {
  const counters: Record<string, Counter> = {};
  for (const code of documentedErrorCodes()) counters[code] = new Counter(errorCodeMetricName(code));
  counters.undocumented = new Counter(errorCodeMetricName('undocumented'));
  return counters;
})();
