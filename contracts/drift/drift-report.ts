// drift.json, drift.md and drift.html: every divergence with its step, both answers' shapes, the
// curl line and the assumptions behind it. Shapes and statuses only: no body content.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { servedHtml } from '../ledger/served-html.ts';
import { escapeHtml, htmlPage } from '../lib/html-page.ts';
import { type ServedComparison, servedMarkdown } from '../openapi-diff/served-report.ts';
import type { AnswerSummary, Difference } from './compare-answers.ts';
import type { Divergence, DriftResult } from './run-drift.ts';

/** The report as written to drift.json. */
export interface DriftReport extends DriftResult {
  target: { baseURL: string };
  /** The generated sequences replayed after the named scenarios (count 0: none). */
  generated: { seed: number; count: number };
  /** `bothAllowed`: divergent steps whose two answers the docs both allow. */
  summary: { scenarios: number; skipped: number; steps: number; divergences: number; bothAllowed: number };
  /** What first contact found about the target's own OpenAPI document. */
  served?: ServedComparison;
}

/** Builds the report of a drift run. */
export function driftReport(
  result: DriftResult,
  baseURL: string,
  generated: DriftReport['generated'],
  served?: ServedComparison,
): DriftReport {
  const ran = result.scenarios.filter((s) => s.skipped === undefined);
  return {
    target: { baseURL },
    ...(served ? { served } : {}),
    generated,
    summary: {
      scenarios: ran.length,
      skipped: result.scenarios.length - ran.length,
      steps: ran.reduce((n, s) => n + s.steps, 0),
      divergences: result.divergences.length,
      bothAllowed: result.divergences.filter((d) => d.bothAllowed).length,
    },
    ...result,
  };
}

/** The line every rendering starts with. */
export function driftSummaryLine(report: DriftReport): string {
  const { scenarios, skipped, steps, divergences, bothAllowed } = report.summary;
  const verdict =
    divergences === 0
      ? 'no divergence'
      : `${divergences} divergent step(s)${bothAllowed ? ` (${bothAllowed} where the docs allow both answers)` : ''}`;
  return `${verdict}: ${steps} steps of ${scenarios} scenarios compared with the embedded mock${skipped ? `, ${skipped} skipped` : ''}`;
}

function describe(d: Difference): string {
  return `${d.aspect}${d.at !== undefined ? ` ${d.at || '(root)'}` : ''}: target ${d.target ?? 'absent'}, mock ${d.mock ?? 'absent'}`;
}

function answerLine(a: AnswerSummary): string {
  return `${a.status}${a.errorCode ? ` ${a.errorCode}` : ''}, ${a.contentType ?? 'no content type'}${a.headers.length ? `, headers ${a.headers.join(', ')}` : ''}`;
}

function shapeLines(a: AnswerSummary): string[] {
  return Object.entries(a.shape).map(([path, type]) => `${path || '(root)'}: ${type}`);
}

