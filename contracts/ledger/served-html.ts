// The section of the HTML reports (the ledger, the drift report) about the API's own OpenAPI
// document: the Markdown section's content, as headings and lists.
import { escapeHtml } from '../lib/html-page.ts';
import { type ServedComparison, servedMarkdown } from '../openapi-diff/served-report.ts';

/** The section as HTML: `##`/`###` lines become headings, `-` lines list items, the rest paragraphs. */
export function servedHtml(c: ServedComparison, reportPath: string): string {
  const out: string[] = [];
  let open = 0;
  const close = (depth: number) => {
    while (open > depth) {
      out.push('</ul>');
      open -= 1;
    }
  };
  for (const line of servedMarkdown(c, reportPath)) {
    const item = /^( *)- (.*)$/.exec(line);
    if (item) {
      const depth = (item[1]?.length ?? 0) / 2 + 1;
      while (open < depth) {
        out.push('<ul>');
        open += 1;
      }
      close(depth);
      out.push(`<li>${escapeHtml(item[2] ?? '').replace(/`([^`]+)`/g, '<code>$1</code>')}</li>`);
      continue;
    }
    close(0);
    if (line.startsWith('### ')) out.push(`<h3>${escapeHtml(line.slice(4))}</h3>`);
    else if (line.startsWith('## ')) out.push(`<h2>${escapeHtml(line.slice(3))}</h2>`);
    else if (line.trim() !== '') out.push(`<p>${escapeHtml(line)}</p>`);
  }
  close(0);
  return `<section id="served-openapi">\n${out.join('\n')}\n</section>`;
}
