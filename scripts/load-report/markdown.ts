// The report as Markdown, with the charts as SVG files next to it.
import type { Characterization } from './characterize.ts';
import type { NamedChart } from './charts.ts';
import { findings, limitRows } from './findings.ts';

function ms(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

/** Markdown for the characterization; `chartFile` names the SVG file of a chart. */
export function markdownReport(result: Characterization, source: string, charts: NamedChart[], chartFile: (chart: NamedChart) => string): string {
  const lines: string[] = [];
  lines.push('# Rate-limit characterization', '');
  lines.push(
    `Source: \`${source}\`: ${result.requests.answers} requests on the answer budget, ${result.requests.other} others; ` +
      `started ${result.startedAt ?? 'n/a'}, ${Math.round(result.durationSeconds)} s.`,
    '',
  );
  lines.push('| window | documented | observed | |', '|---|---:|---:|---|');
  for (const row of limitRows(result)) lines.push(`| ${row.window} | ${row.documented} | ${row.observed} | ${row.verdict} |`);
  lines.push('');
  for (const finding of findings(result)) lines.push(`- ${finding}`);
  lines.push('');
  for (const chart of charts) lines.push(`## ${chart.title}`, '', `![${chart.title}](${chartFile(chart)})`, '');
  lines.push('## Latency by status (ms)', '', '| endpoint | status | count | p50 | p90 | p95 | p99 | max |', '|---|---|---:|---:|---:|---:|---:|---:|');
  for (const row of result.latency) {
    lines.push(`| ${row.endpoint} | ${row.status} | ${row.count} | ${ms(row.p50)} | ${ms(row.p90)} | ${ms(row.p95)} | ${ms(row.p99)} | ${ms(row.max)} |`);
  }
  lines.push('', 'Percentiles come from 1%-wide buckets; requests count at the second they started.', '');
  return lines.join('\n');
}
