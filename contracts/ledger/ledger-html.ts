// assumptions.html: the summary, then what a reader acts on first: the contradicted statements, each
// with what broke it and a curl line, and the statements not exercised, one line each; the confirmed
// ones follow as a compact table (their replay line folded away), then the grid of run outcomes.
import { escapeHtml, htmlPage } from '../lib/html-page.ts';
import type { Ledger, LedgerEntry } from './build-ledger.ts';
import { exampleLabel, summaryLine } from './build-ledger.ts';
import type { CellState, CoverageGrid } from './coverage-grid.ts';
import { SHOWN_CONTRADICTIONS } from './ledger-markdown.ts';
import {
  allSites,
  entriesOf,
  notExercisedWhy,
  sectionHeading,
  sitesText,
  VERDICT_MEANING,
  VERDICT_ORDER,
} from './ledger-words.ts';
import { servedHtml } from './served-html.ts';

const CELL_CLASS: Record<CellState, string> = {
  'documented, seen': 'seen',
  'documented, not seen': 'not-seen',
  'seen, not documented': 'undocumented',
};

const STYLE = `<style>
.entry { border-left: 4px solid #d9534f; padding: 2px 0 2px 12px; margin: 0.8em 0; }
.entry p { margin: 0.25em 0; }
.entry pre { background: #f6f6f6; padding: 4px 6px; margin: 2px 0 6px; }
table.compact { width: 100%; }
table.compact tr { background: none; }
table.compact tr.not-exercised td:first-child { border-left: 4px solid #999; }
table.compact tr.confirmed td:first-child { border-left: 4px solid #5cb85c; }
table.compact code { font-size: 11px; }
.meaning { color: #444; margin-top: -0.5em; }
.where { color: #666; font-size: 0.9em; }
details summary { cursor: pointer; color: #555; font-size: 0.9em; }
h2 { margin-top: 1.6em; }
</style>`;

/** The id, and where the statement applies (every site when the reader opens the details). */
function statement(e: LedgerEntry): string {
  const short = sitesText(e);
  const where =
    short === allSites(e)
      ? `<span class="where">${escapeHtml(short)}</span>`
      : `<details><summary>${escapeHtml(short)}</summary><span class="where">${escapeHtml(allSites(e))}</span></details>`;
  return `<code>${escapeHtml(e.id)}</code><br>${escapeHtml(e.reason)}<br>${where}`;
}

function contradictedEntry(e: LedgerEntry): string {
  const broken = e.contradictions
    .slice(0, SHOWN_CONTRADICTIONS)
    .map(
      (c) =>
        `<p><strong>${escapeHtml(c.title)}</strong>${c.pointer ? ` at <code>${escapeHtml(c.pointer)}</code>` : ''} (${escapeHtml(exampleLabel(c))}, “${escapeHtml(c.test)}”): ${escapeHtml(c.message)}</p>${c.curl ? `<pre>${escapeHtml(c.curl)}</pre>` : ''}`,
    )
    .join('\n');
  const more =
    e.contradictions.length > SHOWN_CONTRADICTIONS
      ? `<p>and ${e.contradictions.length - SHOWN_CONTRADICTIONS} more in assumptions.json</p>`
      : '';
  const agreed = e.agreed > 0 ? `<p class="where">${e.agreed} other response(s) agreed with it.</p>` : '';
  return `<div class="entry contradicted-entry" data-id="${escapeHtml(e.id)}" data-verdict="contradicted">
<p>${statement(e)}</p>
${broken}${more}${agreed}
</div>`;
}

function notExercisedRow(e: LedgerEntry): string {
  return `<tr class="not-exercised" data-id="${escapeHtml(e.id)}" data-verdict="not exercised"><td>${statement(e)}</td><td>${escapeHtml(notExercisedWhy(e))}</td></tr>`;
}

function confirmedRow(e: LedgerEntry): string {
  const example = e.example;
  const replay = example?.curl
    ? `<details><summary>replay one</summary><pre>${escapeHtml(example.curl)}</pre></details>`
    : '';
  const seen = example ? `${escapeHtml(exampleLabel(example))} in “${escapeHtml(example.test)}”` : '';
  return `<tr class="confirmed" data-id="${escapeHtml(e.id)}" data-verdict="confirmed"><td>${statement(e)}</td><td>${e.agreed}</td><td>${seen}${replay}</td></tr>`;
}

function section(ledger: Ledger, verdict: (typeof VERDICT_ORDER)[number]): string {
  const entries = entriesOf(ledger.assumptions, verdict);
  if (entries.length === 0) return '';
  const head = `<h2>${escapeHtml(sectionHeading(verdict, entries.length))}</h2>\n<p class="meaning">${escapeHtml(VERDICT_MEANING[verdict])}</p>`;
  if (verdict === 'contradicted') return `${head}\n${entries.map(contradictedEntry).join('\n')}`;
  if (verdict === 'not exercised')
    return `${head}\n<table class="compact"><tr><th>statement</th><th>why not</th></tr>\n${entries.map(notExercisedRow).join('\n')}\n</table>`;
  return `${head}\n<table class="compact"><tr><th>statement</th><th>agreed</th><th>for example</th></tr>\n${entries.map(confirmedRow).join('\n')}\n</table>`;
}

/** The coverage grid as a table of coloured cells (the picture of what the run showed). */
export function gridTable(grid: CoverageGrid): string {
  const head = `<tr><th>status</th><th>error_code</th>${grid.operations.map((op) => `<th>${escapeHtml(op)}</th>`).join('')}</tr>`;
  const rows = grid.rows.map((row) => {
    const cells = grid.operations.map((op) => {
      const state = row.cells[op];
      return state === undefined
        ? '<td></td>'
        : `<td class="${CELL_CLASS[state]}" title="${escapeHtml(state)}">${escapeHtml(state)}</td>`;
    });
    return `<tr data-status="${row.status}" data-error-code="${escapeHtml(row.errorCode ?? '')}"><td>${row.status}</td><td>${escapeHtml(row.errorCode ?? '')}</td>${cells.join('')}</tr>`;
  });
  const legend =
    '<p class="legend"><span class="seen">documented, seen</span><span class="not-seen">documented, not seen</span><span class="undocumented">seen, not documented</span></p>';
  return `${legend}\n<table class="grid">\n${head}\n${rows.join('\n')}\n</table>`;
}

/** The ledger as one static HTML page: summary, contradicted, not exercised, confirmed, then the grid. */
export function ledgerHtml(ledger: Ledger): string {
  const body = [
    STYLE,
    `<p class="summary">${escapeHtml(summaryLine(ledger))}</p>`,
    ledger.target.baseURL ? `<p>Target: ${escapeHtml(ledger.target.baseURL)}</p>` : '',
    ...VERDICT_ORDER.map((verdict) => section(ledger, verdict)),
    '<h2>Outcomes of the run endpoints</h2>',
    gridTable(ledger.grid),
    ledger.served ? servedHtml(ledger.served, 'assumptions.md') : '',
  ];
  return htmlPage('Assumption ledger', body.filter(Boolean).join('\n'));
}
