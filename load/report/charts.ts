// The three charts of the report, from the per-second timeline: what was answered and refused each
// second, the 429 share against the rate offered, and latency over time. Each comes with a caption
// that states what the chart shows in figures, so the caption says something the title does not.
import type { Characterization, LatencyRow } from './characterize.ts';
import { chart } from './svg-chart.ts';

/** Chart name (used for the SVG file name), its title, what it shows in words, and its SVG. */
export interface NamedChart {
  name: string;
  title: string;
  caption: string;
  svg: string;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const percent = (part: number, whole: number) => (whole === 0 ? 0 : round((part / whole) * 100));
const COLORS = { answered: '#2ca02c', refused: '#d62728', other: '#7f7f7f', limit: '#444444' } as const;

function share(refused: number, offered: number): number | null {
  return offered === 0 ? null : (refused / offered) * 100;
}

function offeredChart(result: Characterization): NamedChart {
  const rows = result.timeline;
  const answered = rows.reduce((n, row) => n + row.answered, 0);
  const refused = rows.reduce((n, row) => n + row.refused, 0);
  const other = rows.reduce((n, row) => n + row.other, 0);
  const first = result.first429;
  const title = `Requests a second on the answer budget: answered and refused with 429${other ? ', and other answers' : ''}`;
  return {
    name: 'offered',
    title,
    caption:
      `${answered} answered, ${refused} refused with 429${other ? `, ${other} other` : ''} in ${Math.round(result.durationSeconds)} s. ` +
      `At most ${result.observed.perSecond} answered in one second (documented ${result.documented.perSecond})` +
      (first === null
        ? '; no 429.'
        : `; the first 429 came at ${round(first.second, 2)} s, with ${first.offeredThatSecond} requests offered in that second.`),
    svg: chart({
      title,
      xLabel: 'seconds since the first request',
      leftLabel: 'requests in the second',
      series: [
        {
          name: 'answered',
          color: COLORS.answered,
          style: 'bars',
          points: rows.map((row) => [row.second, row.answered]),
        },
        {
          name: 'refused (429)',
          color: COLORS.refused,
          style: 'bars',
          points: rows.map((row) => [row.second, row.answered + row.refused]),
          base: rows.map((row) => row.answered),
        },
        ...(other === 0
          ? []
          : [
              {
                name: 'other answers',
                color: COLORS.other,
                style: 'bars' as const,
                points: rows.map((row): [number, number] => [row.second, row.offered]),
                base: rows.map((row) => row.answered + row.refused),
              },
            ]),
        {
          name: `documented ${result.documented.perSecond} / s`,
          color: COLORS.limit,
          style: 'dashed',
          points: [
            [0, result.documented.perSecond],
            [Math.max(1, rows.length), result.documented.perSecond],
          ],
        },
      ],
    }),
  };
}

function shareByRateChart(result: Characterization): NamedChart {
  const busy = result.timeline.filter((row) => row.offered > 0);
  // Seconds with the same rate and share are one dot, larger the more seconds it stands for.
  const dots = new Map<string, { offered: number; share: number; seconds: number }>();
  for (const row of busy) {
    const value = share(row.refused, row.offered) ?? 0;
    const key = `${row.offered}:${Math.round(value)}`;
    const dot = dots.get(key) ?? { offered: row.offered, share: value, seconds: 0 };
    dot.seconds += 1;
    dots.set(key, dot);
  }
  const limit = result.documented.perSecond;
  const part = (keep: (offered: number) => boolean) => {
    const rows = busy.filter((row) => keep(row.offered));
    const offered = rows.reduce((n, row) => n + row.offered, 0);
    return {
      seconds: rows.length,
      refused: percent(
        rows.reduce((n, row) => n + row.refused, 0),
        offered,
      ),
    };
  };
  const below = part((offered) => offered <= limit);
  const above = part((offered) => offered > limit);
  const title = '429 share against the rate offered (a dot per rate and share; larger: more seconds)';
  const words = (p: { seconds: number; refused: number }, where: string) =>
    p.seconds === 0
      ? `no second ${where}`
      : `${p.refused}% refused in the ${p.seconds === 1 ? 'second' : `${p.seconds} seconds`} ${where}`;
  return {
    name: 'share-by-rate',
    title,
    caption:
      `${words(below, `with at most ${limit} requests offered`)}; ${words(above, 'with more')}.` +
      (below.refused > 0
        ? ' A 429 at or below the per-second limit means another window was spent, such as the minute’s.'
        : ''),
    svg: chart({
      title,
      xLabel: 'requests offered in the second',
      leftLabel: '429 share (%)',
      leftMax: 100,
      markers: [{ x: limit, label: `documented ${limit} / s`, color: COLORS.limit }],
      series: [
        {
          name: 'seconds',
          color: COLORS.refused,
          style: 'dots',
          points: [...dots.values()].map((dot) => [dot.offered, dot.share]),
          sizes: [...dots.values()].map((dot) => dot.seconds),
        },
      ],
    }),
  };
}

/** The row of `status` with the most requests, over the answer-budget endpoints. */
function busiest(rows: LatencyRow[], status: string): LatencyRow | undefined {
  return rows.filter((row) => row.status === status).sort((a, b) => b.count - a.count)[0];
}

function latencyChart(result: Characterization): NamedChart {
  const rows = result.timeline;
  const ok = busiest(result.latency, '200');
  const refused = busiest(result.latency, '429');
  const title = 'Latency over time on the answer budget, by the second a request started';
  const parts = [
    ok
      ? `Answers took ${round(ok.p50)} ms at the median and ${round(ok.p95)} ms at p95 (${ok.endpoint}, ${ok.count} answers)`
      : 'No answer',
    refused ? `429s came back in ${round(refused.p50)} ms at the median` : 'no 429',
  ];
  return {
    name: 'latency',
    title,
    caption: `${parts.join('; ')}.`,
    svg: chart({
      title,
      xLabel: 'seconds since the first request',
      leftLabel: 'ms',
      series: [
        { name: 'answered p50', color: '#1f77b4', points: rows.map((row) => [row.second, row.answeredP50]) },
        {
          name: 'answered p95',
          color: '#ff7f0e',
          style: 'dashed',
          points: rows.map((row) => [row.second, row.answeredP95]),
        },
        {
          name: '429 p50',
          color: COLORS.refused,
          style: 'dots',
          points: rows.map((row) => [row.second, row.refusedP50]),
        },
      ],
    }),
  };
}

/** The report's charts. */
export function reportCharts(result: Characterization): NamedChart[] {
  return [offeredChart(result), shareByRateChart(result), latencyChart(result)];
}
