// run/stream: time to the response headers and to the whole answer, at a constant rate below the
// limit. k6 buffers the body, so the first NDJSON line is `npm run probe:stream`'s to measure.
// Every NDJSON line of a checked response is validated against the contract.
//   mkdir -p reports/load && API_KEY=mock-api-key k6 run load/stream.ts
import type { Options } from 'k6/options';
import type { AnswerContext } from './lib/answers.ts';
import { runStream } from './lib/answers.ts';
import { loadConfig } from './lib/config.ts';
import { ConfigError, readNumber } from './lib/env.ts';
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
  mergeThresholds,
  SUMMARY_TREND_STATS,
  unexpectedGuard,
} from './lib/thresholds.ts';

const SCRIPT = 'stream';
const config = loadConfig(__ENV, { contractSample: 0.25 });
const rate = readSteadyRate(__ENV, config, 'STREAM', { perMinute: 20, seconds: 60, noun: 'streams' });
if (__ENV.STREAM_FIRST_CHUNK_P95_MS !== undefined) {
  throw new ConfigError(
    'STREAM_FIRST_CHUNK_P95_MS is gone: k6 times the response headers of run/stream, not its first line. ' +
      'Set STREAM_HEADERS_P95_MS for that SLO, and run npm run probe:stream for the time to the first NDJSON line.',
  );
}
const headersP95 = readNumber(__ENV, 'STREAM_HEADERS_P95_MS', 2000, { min: 1, max: 600000, unit: 'ms' });
const totalP95 = readNumber(__ENV, 'STREAM_TOTAL_P95_MS', 15000, { min: 1, max: 600000, unit: 'ms' });
const policy: Policy = {
  expectRateLimit: false,
  sample: config.contractSample,
  strict: config.strict,
  redactValues: !config.target.loopback,
};

export const options: Options = {
  scenarios: {
    stream: steadyRateScenario(rate, 'stream'),
  },
  thresholds: mergeThresholds(
    {
      [METRIC.streamHeaders]: [`p(95)<${headersP95}`],
      [METRIC.streamTotal]: [`p(95)<${totalP95}`],
      [K6_METRIC.checks]: ['rate>0.99'],
    },
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
  return prepare(config, SCRIPT, { threads: rate.vus, streaming: true });
}

let context: AnswerContext | undefined;

export function stream(data: SetupData): void {
  context = context ?? { client: clientFor(config), policy, data };
  runStream(context, vuThread(data));
}

export function teardown(data: SetupData): void {
  cleanup(config, data);
}

// `data` is k6's summary object, classic or machine-readable; summaryFiles reads both.
export function handleSummary(data: unknown): { [path: string]: string } {
  return summaryFiles(SCRIPT, config.target.baseUrl, config.reportDir, data);
}
