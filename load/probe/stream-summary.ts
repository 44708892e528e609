// What the streaming probe found, for people (text), for machines (JSON) and as a chart in the load
// report's style (load/report/svg-chart.ts): per stream, the time to the response headers, to the
// first NDJSON line and to the last one.
import { chart } from '../report/svg-chart.ts';
import type { ProbeRun } from './stream-probe.ts';

/** Exact order statistics of a few values (the probe sends at most 100 streams). */
export interface Stats {
  count: number;
  min: number | null;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** Nearest-rank percentiles. */
export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number): number | null =>
    sorted.length === 0 ? null : (sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null);
  return {
    count: sorted.length,
    min: sorted[0] ?? null,
    p50: rank(50),
    p95: rank(95),
    max: sorted[sorted.length - 1] ?? null,
  };
}

/** The JSON summary (no key, no line content). */
export interface ProbeSummary {
  target: string;
  assistantId: string;
  plan: ProbeRun['plan'];
  streams: number;
  refused: number;
  cutShort: boolean;
  statuses: Record<string, number>;
  headersMs: Stats;
  firstLineMs: Stats;
  lastLineMs: Stats;
  gapMs: Stats;
  linesPerStream: Stats;
  invalidLines: number;
  violations: Array<{ stream: number; check: string; title: string; pointer?: string; message: string }>;
  perStream: Array<{
    status: number;
    headersMs: number;
    firstLineMs: number | null;
    lastLineMs: number | null;
    totalMs: number;
    lines: number;
    maxGapMs: number | null;
  }>;
}

const round = (value: number): number => Math.round(value * 100) / 100;

/** Summarises a probe run. */
export function summarize(run: ProbeRun): ProbeSummary {
  const answered = run.streams.filter((stream) => stream.status === 200);
  const present = (values: Array<number | null>): number[] =>
    values.filter((value): value is number => value !== null).map(round);
  const statuses: Record<string, number> = {};
  for (const stream of run.streams) statuses[String(stream.status)] = (statuses[String(stream.status)] ?? 0) + 1;
  return {
    target: run.target,
    assistantId: run.assistantId,
    plan: run.plan,
    streams: run.streams.length,
    refused: run.refused,
    cutShort: run.cutShort,
    statuses,
    headersMs: stats(answered.map((stream) => round(stream.headersMs))),
    firstLineMs: stats(present(answered.map((stream) => stream.firstLineMs))),
    lastLineMs: stats(present(answered.map((stream) => stream.lastLineMs))),
    gapMs: stats(answered.flatMap((stream) => stream.gapsMs.map(round))),
    linesPerStream: stats(answered.map((stream) => stream.lines)),
    invalidLines: run.streams.reduce((sum, stream) => sum + stream.invalidLines.length, 0),
    violations: run.streams.flatMap((stream, index) =>
      stream.violations.map(({ check, title, pointer, message }) => ({
        stream: index + 1,
        check,
        title,
        pointer,
        message,
      })),
    ),
    perStream: run.streams.map((stream) => ({
      status: stream.status,
      headersMs: round(stream.headersMs),
      firstLineMs: stream.firstLineMs === null ? null : round(stream.firstLineMs),
      lastLineMs: stream.lastLineMs === null ? null : round(stream.lastLineMs),
      totalMs: round(stream.totalMs),
      lines: stream.lines,
      // A loop, not Math.max(...gaps): a stream of 100,000 lines would overflow the call stack.
      maxGapMs: stream.gapsMs.length === 0 ? null : round(stream.gapsMs.reduce((a, b) => Math.max(a, b))),
    })),
  };
}

function line(name: string, value: Stats, unit = ' ms'): string {
  const show = (n: number | null): string => (n === null ? 'n/a' : `${n}${unit}`);
  return `  ${name.padEnd(22)} p50 ${show(value.p50)}  p95 ${show(value.p95)}  max ${show(value.max)}  (${value.count})`;
}

/** The text summary. */
export function textSummary(summary: ProbeSummary): string {
  const ok =
    summary.violations.length === 0 && summary.streams > 0 && (summary.statuses['200'] ?? 0) === summary.streams;
  const lines = [
    `stream probe against ${summary.target}: ${summary.streams} streams (${summary.plan.perMinute}/min, at most ${summary.plan.count} in ${summary.plan.maxSeconds} s)` +
      `${summary.cutShort ? ', cut short by the deadline or an error' : ''}; ${ok ? 'every line kept the contract' : 'NOT CLEAN'}`,
    `  statuses: ${
      Object.entries(summary.statuses)
        .map(([status, n]) => `${status} x${n}`)
        .join(', ') || 'none'
    }${summary.refused > 0 ? `; ${summary.refused} refused with 429 and waited out` : ''}`,
    line('time to headers', summary.headersMs),
    line('time to first line', summary.firstLineMs),
    line('time to last line', summary.lastLineMs),
    line('gap between lines', summary.gapMs),
    line('lines per answer', summary.linesPerStream, ''),
    `  contract: ${summary.invalidLines} lines broke it as they arrived; ${summary.violations.length} violations in all`,
  ];
  for (const found of summary.violations.slice(0, 10))
    lines.push(
      `    stream ${found.stream}: ${found.title} [${found.check}]${found.pointer ? ` at ${found.pointer}` : ''}: ${found.message}`,
    );
  return `${lines.join('\n')}\n`;
}

/** The chart: per stream, time to headers, first line and last line. */
export function probeChart(summary: ProbeSummary): string {
  const points = (pick: (row: ProbeSummary['perStream'][number]) => number | null): Array<[number, number | null]> =>
    summary.perStream.map((row, index) => [index + 1, pick(row)]);
  return chart({
    title: 'run/stream: time to headers, first NDJSON line and last line',
    xLabel: 'stream',
    leftLabel: 'ms since the request',
    series: [
      { name: 'headers', color: '#888888', points: points((row) => row.headersMs), style: 'dashed' },
      { name: 'first line', color: '#1f77b4', points: points((row) => row.firstLineMs) },
      { name: 'last line', color: '#d62728', points: points((row) => row.lastLineMs) },
    ],
  });
}
