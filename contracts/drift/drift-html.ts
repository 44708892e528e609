// drift.html: the same story as drift.md on one static page: the summary, the divergences by kind,
// the kinds where the docs allow both answers apart, then the scenarios, and what the API's own
// OpenAPI document says otherwise than ours.
import { servedHtml } from '../ledger/served-html.ts';
import { escapeHtml, htmlPage } from '../lib/html-page.ts';
import {
  answerLine,
  assumptionsLabel,
  BOTH_ALLOWED_INTRO,
  DIVERGENCES_INTRO,
  type DivergenceKind,
  divergenceKinds,
  kindTitle,
  NO_ASSUMPTION,
  operationsText,
  otherSteps,
  sectionTitle,
  shortCurl,
  stepCount,
} from './divergence-kinds.ts';
import type { DriftReport } from './drift-report.ts';
import { comparedLine, driftCounts, driftSummaryLine } from './drift-summary.ts';

function shapeText(shape: Record<string, string>): string {
  return Object.entries(shape)
    .map(([path, type]) => `${path || '(root)'}: ${type}`)
    .join('\n');
}

function kindHtml(kind: DivergenceKind, index: number): string {
  const assumptions = kind.assumptions.length
    ? `<p>${assumptionsLabel(kind)}:</p><ul class="assumptions">${kind.assumptions.map((a) => `<li><code>${escapeHtml(a.id)}</code>: ${escapeHtml(a.reason)}</li>`).join('')}</ul>`
    : kind.bothAllowed
      ? ''
      : `<p class="no-assumption">${escapeHtml(NO_ASSUMPTION)}</p>`;
  const allowed = kind.allowedBecause.map((why) => `<li>${escapeHtml(why)}</li>`).join('');
  const examples = kind.examples
    .map(
      (e) =>
        `<li><span class="step">${escapeHtml(`${e.scenario}, step ${e.step} (${e.operationId})`)}</span>: target ${escapeHtml(answerLine(e.target))}; mock ${escapeHtml(answerLine(e.mock))}<pre>${escapeHtml(shortCurl(e.curl, e.entry))}</pre></li>`,
    )
    .join('\n');
  const first = kind.examples[0];
  const shapes = first
    ? `<details><summary>both shapes at the first step</summary><table><tr><th>target</th><th>mock</th></tr><tr><td><pre>${escapeHtml(shapeText(first.target.shape))}</pre></td><td><pre>${escapeHtml(shapeText(first.mock.shape))}</pre></td></tr></table></details>`
    : '';
  const rest = otherSteps(kind);
  const more = rest ? `<p class="more">${escapeHtml(rest)}</p>` : '';
  return `<section class="kind${kind.bothAllowed ? ' both-allowed' : ''}" data-count="${kind.count}">
<h3><span class="count">${stepCount(kind.count)}</span> ${index + 1}. ${escapeHtml(kindTitle(kind))}</h3>
<p>Seen on ${escapeHtml(operationsText(kind))}.</p>
${allowed ? `<ul class="allowed">${allowed}</ul>\n` : ''}${assumptions}
<ol class="examples">${examples}</ol>
${more}${shapes}
</section>`;
}

const STYLE = `<style>
.kind { border-left: 4px solid #d9534f; padding: 0 0 0 12px; margin: 1.2em 0; }
.kind.both-allowed { border-left-color: #999; }
.kind h3 { margin: 0.2em 0; font-size: 1.05em; }
.kind .count { display: inline-block; min-width: 5.5em; font-weight: normal; color: #555; }
.kind p, .kind ul, .kind ol { margin: 0.3em 0; }
.examples li { margin: 0.4em 0; }
.examples pre { background: #f6f6f6; padding: 4px 6px; margin-top: 2px; }
.step { font-weight: bold; }
.intro { color: #444; }
</style>`;

/** The report as one static HTML page. */
export function driftHtml(report: DriftReport): string {
  const kinds = divergenceKinds(report.divergences);
  const { divergent, allowed } = driftCounts(report);
  const rows = report.scenarios.map(
    (s) =>
      `<tr class="${s.skipped ? 'not-exercised' : s.divergences ? 'contradicted' : 'confirmed'}"><td>${escapeHtml(s.name)}</td><td>${s.source}</td><td>${s.steps}</td><td>${s.skipped ? `skipped: ${escapeHtml(s.skipped)}` : s.divergences}</td></tr>`,
  );
  const section = (title: string, intro: string, of: DivergenceKind[]) =>
    `<h2>${escapeHtml(title)}</h2>\n<p class="intro">${escapeHtml(intro)}</p>\n${of.map(kindHtml).join('\n')}`;
  const body = [
    STYLE,
    `<p class="summary">${escapeHtml(driftSummaryLine(report))}</p>`,
    `<p>${escapeHtml(comparedLine(report))}</p>`,
    divergent.steps > 0
      ? section(
          sectionTitle(false, divergent),
          DIVERGENCES_INTRO,
          kinds.filter((k) => !k.bothAllowed),
        )
      : '',
    allowed.steps > 0
      ? section(
          sectionTitle(true, allowed),
          BOTH_ALLOWED_INTRO,
          kinds.filter((k) => k.bothAllowed),
        )
      : '',
    `<h2>Scenarios</h2>\n<table><tr><th>scenario</th><th>source</th><th>steps</th><th>divergent steps</th></tr>\n${rows.join('\n')}\n</table>`,
    report.notes.length
      ? `<h2>Notes</h2><ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
      : '',
    report.served ? servedHtml(report.served, 'drift.md') : '',
  ];
  return htmlPage('Drift between the API and the mock', body.filter(Boolean).join('\n'));
}
