// What first contact found about the API's own OpenAPI document, and how reports say it: one line
// for the terminal, one line on how to bring our statements in line, and a Markdown section for
// the ledger and the drift report that groups the findings by the statement of ours they bear on.
import type { ServedFinding } from './compare-documents.ts';

/** What first contact found: the document and what differs, or where none was served. */
export type ServedComparison =
  | { served: true; url: string; title?: string; version?: string; findings: ServedFinding[] }
  | { served: false; tried: Array<{ url: string; answer: string }> };

/** Findings grouped by the statement of ours they bear on, in the order first met. */
export interface StatementGroup {
  statement: ServedFinding['statement'];
  bearing: ServedFinding['bearing'];
  findings: ServedFinding[];
}

/** Groups the findings of one bearing by statement. */
export function groupByStatement(findings: ServedFinding[], bearing: ServedFinding['bearing']): StatementGroup[] {
  const groups = new Map<string, StatementGroup>();
  for (const f of findings.filter((x) => x.bearing === bearing)) {
    const key = `${f.statement.pointer} ${f.statement.what} ${f.aspect} ${f.said}`;
    const group = groups.get(key) ?? { statement: f.statement, bearing, findings: [] };
    group.findings.push(f);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** How many statements each bearing touches. */
function counts(c: Extract<ServedComparison, { served: true }>) {
  return {
    contradicts: groupByStatement(c.findings, 'contradicts').length,
    adds: groupByStatement(c.findings, 'adds').length,
    confirms: groupByStatement(c.findings, 'confirms').length,
  };
}

/** The one line a run prints about the API's own document. */
export function firstContactLine(c: ServedComparison): string {
  if (!c.served)
    return `The API serves no OpenAPI document (${c.tried.map((t) => `GET ${t.url}: ${t.answer}`).join('; ')}); the contract's statements stay as the docs pages give them.`;
  const n = counts(c);
  if (n.contradicts + n.adds === 0)
    return `The API serves its own OpenAPI document (${c.url}): it agrees with contracts/openapi.yaml on operations, parameters, statuses, fields, required fields and nullability${n.confirms ? `, and confirms ${n.confirms} of our assumptions` : ''}.`;
  return `The API serves its own OpenAPI document (${c.url}): it contradicts ${n.contradicts} statement(s) of contracts/openapi.yaml, says ${n.adds} thing(s) ours does not, and confirms ${n.confirms} of our assumptions.`;
}

/** The one line on how to bring our statements in line; undefined when nothing differs. */
export function alignLine(c: ServedComparison, reportPath: string): string | undefined {
  if (!c.served) return undefined;
  const n = counts(c);
  if (n.contradicts + n.adds === 0) return undefined;
  return `To bring contracts/openapi.yaml in line with it: edit the ${n.contradicts + n.adds} statement(s) that ${reportPath} lists under "The API's own OpenAPI document" (each by its JSON pointer, with what their document says), keep x-source or x-assumed on each, then npm run generate.`;
}

function findingLine(f: ServedFinding): string {
  return `${f.operation}${f.operationId ? ` (${f.operationId})` : ''}, ${f.where}: ${f.said}`;
}

/** The section of the ledger and the drift report. */
export function servedMarkdown(c: ServedComparison, reportPath: string): string[] {
  const lines = ["## The API's own OpenAPI document", '', firstContactLine(c), ''];
  if (!c.served) return lines;
  const align = alignLine(c, reportPath);
  if (align) lines.push(align, '');
  const titles = {
    contradicts: 'Contradicts our statement',
    adds: 'Says what ours does not',
    confirms: 'Confirms our assumption',
  } as const;
  for (const bearing of ['contradicts', 'adds', 'confirms'] as const) {
    const groups = groupByStatement(c.findings, bearing);
    if (groups.length === 0) continue;
    lines.push(`### ${titles[bearing]} (${groups.length})`, '');
    for (const g of groups) {
      const s = g.statement;
      lines.push(`- \`${s.pointer}\` (${s.what}; ${s.basis}: ${s.why})`);
      for (const f of g.findings.slice(0, 5)) lines.push(`  - ${findingLine(f)}`);
      if (g.findings.length > 5) lines.push(`  - and ${g.findings.length - 5} more places`);
    }
    lines.push('');
  }
  return lines;
}
