// Rate limits of the answer endpoints, one scenario per question, one after the other:
//   burst      parallel runs on a fresh budget: how many pass in one second?
//   ramp       a ramping arrival rate past the documented 15 RPS: where do 429s start?
//   sustained  a constant rate above 60 RPM for at least two minutes: what passes per minute?
//   budgets    during the overload: run/stream and chat/completions share run's budget, thread,
//              message and feedback calls do not (setup() answers one run for the feedback)
//   recovery   after the overload: Retry-After is present and honouring it is enough
// 429 is an expected status here; anything unexpected fails the run and aborts it past a bound.
//   mkdir -p reports/load && API_KEY=mock-api-key k6 run --out json=reports/load/rate-limit.ndjson load/rate-limit.ts
import http from 'k6/http';
import type { Options } from 'k6/options';
import type { AnswerContext } from './lib/answers.ts';
import { run } from './lib/answers.ts';
import { loadConfig } from './lib/config.ts';
import { ConfigError, formatDuration, readDuration, readNumber } from './lib/env.ts';
import { FEEDBACK_SETUP_CALLS } from './lib/feedback.ts';
import { cleanup, clientFor, prepare } from './lib/lifecycle.ts';
import { K6_METRIC, METRIC } from './lib/metric-names.ts';
import type { Policy } from './lib/observe.ts';
import { burst, probeBudgets, recover } from './lib/rate-limit-probes.ts';
import { assertRunOptions } from './lib/run-options.ts';
import { assertTestLength, CAPS } from './lib/safety.ts';
import { arrivalVus } from './lib/steady-rate.ts';
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

const SCRIPT = 'rate-limit';
const config = loadConfig(__ENV, { contractSample: 0.1 });
const { answersPerSecond, answersPerMinute, otherPerMinute } = config.limits;
const rps = { min: 1, max: CAPS.ratePerSecond, integer: true, unit: 'requests per second', capped: true };
const vuRule = { min: 1, max: CAPS.vus, integer: true, unit: 'VUs', capped: true };

const burstSize = readNumber(__ENV, 'BURST_SIZE', answersPerSecond + 5, { ...rps, unit: 'parallel runs' });
const rampFrom = readNumber(__ENV, 'RAMP_START_RPS', 1, rps);
const rampTo = readNumber(__ENV, 'RAMP_TARGET_RPS', answersPerSecond * 2, rps);
const rampSeconds = readDuration(__ENV, 'RAMP_DURATION', 30, { min: 5, max: CAPS.scenarioSeconds, capped: true });
const rampVus = readNumber(__ENV, 'RAMP_VUS', 20, vuRule);
const sustainedPerMinute = readNumber(__ENV, 'SUSTAINED_RPM', Math.round(answersPerMinute * 1.5), {
  ...rps,
  max: CAPS.ratePerSecond * 60,
  unit: 'runs per minute',
});
const sustainedSeconds = readDuration(__ENV, 'SUSTAINED_DURATION', 120, {
  min: 120,
  max: CAPS.scenarioSeconds,
  capped: true,
});
const sustainedVus = readNumber(__ENV, 'SUSTAINED_VUS', 10, vuRule);
const recoverySeconds = readDuration(__ENV, 'RECOVERY_MAX', 90, { min: 5, max: 300, capped: true });

if (rampTo <= answersPerSecond) {
  throw new ConfigError(
    `RAMP_TARGET_RPS=${rampTo} must pass the documented ${answersPerSecond} RPS to find the limit; the default is ${answersPerSecond * 2}.`,
  );
}
if (burstSize <= answersPerSecond) {
  throw new ConfigError(
    `BURST_SIZE=${burstSize} must exceed the documented ${answersPerSecond} RPS; the default is ${answersPerSecond + 5}.`,
  );
}
if (sustainedPerMinute <= answersPerMinute) {
  throw new ConfigError(
    `SUSTAINED_RPM=${sustainedPerMinute} must exceed the documented ${answersPerMinute} RPM; the default is ${Math.round(answersPerMinute * 1.5)}.`,
  );
}

// One thread per VU that may exist, plus one per run of the burst. Creating them costs two calls of
// the other budget each; together with the feedback thread and a message per answered run they
// must fit its minute.
const vuSlots = 1 + rampVus + sustainedVus + 1 + 1;
const poolSize = burstSize + vuSlots;
if (poolSize * 2 + FEEDBACK_SETUP_CALLS + answersPerMinute > otherPerMinute) {
  throw new ConfigError(
    `BURST_SIZE + RAMP_VUS + SUSTAINED_VUS need ${poolSize} threads (${poolSize * 2} calls), which with up to ` +
      `${answersPerMinute} follow-up messages passes the ${otherPerMinute} RPM budget of thread, message and feedback calls. Lower them.`,
  );
}

