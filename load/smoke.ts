// Smoke test for pull requests: a few runs on POST /v1/threads/{thread_id}/run, one after the other,
// every response checked against the contract and every check green.
//   mkdir -p reports/load && API_KEY=mock-api-key k6 run load/smoke.ts
import type { Options } from 'k6/options';
import type { AnswerContext } from './lib/answers.ts';
import { run } from './lib/answers.ts';
import { loadConfig } from './lib/config.ts';
import { readNumber } from './lib/env.ts';
import { cleanup, clientFor, prepare } from './lib/lifecycle.ts';
import { K6_METRIC } from './lib/metric-names.ts';
import type { Policy } from './lib/observe.ts';
import { assertRunOptions } from './lib/run-options.ts';
import { summaryFiles } from './lib/summary/files.ts';
import type { SetupData } from './lib/threads.ts';
import { vuThread } from './lib/threads.ts';
import { contractGuard, mergeThresholds, SUMMARY_TREND_STATS, unexpectedGuard } from './lib/thresholds.ts';

const SCRIPT = 'smoke';
const config = loadConfig(__ENV, { contractSample: 1 });
const runs = readNumber(__ENV, 'SMOKE_RUNS', 3, { min: 1, max: 20, integer: true, unit: 'runs', capped: true });
const policy: Policy = {
  expectRateLimit: false,
  sample: config.contractSample,
  strict: config.strict,
  redactValues: !config.target.loopback,
};

export const options: Options = {
  scenarios: {
    smoke: { executor: 'per-vu-iterations', vus: 1, iterations: runs, maxDuration: '3m', exec: 'smoke' },
  },
  thresholds: mergeThresholds(
    {
      [K6_METRIC.checks]: ['rate==1'],
      [K6_METRIC.httpReqFailed]: ['rate==0'],
    },
    contractGuard(),
    unexpectedGuard(config.unexpectedMax),
  ),
  setupTimeout: '2m',
  teardownTimeout: '2m',
  summaryTrendStats: SUMMARY_TREND_STATS,
  // k6 follows 10 redirects by default and keeps custom headers such as api-key across origins:
  // a 3xx is an answer here, and the key never leaves the target's origin (issue 23).
  maxRedirects: 0,
};

export function setup(): SetupData {
  assertRunOptions(options);
  return prepare(config, SCRIPT, { threads: 1, streaming: false });
}

let context: AnswerContext | undefined;

export function smoke(data: SetupData): void {
  context = context ?? { client: clientFor(config), policy, data };
  run(context, vuThread(data));
}

export function teardown(data: SetupData): void {
  cleanup(config, data);
}

// `data` is k6's summary object, classic or machine-readable; summaryFiles reads both.
export function handleSummary(data: unknown): { [path: string]: string } {
  return summaryFiles(SCRIPT, config.target.baseUrl, config.reportDir, data);
}
