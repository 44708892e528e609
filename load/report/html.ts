// The report as one self-contained HTML file, charts inline.
import { escapeHtml } from '../../contracts/lib/html-page.ts';
import type { Characterization } from './characterize.ts';
import type { NamedChart } from './charts.ts';
import { findings, limitRows } from './findings.ts';

function ms(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

/** HTML for the characterization. */
export function htmlReport(result: Characterization, source: string, charts: NamedChart[]): string {
  const limits = limitRows(result)
    .map(
      (row) =>
        `<tr><td>${row.window}</td><td>${row.documented}</td><td>${row.observed}</td><td>${escapeHtml(row.verdict)}</td></tr>`,
    )
    .join('\n');
  const latency = result.latency
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.endpoint)}</td><td>${escapeHtml(row.status)}</td><td>${row.count}</td><td>${ms(row.p50)}</td><td>${ms(row.p90)}</td>` +
        `<td>${ms(row.p95)}</td><td>${ms(row.p99)}</td><td>${ms(row.max)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Rate-limit characterization</title>
<style>
body { font-family: sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
td:first-child, th:first-child { text-align: left; }
figure { margin: 1.5em 0; }
figcaption { color: #444; margin-top: 0.3em; }
figure svg { display: block; width: 100%; height: auto; }
</style>
</head>
<body>
<h1>Rate-limit characterization</h1>
<p>Source: <code>${escapeHtml(source)}</code>: ${result.requests.answers} requests on the answer budget, ${result.requests.other} others;
started ${escapeHtml(result.startedAt ?? 'n/a')}, ${Math.round(result.durationSeconds)} s.</p>
<table>
<tr><th>window</th><th>documented</th><th>observed</th><th></th></tr>
${limits}
</table>
<ul>
${findings(result)
  .map((finding) => `<li>${escapeHtml(finding)}</li>`)
  .join('\n')}
</ul>
${charts.map((chart) => `<figure>\n${chart.svg}\n<figcaption>${escapeHtml(chart.caption)}</figcaption>\n</figure>`).join('\n')}
<h2>Latency by status (ms)</h2>
<table>
<tr><th>endpoint</th><th>status</th><th>count</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>max</th></tr>
${latency}
</table>
<p>Percentiles come from 1%-wide buckets; requests count at the second they started.</p>
</body>
</html>
`;
}