const rampStart = 5;
const sustainedStart = rampStart + rampSeconds + 5;
const sustainedEnd = sustainedStart + sustainedSeconds;
assertTestLength(sustainedEnd + recoverySeconds);

// A 429 is an answer here, not a failed request; everything else outside 2xx still is.
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 299 }, 429));
const policy: Policy = {
  expectRateLimit: true,
  sample: config.contractSample,
  strict: config.strict,
  redactValues: !config.target.loopback,
};
const oneShot = { executor: 'per-vu-iterations' as const, vus: 1, iterations: 1 };

export const options: Options = {
  scenarios: {
    burst: { ...oneShot, startTime: '0s', maxDuration: '60s', gracefulStop: '5s', exec: 'burstRuns' },
    ramp: {
      executor: 'ramping-arrival-rate',
      startTime: formatDuration(rampStart),
      startRate: rampFrom,
      timeUnit: '1s',
      stages: [{ target: rampTo, duration: formatDuration(rampSeconds) }],
      ...arrivalVus(rampVus),
      gracefulStop: '10s',
      exec: 'offerRuns',
    },
    sustained: {
      executor: 'constant-arrival-rate',
      startTime: formatDuration(sustainedStart),
      rate: sustainedPerMinute,
      timeUnit: '1m',
      duration: formatDuration(sustainedSeconds),
      ...arrivalVus(sustainedVus),
      gracefulStop: '10s',
      exec: 'offerRuns',
    },
    // Probed in the last 20 s of the overload, while the sustained rate keeps the budget spent.
    budgets: {
      ...oneShot,
      startTime: formatDuration(sustainedEnd - 20),
      maxDuration: '30s',
      gracefulStop: '5s',
      exec: 'budgets',
    },
    recovery: {
      ...oneShot,
      startTime: formatDuration(sustainedEnd),
      maxDuration: formatDuration(recoverySeconds + 10),
      exec: 'recovery',
    },
  },
  // The burst goes out at once: k6 would otherwise send six requests per host at a time.
  batch: burstSize,
  batchPerHost: burstSize,
  thresholds: mergeThresholds(
    {
      [METRIC.rateLimited]: ['rate>0'],
      [METRIC.burstAnswered]: [`value<=${answersPerSecond}`],
      [METRIC.retryAfterPresent]: ['rate==1'],
      [METRIC.retryAfterHonoured]: ['rate==1'],
      [METRIC.recoveryTime]: [`max<${recoverySeconds * 1000}`],
      [METRIC.sharedBudgetRefused]: ['rate==1'],
      [METRIC.otherBudgetUnaffected]: ['rate==1'],
      [K6_METRIC.checks]: ['rate==1'],
    },
    contractGuard(),
    droppedGuard(),
    unexpectedGuard(config.unexpectedMax),
  ),
  setupTimeout: '3m',
  teardownTimeout: '3m',
  summaryTrendStats: SUMMARY_TREND_STATS,
  // k6 follows 10 redirects by default and keeps custom headers such as api-key across origins:
  // a 3xx is an answer here, and the key never leaves the target's origin (issue 23).
  maxRedirects: 0,
};

export function setup(): SetupData {
  assertRunOptions(options);
  return prepare(config, SCRIPT, { threads: poolSize, streaming: true, feedback: true });
}

let context: AnswerContext | undefined;

function contextFor(data: SetupData): AnswerContext {
  context = context ?? { client: clientFor(config), policy, data };
  return context;
}

export function burstRuns(data: SetupData): void {
  burst(contextFor(data), data.threads.slice(0, burstSize), answersPerSecond);
}

export function offerRuns(data: SetupData): void {
  run(contextFor(data), vuThread(data, burstSize));
}

export function budgets(data: SetupData): void {
  probeBudgets(contextFor(data), vuThread(data, burstSize));
}

export function recovery(data: SetupData): void {
  recover(contextFor(data), vuThread(data, burstSize), recoverySeconds, answersPerSecond + 5);
}

export function teardown(data: SetupData): void {
  cleanup(config, data);
}

// `data` is k6's summary object, classic or machine-readable; summaryFiles reads both.
export function handleSummary(data: unknown): { [path: string]: string } {
  return summaryFiles(SCRIPT, config.target.baseUrl, config.reportDir, data);
}
