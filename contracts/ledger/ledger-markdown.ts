import { servedMarkdown } from '../openapi-diff/served-report.ts';
import type { Ledger, LedgerEntry } from './build-ledger.ts';
import { exampleLabel, summaryLine } from './build-ledger.ts';

/** At most this many contradictions are listed per statement; the JSON has them all. */
export const SHOWN_CONTRADICTIONS = 5;

function sites(entry: LedgerEntry): string {
  return entry.sites.map((s) => (s.status === undefined ? s.operationId : `${s.operationId} ${s.status}`)).join(', ');
}

function evidence(entry: LedgerEntry): string[] {
  if (entry.verdict === 'not exercised') {
    if (entry.scope === 'operation') return ['- no single response shows this: it is about the behaviour across calls'];
    if (entry.scope === 'request') return ['- no request that carried this was accepted in this run'];
    return ['- no response of this run tested this promise'];
  }
  const out: string[] = [];
  if (entry.agreed > 0 && entry.example) {
    out.push(
      `- agreed ${entry.agreed} time(s), for example ${exampleLabel(entry.example)} in "${entry.example.test}":`,
    );
    if (entry.example.curl) out.push('', '  ```sh', `  ${entry.example.curl}`, '  ```');
  }
  for (const c of entry.contradictions.slice(0, SHOWN_CONTRADICTIONS)) {
    out.push(
      `- **${c.title}**${c.pointer ? ` at \`${c.pointer}\`` : ''} (${exampleLabel(c)}, "${c.test}"): ${c.message}`,
    );
    if (c.curl) out.push('', '  ```sh', `  ${c.curl}`, '  ```');
  }
  if (entry.contradictions.length > SHOWN_CONTRADICTIONS)
    out.push(`- and ${entry.contradictions.length - SHOWN_CONTRADICTIONS} more in assumptions.json`);
  return out;
}

/** The ledger as Markdown: the summary line, then contradicted, confirmed and not exercised statements. */
export function ledgerMarkdown(ledger: Ledger): string {
  const lines = ['# Assumption ledger', '', `**${summaryLine(ledger)}**`, ''];
  if (ledger.target.baseURL) lines.push(`Target: ${ledger.target.baseURL}`, '');
  for (const verdict of ['contradicted', 'confirmed', 'not exercised'] as const) {
    const entries = ledger.assumptions.filter((e) => e.verdict === verdict);
    if (entries.length === 0) continue;
    lines.push(`## ${verdict[0]?.toUpperCase()}${verdict.slice(1)} (${entries.length})`, '');
    for (const e of entries)
      lines.push(
        `### \`${e.id}\``,
        '',
        `${e.reason}`,
        '',
        `Scope \`${e.scope}\`; applies to ${sites(e)}.`,
        '',
        ...evidence(e),
        '',
      );
  }
  lines.push(
    '## Outcomes of the run endpoints',
    '',
    `| status | error_code | ${ledger.grid.operations.join(' | ')} |`,
    `|---|---|${ledger.grid.operations.map(() => '---|').join('')}`,
  );
  for (const row of ledger.grid.rows)
    lines.push(
      `| ${row.status} | ${row.errorCode ?? ''} | ${ledger.grid.operations.map((op) => row.cells[op] ?? '').join(' | ')} |`,
    );
  if (ledger.served) lines.push('', ...servedMarkdown(ledger.served, 'assumptions.md'));
  return `${lines.join('\n')}\n`;
}
