// The three charts of the report, from the per-second timeline: offered rate and 429 share over
// time, 429 share against offered rate, and latency over time.
import type { Characterization } from './characterize.ts';
import { chart } from './svg-chart.ts';

/** Chart name (used for the SVG file name) and its SVG. */
export interface NamedChart {
  name: string;
  title: string;
  svg: string;
}

function share(refused: number, offered: number): number | null {
  return offered === 0 ? null : (refused / offered) * 100;
}

/** The report's charts. */
export function reportCharts(result: Characterization): NamedChart[] {
  const rows = result.timeline;
  const span = rows.length === 0 ? 1 : rows.length - 1;
  const offered = {
    name: 'offered',
    title: 'Offered rate and 429 share over time',
    svg: chart({
      title: 'Offered rate and 429 share over time (answer budget)',
      xLabel: 'seconds since the first request',
      leftLabel: 'requests per second',
      rightLabel: '429 share (%)',
      rightMax: 100,
      series: [
        { name: 'offered / s', color: '#1f77b4', points: rows.map((row) => [row.second, row.offered]) },
        { name: 'answered / s', color: '#2ca02c', points: rows.map((row) => [row.second, row.answered]) },
        {
          name: `documented ${result.documented.perSecond} / s`,
          color: '#7f7f7f',
          style: 'dashed',
          points: [
            [0, result.documented.perSecond],
            [span, result.documented.perSecond],
          ],
        },
        {
          name: '429 share %',
          color: '#d62728',
          axis: 'right',
          points: rows.map((row) => [row.second, share(row.refused, row.offered)]),
        },
      ],
    }),
  };
  const byRate = {
    name: 'share-by-rate',
    title: '429 share against offered rate',
    svg: chart({
      title: '429 share against offered rate (one dot a second)',
      xLabel: 'requests offered in the second',
      leftLabel: '429 share (%)',
      leftMax: 100,
      series: [
        {
          name: 'seconds',
          color: '#d62728',
          style: 'dots',
          points: rows.filter((row) => row.offered > 0).map((row) => [row.offered, share(row.refused, row.offered)]),
        },
      ],
    }),
  };
  const latency = {
    name: 'latency',
    title: 'Latency over time',
    svg: chart({
      title: 'Latency over time (answer budget, by start second)',
      xLabel: 'seconds since the first request',
      leftLabel: 'ms',
      series: [
        { name: 'answered p50', color: '#2ca02c', points: rows.map((row) => [row.second, row.answeredP50]) },
        { name: 'answered p95', color: '#98df8a', points: rows.map((row) => [row.second, row.answeredP95]) },
        { name: '429 p50', color: '#d62728', style: 'dots', points: rows.map((row) => [row.second, row.refusedP50]) },
      ],
    }),
  };
  return [offered, byRate, latency];
}
