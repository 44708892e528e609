// The custom metrics of every script. k6 only accepts new metrics in the init context, so they are
// all declared here, at module load; scripts and lib functions only add to them.
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';
import { operations } from '../contracts/generated/validators.js';
import { errorCodeMetricName, METRIC } from './metric-names.ts';

/** Metrics the scripts add to. Names are what thresholds, summaries and the report refer to. */
export const metrics = {
  /** Responses whose status the script did not expect (tags: endpoint, status). */
  unexpected: new Counter(METRIC.unexpected),
  /** Share of 429s among answer-budget responses. */
  rateLimited: new Rate(METRIC.rateLimited),
  /** Every 429: did it carry Retry-After? */
  retryAfterPresent: new Rate(METRIC.retryAfterPresent),
  /** The Retry-After values, in seconds. */
  retryAfterSeconds: new Trend(METRIC.retryAfterSeconds),
  /** A call made after waiting Retry-After: was it answered? */
  retryAfterHonoured: new Rate(METRIC.retryAfterHonoured),
  /** From the first 429 to the next answered call, honouring Retry-After. */
  recoveryTime: new Trend(METRIC.recoveryTime, true),
  /** Responses checked against the contract. */
  contractChecked: new Counter(METRIC.contractChecked),
  /** Broken promises (tags: endpoint, check). */
  contractViolations: new Counter(METRIC.contractViolations),
  /** Time to first byte of answered runs. */
  runTtfb: new Trend(METRIC.runTtfb, true),
  /** run/stream: time to the response headers (k6 buffers the body; see metric-names.ts). */
  streamHeaders: new Trend(METRIC.streamHeaders, true),
  /** run/stream: time to the last chunk. */
  streamTotal: new Trend(METRIC.streamTotal, true),
  /** run/stream: chunks per answer. */
  streamChunks: new Trend(METRIC.streamChunks),
  /** run/stream and chat/completions refused while run is refused (one shared budget). */
  sharedBudgetRefused: new Rate(METRIC.sharedBudgetRefused),
  /** Thread, message and feedback calls answered while the answer budget is spent. */
  otherBudgetUnaffected: new Rate(METRIC.otherBudgetUnaffected),
  /** Runs answered out of one burst. */
  burstAnswered: new Gauge(METRIC.burstAnswered),
  /** Iterations that could not run because their thread could not take a new user message. */
  threadNotReady: new Counter(METRIC.threadNotReady),
};

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
