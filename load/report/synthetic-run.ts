// A k6 `--out json` file of a simulated rate-limit run, line for line in k6's format: Metric lines,
// then per request the nine http_req_* points with k6's system tags plus the suite's custom ones,
// iteration and data points, a vus gauge each second. An API with a sliding one-second and
// one-minute window answers, so the report must find exactly those limits again. Used by the
// benchmark (a million lines) and by the report's tests.

import { seededRandom as random } from '../../contracts/lib/seeded-random.ts';
import { errorCodeMetricName, K6_METRIC, METRIC } from '../lib/metric-names.ts';

/** k6 1.x wrote the envelope as type, data, metric; k6 2.x (encoding/json) writes metric first. */
export type FieldOrder = 'k6-v1' | 'k6-v2';

/** One phase of offered load. */
export interface Phase {
  scenario: string;
  from: number;
  to: number;
  /** Requests per second at the start and the end (linear in between). */
  rate: [number, number];
  /** All requests of the phase at once, at `from` (a burst). */
  burst?: number;
}

/** The simulated run. */
export interface SyntheticRun {
  limits: { perSecond: number; perMinute: number };
  phases: Phase[];
  order?: FieldOrder;
  /** Epoch ms of the first second. */
  start?: number;
  /** Zone offset written in the timestamps, in minutes (k6 writes local time). */
  zoneMinutes?: number;
  /** Repeat the last phase until at least this many lines are written. */
  minLines?: number;
}

const HTTP_METRICS: Array<[string, string, string]> = [
  ['http_reqs', 'counter', 'default'],
  [K6_METRIC.httpReqDuration, 'trend', 'time'],
  ['http_req_blocked', 'trend', 'time'],
  ['http_req_connecting', 'trend', 'time'],
  ['http_req_tls_handshaking', 'trend', 'time'],
  ['http_req_sending', 'trend', 'time'],
  ['http_req_waiting', 'trend', 'time'],
  ['http_req_receiving', 'trend', 'time'],
  [K6_METRIC.httpReqFailed, 'rate', 'default'],
];

/** Go's RFC3339Nano in a fixed zone: trailing zeros of the fraction trimmed. */
export function rfc3339Nano(epochMs: number, zoneMinutes: number): string {
  const local = new Date(Math.floor(epochMs) + zoneMinutes * 60_000).toISOString().slice(0, 19);
  const nanos = Math.round((epochMs - Math.floor(epochMs / 1000) * 1000) * 1e6);
  const fraction = nanos === 0 ? '' : `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
  const sign = zoneMinutes < 0 ? '-' : '+';
  const abs = Math.abs(zoneMinutes);
  const zone =
    zoneMinutes === 0
      ? 'Z'
      : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local}${fraction}${zone}`;
}

