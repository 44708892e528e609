// Turns the points of a k6 run into a rate-limit characterization. A request counts at the second
// it started (sample time minus http_req_duration), because the limiter admits or refuses a call
// when it arrives, and a slow answer ends long after that.
import { K6_METRIC, METRIC } from '../lib/metric-names.ts';
import { Histogram } from './histogram.ts';
import type { PointData } from './ndjson-points.ts';
import { createTimestampParser } from './ndjson-points.ts';

/** The metrics the report reads. */
export const REPORT_METRICS: ReadonlySet<string> = new Set([
  K6_METRIC.httpReqDuration,
  METRIC.retryAfterPresent,
  METRIC.retryAfterHonoured,
  METRIC.recoveryTime,
  K6_METRIC.droppedIterations,
  METRIC.sharedBudgetRefused,
  METRIC.otherBudgetUnaffected,
  METRIC.burstAnswered,
]);

/** The documented limits to compare with. */
export interface DocumentedLimits {
  perSecond: number;
  perMinute: number;
}

/** One second of the answer budget. */
export interface SecondRow {
  /** Seconds since the first request. */
  second: number;
  offered: number;
  answered: number;
  refused: number;
  other: number;
  answeredP50: number | null;
  answeredP95: number | null;
  refusedP50: number | null;
}

/** Latency of one endpoint and status. */
export interface LatencyRow {
  endpoint: string;
  status: string;
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** A yes/no tally. */
export interface Tally {
  yes: number;
  no: number;
}

/** What the report says about a run. */
export interface Characterization {
  documented: DocumentedLimits;
  startedAt: string | null;
  durationSeconds: number;
  requests: { answers: number; other: number };
  observed: {
    perSecond: number;
    perSecondAt: number | null;
    perMinute: number;
    perMinuteFrom: number | null;
  };
  first429: { second: number; offeredThatSecond: number; endpoint: string; scenario: string } | null;
  retryAfter: { present: Tally; honoured: Tally };
  recoveryMs: number[];
  budgets: { sharedRefused: Tally; otherUnaffected: Tally };
  burstAnswered: number | null;
  droppedIterations: number;
  latency: LatencyRow[];
  timeline: SecondRow[];
}

interface Second {
  offered: number;
  answered: number;
  refused: number;
  other: number;
  answeredMs: Histogram;
  refusedMs: Histogram;
}

function count(tally: Tally, value: number): void {
  if (value !== 0) tally.yes += 1;
  else tally.no += 1;
}

const ANSWER_PATH = /\/(run|run\/stream|chat\/completions|chat\/completions\/stream)(\?|$)/;

function isAnswerBudget(tags: Record<string, string>): boolean {
  if (tags.budget !== undefined) return tags.budget === 'answers';
  return ANSWER_PATH.test(tags.url ?? tags.name ?? '');
}

/** Collects points; `result()` gives the characterization. */
export class Characterizer {
  private readonly parseTime = createTimestampParser();
  private readonly seconds = new Map<number, Second>();
  private readonly latency = new Map<string, Histogram>();
  private readonly present: Tally = { yes: 0, no: 0 };
  private readonly honoured: Tally = { yes: 0, no: 0 };
  private readonly shared: Tally = { yes: 0, no: 0 };
  private readonly otherBudget: Tally = { yes: 0, no: 0 };
  private readonly recovery: number[] = [];
  private first: number = Number.POSITIVE_INFINITY;
  private last: number = Number.NEGATIVE_INFINITY;
  private firstRefusal: { at: number; endpoint: string; scenario: string } | null = null;
  private answers = 0;
  private others = 0;
  private dropped = 0;
  private burst: number | null = null;

  add(metric: string, data: PointData): void {
    switch (metric) {
      case K6_METRIC.httpReqDuration:
        this.request(this.parseTime(data.time), data.value, data.tags ?? {});
        return;
      case METRIC.retryAfterPresent:
        count(this.present, data.value);
        return;
      case METRIC.retryAfterHonoured:
        count(this.honoured, data.value);
        return;
      case METRIC.sharedBudgetRefused:
        count(this.shared, data.value);
        return;
      case METRIC.otherBudgetUnaffected:
        count(this.otherBudget, data.value);
        return;
      case METRIC.recoveryTime:
        this.recovery.push(data.value);
        return;
      case K6_METRIC.droppedIterations:
        this.dropped += data.value;
        return;
      case METRIC.burstAnswered:
        this.burst = data.value;
        return;
      default:
        return;
    }
  }

