// Latency of the run endpoint at a constant arrival rate below the documented limit, judged by SLOs
// on http_req_duration of expected responses (p95, p99); time to first byte is reported as run_ttfb.
//   mkdir -p reports/load && API_KEY=mock-api-key LATENCY_RPM=30 LATENCY_DURATION=2m k6 run load/latency.ts
import type { Options } from 'k6/options';
import type { AnswerContext } from './lib/answers.ts';
import { run } from './lib/answers.ts';
import { loadConfig } from './lib/config.ts';
import { readNumber } from './lib/env.ts';
import { cleanup, clientFor, prepare } from './lib/lifecycle.ts';
import { K6_METRIC, METRIC } from './lib/metric-names.ts';
import type { Policy } from './lib/observe.ts';
import { assertRunOptions } from './lib/run-options.ts';
import { readSteadyRate, steadyRateScenario } from './lib/steady-rate.ts';
import { summaryFiles } from './lib/summary/files.ts';
import type { SetupData } from './lib/threads.ts';
import { vuThread } from './lib/threads.ts';
import {
  contractGuard,
  droppedGuard,
  latencySlo,
  mergeThresholds,
  SUMMARY_TREND_STATS,
  unexpectedGuard,
} from './lib/thresholds.ts';

const SCRIPT = 'latency';
const config = loadConfig(__ENV, { contractSample: 0.1 });
const rate = readSteadyRate(__ENV, config, 'LATENCY', { perMinute: 30, seconds: 120, noun: 'runs' });
const p95 = readNumber(__ENV, 'LATENCY_P95_MS', 4000, { min: 1, max: 600000, unit: 'ms' });
const p99 = readNumber(__ENV, 'LATENCY_P99_MS', 8000, { min: 1, max: 600000, unit: 'ms' });
const policy: Policy = {
  expectRateLimit: false,
  sample: config.contractSample,
  strict: config.strict,
  redactValues: !config.target.loopback,
};

export const options: Options = {
  scenarios: {
    latency: steadyRateScenario(rate, 'latency'),
  },
  thresholds: mergeThresholds(
    {
      [METRIC.runTtfb]: [`p(95)<${p95}`],
      [K6_METRIC.checks]: ['rate>0.99'],
    },
    latencySlo(`${K6_METRIC.httpReqDuration}{expected_response:true}`, p95, p99),
    latencySlo(`${K6_METRIC.httpReqDuration}{endpoint:createRun,expected_response:true}`, p95, p99),
    contractGuard(),
    droppedGuard(),
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
  return prepare(config, SCRIPT, { threads: rate.vus, streaming: false });
}

let context: AnswerContext | undefined;

export function latency(data: SetupData): void {
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
