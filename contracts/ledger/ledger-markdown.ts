// assumptions.md: the ledger for a reader of a run's Markdown: the summary line, the contradicted statements
// in full (what broke each, with a curl line), those not exercised and the confirmed ones as compact
// tables, then the grid of the run endpoints' outcomes.
import { servedMarkdown } from '../openapi-diff/served-report.ts';
import type { Ledger, LedgerEntry } from './build-ledger.ts';
import { exampleLabel, summaryLine } from './build-ledger.ts';
import {
  entriesOf,
  notExercisedWhy,
  sectionHeading,
  sitesText,
  VERDICT_MEANING,
  VERDICT_ORDER,
} from './ledger-words.ts';

/** At most this many contradictions are listed per statement; the JSON has them all. */
export const SHOWN_CONTRADICTIONS = 5;

/** A table cell: one line, no pipe. */
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function contradicted(entry: LedgerEntry): string[] {
  const out = [`### \`${entry.id}\``, '', entry.reason, '', `Applies to ${sitesText(entry)}.`, ''];
  for (const c of entry.contradictions.slice(0, SHOWN_CONTRADICTIONS)) {
    out.push(
      `- **${c.title}**${c.pointer ? ` at \`${c.pointer}\`` : ''} (${exampleLabel(c)}, "${c.test}"): ${c.message}`,
    );
    if (c.curl) out.push('', '  ```sh', `  ${c.curl}`, '  ```');
  }
  if (entry.contradictions.length > SHOWN_CONTRADICTIONS)
    out.push(`- and ${entry.contradictions.length - SHOWN_CONTRADICTIONS} more in assumptions.json`);
  if (entry.agreed > 0) out.push('', `${entry.agreed} other response(s) agreed with it.`);
  out.push('');
  return out;
}

/** The ledger as Markdown: the summary line; the contradicted statements in full; those not exercised and the confirmed ones as compact tables; the grid. */
export function ledgerMarkdown(ledger: Ledger): string {
  const lines = ['# Assumption ledger', '', `**${summaryLine(ledger)}**`, ''];
  if (ledger.target.baseURL) lines.push(`Target: ${ledger.target.baseURL}`, '');
  for (const verdict of VERDICT_ORDER) {
    const entries = entriesOf(ledger.assumptions, verdict);
    if (entries.length === 0) continue;
    lines.push(`## ${sectionHeading(verdict, entries.length)}`, '', VERDICT_MEANING[verdict], '');
    if (verdict === 'contradicted') lines.push(...entries.flatMap(contradicted));
    else if (verdict === 'not exercised') {
      lines.push('| statement | reason | applies to | why not |', '|---|---|---|---|');
      for (const e of entries)
        lines.push(`| \`${e.id}\` | ${cell(e.reason)} | ${cell(sitesText(e))} | ${notExercisedWhy(e)} |`);
      lines.push('');
    } else {
      lines.push('| statement | reason | agreed | for example |', '|---|---|---:|---|');
      for (const e of entries)
        lines.push(
          `| \`${e.id}\` | ${cell(e.reason)} | ${e.agreed} | ${e.example ? cell(`${exampleLabel(e.example)} in "${e.example.test}"`) : ''} |`,
        );
      lines.push(
        '',
        'A curl line that replays each confirmed statement is in assumptions.json and on assumptions.html.',
        '',
      );
    }
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