/** The lines of the simulated run, in order. */
export function* syntheticK6Output(run: SyntheticRun): Generator<string> {
  const order = run.order ?? 'k6-v2';
  const start = run.start ?? Date.UTC(2025, 0, 15, 9, 0, 0);
  const zone = run.zoneMinutes ?? 60;
  const next = random(42);
  const declared = new Set<string>();
  const admitted: number[] = [];
  let lines = 0;

  const metric = (name: string, type: string, contains: string): string | null => {
    if (declared.has(name)) return null;
    declared.add(name);
    return `{"type":"Metric","data":{"name":"${name}","type":"${type}","contains":"${contains}","thresholds":[],"submetrics":null},"metric":"${name}"}`;
  };
  const point = (name: string, at: number, value: number, tags: string): string => {
    const data = `{"time":"${rfc3339Nano(at, zone)}","value":${value},"tags":${tags}}`;
    return order === 'k6-v1'
      ? `{"type":"Point","data":${data},"metric":"${name}"}`
      : `{"metric":"${name}","type":"Point","data":${data}}`;
  };
  const admit = (at: number): boolean => {
    while (admitted.length > 0 && (admitted[0] ?? 0) <= at - 60_000) admitted.shift();
    let inSecond = 0;
    for (let index = admitted.length - 1; index >= 0 && (admitted[index] ?? 0) > at - 1000; index -= 1) inSecond += 1;
    if (inSecond >= run.limits.perSecond || admitted.length >= run.limits.perMinute) return false;
    admitted.push(at);
    return true;
  };

  function* request(at: number, scenario: string, sequence: number): Generator<string> {
    const ok = admit(at);
    const status = ok ? '200' : '429';
    const duration = ok ? 140 + next() * 60 : 2 + next() * 3;
    const end = at + duration;
    const thread = `6f1c2d3e-4a5b-4c6d-8e9f-${sequence.toString(16).padStart(12, '0')}`;
    const tags =
      `{"budget":"answers","endpoint":"createRun","expected_response":"true","group":"","method":"POST",` +
      `"name":"POST /v1/threads/{thread_id}/run","proto":"HTTP/1.1","scenario":"${scenario}","status":"${status}",` +
      `"url":"http://127.0.0.1:4010/v1/threads/${thread}/run"}`;
    const waiting = duration - 0.2;
    const values = [1, duration, 0.004, 0, 0, 0.05, waiting, 0.15, 0];
    for (let index = 0; index < HTTP_METRICS.length; index += 1) {
      const [name, type, contains] = HTTP_METRICS[index] ?? ['', '', ''];
      const declaration = metric(name, type, contains);
      if (declaration !== null) yield declaration;
      yield point(name, end, values[index] ?? 0, tags);
    }
    const plain = `{"group":"","scenario":"${scenario}"}`;
    const custom: Array<[string, string, string, number, string]> = [
      [
        METRIC.rateLimited,
        'rate',
        'default',
        ok ? 0 : 1,
        `{"endpoint":"createRun","group":"","scenario":"${scenario}"}`,
      ],
      [
        K6_METRIC.checks,
        'rate',
        'default',
        1,
        `{"check":"createRun: status is expected","endpoint":"createRun","group":"","scenario":"${scenario}"}`,
      ],
      ['data_sent', 'counter', 'data', 412, plain],
      ['data_received', 'counter', 'data', ok ? 1180 : 310, plain],
      ['iteration_duration', 'trend', 'time', duration + 0.3, plain],
      ['iterations', 'counter', 'default', 1, plain],
    ];
    if (!ok) {
      custom.push([
        METRIC.retryAfterPresent,
        'rate',
        'default',
        1,
        `{"endpoint":"createRun","group":"","scenario":"${scenario}"}`,
      ]);
      custom.push([
        errorCodeMetricName('rate_limit_gateway'),
        'counter',
        'default',
        1,
        `{"endpoint":"createRun","group":"","scenario":"${scenario}","status":"429"}`,
      ]);
    }
    for (const [name, type, contains, value, tagText] of custom) {
      const declaration = metric(name, type, contains);
      if (declaration !== null) yield declaration;
      yield point(name, end, value, tagText);
    }
  }

  let sequence = 0;
  let vusSecond = -1;
  const phases = [...run.phases];
  for (let index = 0; index < phases.length; index += 1) {
    const phase = phases[index];
    if (phase === undefined) break;
    const times: number[] = [];
    if (phase.burst !== undefined) {
      for (let n = 0; n < phase.burst; n += 1) times.push(phase.from + n * 0.0004);
    } else {
      // Arrivals at the (linearly changing) rate.
      for (let t = phase.from; t < phase.to; ) {
        times.push(t);
        const progress = (t - phase.from) / (phase.to - phase.from);
        const rate = phase.rate[0] + (phase.rate[1] - phase.rate[0]) * progress;
        t += 1 / Math.max(rate, 0.001);
      }
    }
    for (const time of times) {
      const at = start + time * 1000;
      const second = Math.floor(time);
      if (second !== vusSecond) {
        vusSecond = second;
        const declaration = metric('vus', 'gauge', 'default');
        if (declaration !== null) {
          lines += 1;
          yield declaration;
        }
        lines += 1;
        yield point('vus', start + second * 1000, 3, 'null');
      }
      sequence += 1;
      for (const line of request(at, phase.scenario, sequence)) {
        lines += 1;
        yield line;
      }
    }
    const last = index === phases.length - 1;
    if (last && run.minLines !== undefined && lines < run.minLines) {
      const length = phase.to - phase.from;
      phases.push({ ...phase, from: phase.to, to: phase.to + length });
    }
  }
}
