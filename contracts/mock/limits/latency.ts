// The run latency model: what a load script measures against the mock should look like an
// answer-generating API (a long right tail), not like a loopback echo.
import { normal, type Random } from '../../lib/seeded-random.ts';

/** A fixed latency in ms, or a log-normal distribution given by its median and 95th percentile. */
export type LatencyOptions = number | { p50Ms: number; p95Ms: number };

/** Draws the next latency in ms. */
export type LatencyModel = () => number;

// z of the 95th percentile of the standard normal distribution.
const Z95 = 1.6448536269514722;

/** A mistake in the latency options; the message says what was expected. */
export class LatencyOptionsError extends Error {
  override name = 'LatencyOptionsError';
}

/**
 * Builds the model. A log-normal is fixed by two quantiles: ln(p50) is its mean, and
 * (ln(p95) - ln(p50)) / z95 its standard deviation; it never goes below zero.
 */
export function latencyModel(options: LatencyOptions | undefined, random: Random): LatencyModel {
  if (options === undefined || options === 0) return () => 0;
  if (typeof options === 'number') {
    if (!Number.isFinite(options) || options < 0) {
      throw new LatencyOptionsError(
        `Expected a latency of 0 ms or more. Got ${options}. Pass --latency-ms 0 to switch latency off.`,
      );
    }
    return () => options;
  }
  const { p50Ms, p95Ms } = options;
  if (!(Number.isFinite(p50Ms) && Number.isFinite(p95Ms) && p50Ms > 0 && p95Ms >= p50Ms)) {
    throw new LatencyOptionsError(
      `Expected 0 < p50 <= p95 (ms). Got p50 ${p50Ms}, p95 ${p95Ms}. Pass for example --latency-p50 800 --latency-p95 2500.`,
    );
  }
  if (p95Ms === p50Ms) return () => p50Ms;
  const mu = Math.log(p50Ms);
  const sigma = (Math.log(p95Ms) - mu) / Z95;
  return () => Math.exp(mu + sigma * normal(random));
}
