// Thresholds written as SLOs. Every script shares the guards: any unexpected status fails the run,
// and past a bound it aborts the run, so a failing API is never hammered for the rest of a test.
import type { Threshold } from 'k6/options';
import { K6_METRIC, METRIC } from './metric-names.ts';

/** Thresholds by metric (k6's `options.thresholds`). */
export type Thresholds = { [metric: string]: Threshold[] };

/** Joins threshold sets; thresholds on the same metric are kept side by side, not replaced. */
export function mergeThresholds(...parts: Thresholds[]): Thresholds {
  const merged: Thresholds = {};
  for (const part of parts) {
    for (const metric of Object.keys(part)) merged[metric] = [...(merged[metric] ?? []), ...(part[metric] ?? [])];
  }
  return merged;
}

/** Unexpected statuses fail the run; more than `max` of them abort it after a short grace period. */
export function unexpectedGuard(max: number): Thresholds {
  return {
    [METRIC.unexpected]: ['count==0', { threshold: `count<=${max}`, abortOnFail: true, delayAbortEval: '5s' }],
    [K6_METRIC.httpReqFailed]: [{ threshold: 'rate<0.05', abortOnFail: true, delayAbortEval: '30s' }],
  };
}

/** No response may break the contract. */
export function contractGuard(): Thresholds {
  return { [METRIC.contractViolations]: ['count==0'] };
}

/**
 * An arrival-rate scenario that runs out of VUs drops iterations (k6 counts them in
 * dropped_iterations and says nothing else), so its SLOs would be judged at a lower rate than
 * configured: any dropped iteration fails the run.
 */
export function droppedGuard(): Thresholds {
  return { [K6_METRIC.droppedIterations]: ['count==0'] };
}

/** Latency SLO on a Trend (or a selector of one) as p95 and p99 bounds in milliseconds. */
export function latencySlo(metric: string, p95: number, p99: number): Thresholds {
  return { [metric]: [`p(95)<${p95}`, `p(99)<${p99}`] };
}

/** Trend statistics shown in summaries; p(99) is needed by the SLOs. */
export const SUMMARY_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];