  private request(endedAt: number, durationMs: number, tags: Record<string, string>): void {
    const startedAt = endedAt - durationMs;
    if (startedAt < this.first) this.first = startedAt;
    if (endedAt > this.last) this.last = endedAt;
    if (!isAnswerBudget(tags)) {
      this.others += 1;
      return;
    }
    this.answers += 1;
    const status = tags.status ?? '0';
    const endpoint = tags.endpoint ?? tags.name ?? 'unknown';
    const key = Math.floor(startedAt / 1000);
    let second = this.seconds.get(key);
    if (second === undefined) {
      second = {
        offered: 0,
        answered: 0,
        refused: 0,
        other: 0,
        answeredMs: new Histogram(),
        refusedMs: new Histogram(),
      };
      this.seconds.set(key, second);
    }
    second.offered += 1;
    if (status.startsWith('2')) {
      second.answered += 1;
      second.answeredMs.add(durationMs);
    } else if (status === '429') {
      second.refused += 1;
      second.refusedMs.add(durationMs);
      if (this.firstRefusal === null || startedAt < this.firstRefusal.at) {
        this.firstRefusal = { at: startedAt, endpoint, scenario: tags.scenario ?? '' };
      }
    } else {
      second.other += 1;
    }
    const latencyKey = `${endpoint}\u0000${status}`;
    let histogram = this.latency.get(latencyKey);
    if (histogram === undefined) {
      histogram = new Histogram();
      this.latency.set(latencyKey, histogram);
    }
    histogram.add(durationMs);
  }

  /** The characterization of everything added so far. */
  result(documented: DocumentedLimits): Characterization {
    const keys = [...this.seconds.keys()].sort((a, b) => a - b);
    const firstSecond = keys[0] ?? 0;
    const span = keys.length === 0 ? 0 : (keys[keys.length - 1] ?? 0) - firstSecond + 1;
    const answered = new Array<number>(span).fill(0);
    const timeline: SecondRow[] = [];
    for (let offset = 0; offset < span; offset += 1) {
      const second = this.seconds.get(firstSecond + offset);
      answered[offset] = second?.answered ?? 0;
      timeline.push({
        second: offset,
        offered: second?.offered ?? 0,
        answered: second?.answered ?? 0,
        refused: second?.refused ?? 0,
        other: second?.other ?? 0,
        answeredP50: second !== undefined && second.answeredMs.count > 0 ? second.answeredMs.percentile(50) : null,
        answeredP95: second !== undefined && second.answeredMs.count > 0 ? second.answeredMs.percentile(95) : null,
        refusedP50: second !== undefined && second.refusedMs.count > 0 ? second.refusedMs.percentile(50) : null,
      });
    }
    let perSecond = 0;
    let perSecondAt: number | null = null;
    answered.forEach((count, offset) => {
      if (count > perSecond) [perSecond, perSecondAt] = [count, offset];
    });
    // Sliding 60-second window over whole seconds.
    let perMinute = 0;
    let perMinuteFrom: number | null = null;
    let window = 0;
    for (let offset = 0; offset < span; offset += 1) {
      window += answered[offset] ?? 0;
      if (offset >= 60) window -= answered[offset - 60] ?? 0;
      if (window > perMinute) [perMinute, perMinuteFrom] = [window, Math.max(0, offset - 59)];
    }
    const refusal = this.firstRefusal;
    const refusalSecond = refusal === null ? null : Math.floor(refusal.at / 1000) - firstSecond;
    const latency = [...this.latency.entries()]
      .map(([key, histogram]) => {
        const [endpoint = '', status = ''] = key.split('\u0000');
        return {
          endpoint,
          status,
          count: histogram.count,
          p50: histogram.percentile(50),
          p90: histogram.percentile(90),
          p95: histogram.percentile(95),
          p99: histogram.percentile(99),
          max: histogram.max,
        };
      })
      .sort((a, b) => a.endpoint.localeCompare(b.endpoint) || a.status.localeCompare(b.status));
    return {
      documented,
      startedAt: Number.isFinite(this.first) ? new Date(this.first).toISOString() : null,
      durationSeconds: Number.isFinite(this.first) ? (this.last - this.first) / 1000 : 0,
      requests: { answers: this.answers, other: this.others },
      observed: { perSecond, perSecondAt, perMinute, perMinuteFrom },
      first429:
        refusal === null || refusalSecond === null
          ? null
          : {
              second: (refusal.at - firstSecond * 1000) / 1000,
              offeredThatSecond: timeline[refusalSecond]?.offered ?? 0,
              endpoint: refusal.endpoint,
              scenario: refusal.scenario,
            },
      retryAfter: { present: { ...this.present }, honoured: { ...this.honoured } },
      recoveryMs: [...this.recovery].sort((a, b) => a - b),
      budgets: { sharedRefused: { ...this.shared }, otherUnaffected: { ...this.otherBudget } },
      burstAnswered: this.burst,
      droppedIterations: this.dropped,
      latency,
      timeline,
    };
  }
}
