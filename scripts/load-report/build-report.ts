// Reads one k6 JSON output file as a stream and writes the rate-limit characterization: Markdown,
// HTML and the charts as SVG.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Characterizer, REPORT_METRICS } from './characterize.ts';
import type { Characterization, DocumentedLimits } from './characterize.ts';
import { reportCharts } from './charts.ts';
import { htmlReport } from './html.ts';
import { markdownReport } from './markdown.ts';
import { openK6Output, scanPoints } from './ndjson-points.ts';
import type { ScanStats } from './ndjson-points.ts';

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
  const stats = await scanPoints(openK6Output(request.input), REPORT_METRICS, (metric, data) => characterizer.add(metric, data));
  if (stats.lines === 0) throw new Error(`${request.input} is empty; expected the file k6 wrote with --out json=<file>.`);
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
