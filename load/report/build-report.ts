// Reads one k6 JSON output file as a stream and writes the rate-limit characterization: Markdown,
// HTML and the charts as SVG.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Characterization, DocumentedLimits } from './characterize.ts';
import { Characterizer, REPORT_METRICS } from './characterize.ts';
import type { NamedChart } from './charts.ts';
import { reportCharts } from './charts.ts';
import { findings, limitRows } from './findings.ts';
import { htmlReport } from './html.ts';
import type { ScanStats } from './ndjson-points.ts';
import { openK6Output, scanPoints } from './ndjson-points.ts';

// The report as Markdown, with the charts as SVG files next to it.
function ms(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

/** Markdown for the characterization; `chartFile` names the SVG file of a chart. */
function markdownReport(
  result: Characterization,
  source: string,
  charts: NamedChart[],
  chartFile: (chart: NamedChart) => string,
): string {
  const lines: string[] = [];
  lines.push('# Rate-limit characterization', '');
  lines.push(
    `Source: \`${source}\`: ${result.requests.answers} requests on the answer budget, ${result.requests.other} others; ` +
      `started ${result.startedAt ?? 'n/a'}, ${Math.round(result.durationSeconds)} s.`,
    '',
  );
  lines.push('| window | documented | observed | |', '|---|---:|---:|---|');
  for (const row of limitRows(result))
    lines.push(`| ${row.window} | ${row.documented} | ${row.observed} | ${row.verdict} |`);
  lines.push('');
  for (const finding of findings(result)) lines.push(`- ${finding}`);
  lines.push('');
  for (const chart of charts)
    lines.push(`## ${chart.title}`, '', `![${chart.title}](${chartFile(chart)})`, '', chart.caption, '');
  lines.push(
    '## Latency by status (ms)',
    '',
    '| endpoint | status | count | p50 | p90 | p95 | p99 | max |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const row of result.latency) {
    lines.push(
      `| ${row.endpoint} | ${row.status} | ${row.count} | ${ms(row.p50)} | ${ms(row.p90)} | ${ms(row.p95)} | ${ms(row.p99)} | ${ms(row.max)} |`,
    );
  }
  lines.push('', 'Percentiles come from 1%-wide buckets; requests count at the second they started.', '');
  return lines.join('\n');
}

/** Where to read and write. */
export interface ReportRequest {
  input: string;
  outDir: string;
  name: string;
  documented: DocumentedLimits;
}

/** What was read and written. */
export interface ReportOutcome {
  result: Characterization;
  stats: ScanStats;
  files: string[];
}

/** Builds the report files for one k6 JSON output file. */
export async function buildReport(request: ReportRequest): Promise<ReportOutcome> {
  const characterizer = new Characterizer();
  const stats = await scanPoints(openK6Output(request.input), REPORT_METRICS, (metric, data) =>
    characterizer.add(metric, data),
  );
  if (stats.lines === 0)
    throw new Error(`${request.input} is empty; expected the file k6 wrote with --out json=<file>.`);
  const result = characterizer.result(request.documented);
  const charts = reportCharts(result);
  mkdirSync(request.outDir, { recursive: true });
  const chartFile = (chart: { name: string }): string => `${request.name}-${chart.name}.svg`;
  const files: string[] = [];
  const write = (file: string, content: string): void => {
    const path = join(request.outDir, file);
    writeFileSync(path, content);
    files.push(path);
  };
  write(`${request.name}.md`, markdownReport(result, request.input, charts, chartFile));
  write(`${request.name}.html`, htmlReport(result, request.input, charts));
  for (const chart of charts) write(chartFile(chart), `${chart.svg}\n`);
  return { result, stats, files };
}