function divergenceMarkdown(d: Divergence): string[] {
  const lines = [`### ${d.scenario}, step ${d.step} (${d.operationId})`, ''];
  for (const x of d.differences) lines.push(`- ${describe(x)}`);
  lines.push('', `Target: ${answerLine(d.target)}. Mock: ${answerLine(d.mock)}.`, '');
  if (d.bothAllowed) lines.push(`Both answers are documented ones: ${d.bothAllowed}.`, '');
  lines.push(
    d.assumptions.length
      ? `Assumptions behind it: ${d.assumptions.map((a) => `\`${a.id}\` (${a.reason})`).join('; ')}`
      : 'Assumptions behind it: none (the docs are explicit here).',
    '',
  );
  lines.push('```sh', d.curl, '```', '', '<details><summary>shapes</summary>', '', '| target | mock |', '|---|---|');
  const [a, b] = [shapeLines(d.target), shapeLines(d.mock)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) lines.push(`| ${a[i] ?? ''} | ${b[i] ?? ''} |`);
  lines.push('', '</details>', '');
  return lines;
}

/** The report as Markdown. */
export function driftMarkdown(report: DriftReport): string {
  const lines = [
    '# Drift between the API and the mock',
    '',
    `**${driftSummaryLine(report)}**`,
    '',
    `Target: ${report.target.baseURL}`,
    '',
  ];
  lines.push('| scenario | source | steps | divergent steps |', '|---|---|---|---|');
  for (const s of report.scenarios)
    lines.push(`| ${s.name} | ${s.source} | ${s.steps} | ${s.skipped ? `skipped: ${s.skipped}` : s.divergences} |`);
  lines.push(
    '',
    report.generated.count
      ? `Generated sequences: ${report.generated.count} of seed ${report.generated.seed}.`
      : 'No generated sequences (--sequences 0, or no assistant label both sides know).',
  );
  lines.push('');
  if (report.divergences.length) lines.push('## Divergences', '', ...report.divergences.flatMap(divergenceMarkdown));
  if (report.notes.length) lines.push('## Notes', '', ...report.notes.map((n) => `- ${n}`), '');
  if (report.served) lines.push(...servedMarkdown(report.served, 'drift.md'));
  return `${lines.join('\n')}\n`;
}

function divergenceHtml(d: Divergence): string {
  const diffs = d.differences
    .map((x) => `<li data-aspect="${escapeHtml(x.aspect)}">${escapeHtml(describe(x))}</li>`)
    .join('');
  const behind = d.assumptions.length
    ? d.assumptions.map((a) => `<li><code>${escapeHtml(a.id)}</code>: ${escapeHtml(a.reason)}</li>`).join('')
    : '<li>none (the docs are explicit here)</li>';
  const shape = (a: AnswerSummary) => `<pre>${escapeHtml(shapeLines(a).join('\n'))}</pre>`;
  return `<section class="divergence" data-scenario="${escapeHtml(d.scenario)}" data-step="${d.step}">
<h3>${escapeHtml(`${d.scenario}, step ${d.step} (${d.operationId})`)}</h3>
<ul>${diffs}</ul>
${d.bothAllowed ? `<p class="both-allowed">Both answers are documented ones: ${escapeHtml(d.bothAllowed)}.</p>\n` : ''}<p>Assumptions behind it:</p><ul class="assumptions">${behind}</ul>
<pre>${escapeHtml(d.curl)}</pre>
<table><tr><th>target: ${escapeHtml(answerLine(d.target))}</th><th>mock: ${escapeHtml(answerLine(d.mock))}</th></tr><tr><td>${shape(d.target)}</td><td>${shape(d.mock)}</td></tr></table>
</section>`;
}

/** The report as one static HTML page. */
export function driftHtml(report: DriftReport): string {
  const rows = report.scenarios.map(
    (s) =>
      `<tr class="${s.skipped ? 'not-exercised' : s.divergences ? 'contradicted' : 'confirmed'}"><td>${escapeHtml(s.name)}</td><td>${s.source}</td><td>${s.steps}</td><td>${s.skipped ? `skipped: ${escapeHtml(s.skipped)}` : s.divergences}</td></tr>`,
  );
  const body = [
    `<p class="summary">${escapeHtml(driftSummaryLine(report))}</p>`,
    `<p>Target: ${escapeHtml(report.target.baseURL)}</p>`,
    `<table><tr><th>scenario</th><th>source</th><th>steps</th><th>divergent steps</th></tr>\n${rows.join('\n')}\n</table>`,
    report.divergences.length ? `<h2>Divergences</h2>\n${report.divergences.map(divergenceHtml).join('\n')}` : '',
    report.notes.length
      ? `<h2>Notes</h2><ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
      : '',
    report.served ? servedHtml(report.served, 'drift.md') : '',
  ];
  return htmlPage('Drift between the API and the mock', body.filter(Boolean).join('\n'));
}

/** Writes drift.json, drift.md and drift.html into `dir`. */
export function writeDriftReport(report: DriftReport, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'drift.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'drift.md'), driftMarkdown(report));
  writeFileSync(join(dir, 'drift.html'), driftHtml(report));
}
