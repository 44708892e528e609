import { escapeHtml, htmlPage } from '../lib/html-page.ts';
import type { Ledger, LedgerEntry } from './build-ledger.ts';
import { exampleLabel, summaryLine } from './build-ledger.ts';
import type { CellState, CoverageGrid } from './coverage-grid.ts';
import { SHOWN_CONTRADICTIONS } from './ledger-markdown.ts';
import { servedHtml } from './served-html.ts';

const CELL_CLASS: Record<CellState, string> = {
  'documented, seen': 'seen',
  'documented, not seen': 'not-seen',
  'seen, not documented': 'undocumented',
};

function evidenceCell(e: LedgerEntry): string {
  const parts: string[] = [];
  if (e.agreed > 0 && e.example) {
    parts.push(
      `<p>agreed ${e.agreed} time(s), e.g. ${escapeHtml(exampleLabel(e.example))} in “${escapeHtml(e.example.test)}”</p>`,
    );
    if (e.example.curl) parts.push(`<pre>${escapeHtml(e.example.curl)}</pre>`);
  }
  for (const c of e.contradictions.slice(0, SHOWN_CONTRADICTIONS)) {
    parts.push(
      `<p><strong>${escapeHtml(c.title)}</strong>${c.pointer ? ` at <code>${escapeHtml(c.pointer)}</code>` : ''} (${escapeHtml(exampleLabel(c))}, “${escapeHtml(c.test)}”): ${escapeHtml(c.message)}</p>`,
    );
    if (c.curl) parts.push(`<pre>${escapeHtml(c.curl)}</pre>`);
  }
  if (e.contradictions.length > SHOWN_CONTRADICTIONS)
    parts.push(`<p>and ${e.contradictions.length - SHOWN_CONTRADICTIONS} more in assumptions.json</p>`);
  return parts.join('\n');
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

/** The ledger as one static HTML page: summary, one row per statement, then the grid. */
export function ledgerHtml(ledger: Ledger): string {
  // Contradicted first: that is what a reader of a first live run needs to act on.
  const order = ['contradicted', 'confirmed', 'not exercised'];
  const sorted = [...ledger.assumptions].sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict));
  const rows = sorted.map((e) => {
    const where = e.sites
      .map((s) => (s.status === undefined ? s.operationId : `${s.operationId} ${s.status}`))
      .join(', ');
    const cls = e.verdict.replace(' ', '-');
    return `<tr class="${cls}" data-id="${escapeHtml(e.id)}" data-verdict="${escapeHtml(e.verdict)}"><td>${escapeHtml(e.verdict)}</td><td><code>${escapeHtml(e.id)}</code><br>${escapeHtml(e.reason)}<br><small>scope ${escapeHtml(e.scope)}; ${escapeHtml(where)}</small></td><td>${evidenceCell(e)}</td></tr>`;
  });
  const body = [
    `<p class="summary">${escapeHtml(summaryLine(ledger))}</p>`,
    ledger.target.baseURL ? `<p>Target: ${escapeHtml(ledger.target.baseURL)}</p>` : '',
    '<h2>Assumptions</h2>',
    `<table class="ledger">\n<tr><th>verdict</th><th>assumption</th><th>evidence</th></tr>\n${rows.join('\n')}\n</table>`,
    '<h2>Outcomes of the run endpoints</h2>',
    gridTable(ledger.grid),
    ledger.served ? servedHtml(ledger.served, 'assumptions.md') : '',
  ];
  return htmlPage('Assumption ledger', body.filter(Boolean).join('\n'));
}
