// The shape latency.ts and stream.ts share: a constant arrival rate below the documented answer
// budget, for a bounded time, with a pool of VUs (one thread each, created by setup()).
import type { Scenario } from 'k6/options';
import type { LoadConfig } from './config.ts';
import type { Env } from './env.ts';
import { ConfigError, formatDuration, readDuration, readNumber } from './env.ts';
import { assertTestLength, CAPS } from './safety.ts';

/** A steady load: answers per minute, for how long, by how many VUs. */
export interface SteadyRate {
  perMinute: number;
  seconds: number;
  vus: number;
}

/**
 * Reads `<PREFIX>_RPM`, `<PREFIX>_DURATION` and `<PREFIX>_VUS`, refusing a rate at or above the
 * documented per-minute budget: a steady test measures an API that is not throttling.
 */
export function readSteadyRate(
  env: Env,
  config: LoadConfig,
  prefix: string,
  defaults: { perMinute: number; seconds: number; noun: string },
): SteadyRate {
  const perMinute = readNumber(env, `${prefix}_RPM`, defaults.perMinute, {
    min: 1,
    max: CAPS.ratePerSecond * 60,
    integer: true,
    unit: `${defaults.noun} per minute`,
    capped: true,
  });
  if (perMinute >= config.limits.answersPerMinute) {
    throw new ConfigError(
      `${prefix}_RPM=${perMinute} is not below the documented ${config.limits.answersPerMinute} ${defaults.noun} per minute; ` +
        `they would be throttled and the test would measure the rate limiter. Use, for example, ${prefix}_RPM=${defaults.perMinute}.`,
    );
  }
  const seconds = readDuration(env, `${prefix}_DURATION`, defaults.seconds, {
    min: 10,
    max: CAPS.scenarioSeconds,
    capped: true,
  });
  const vus = readNumber(env, `${prefix}_VUS`, 10, { min: 1, max: CAPS.vus, integer: true, unit: 'VUs', capped: true });
  assertTestLength(seconds);
  return { perMinute, seconds, vus };
}

/** The constant-arrival-rate scenario of a steady load, running the exported function `exec`. */
export function steadyRateScenario(rate: SteadyRate, exec: string): Scenario {
  return {
    executor: 'constant-arrival-rate',
    rate: rate.perMinute,
    timeUnit: '1m',
    duration: formatDuration(rate.seconds),
    ...arrivalVus(rate.vus),
    exec,
  };
}

/**
 * VUs of an arrival-rate scenario: `max` is the pool (one thread each, so VU ids stay within the
 * threads setup() creates); half of it starts up front and the rest is headroom k6 allocates when
 * answers are slow, instead of dropping iterations (dropped_iterations has a threshold too).
 */
export function arrivalVus(max: number): { preAllocatedVUs: number; maxVUs: number } {
  return { preAllocatedVUs: Math.max(1, Math.ceil(max / 2)), maxVUs: max };
}
